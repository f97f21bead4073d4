"""The detection core: pure functions and frozen data, no web app and no database.

Nothing under ``safeguard.core`` may import ``safeguard.web``, ``safeguard.storage`` or any
web/database framework; ``tests/test_architecture.py`` keeps it so.
"""
