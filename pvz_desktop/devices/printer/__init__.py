"""ESC/POS printers: transports, code pages, status, layouts, print queue, decoder."""
