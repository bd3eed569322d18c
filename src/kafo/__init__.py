"""kafo: an open information system for joint cross-border operations
against illicit firearms trafficking."""

__version__ = "0.1.0"
