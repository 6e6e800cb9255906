"""Barcode scanners: serial, HID-POS and keyboard wedge, merged into one stream of ScanEvent."""
