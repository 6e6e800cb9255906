"""Hardware: barcode scanners and ESC/POS printers, with no Qt in them."""
