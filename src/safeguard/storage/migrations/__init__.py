"""Alembic migrations of the Safeguard casework schema."""
