"""Electronic scales on a serial port: Масса-К «Протокол 100» (polled) and CAS 22-byte continuous output."""
