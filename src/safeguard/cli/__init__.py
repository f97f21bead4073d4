"""The ``safeguard`` command line."""
