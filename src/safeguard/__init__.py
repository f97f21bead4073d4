"""Safeguard: detect online-abuse risks to children, guide the response, record and refer."""

__version__ = "0.1.0"
