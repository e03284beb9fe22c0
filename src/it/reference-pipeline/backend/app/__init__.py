"""Notes service: the backend of the Buildgate reference example (standard library only)."""

__version__ = "0.1.0"
