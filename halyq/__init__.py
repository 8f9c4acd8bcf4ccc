"""Halyq: hears what residents of a city write, understands it, and routes it to the akimat."""

__version__ = "0.1.0"
