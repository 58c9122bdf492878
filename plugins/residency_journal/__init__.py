"""Residency journals: a plain-Python model of day entries and the MkDocs plugin that publishes it."""

__version__ = "0.1.0"
