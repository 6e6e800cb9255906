"""Pure domain rules: statuses, barcodes, money, errors. Imports nothing but the stdlib."""
