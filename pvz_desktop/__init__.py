"""PVZ Desktop: the counter application of a parcel pickup point."""

__version__ = "0.1.0"
