"""Storage adapter for the casework domain: SQLAlchemy 2 tables, repositories, unit of work.

SQLite file by default, PostgreSQL when ``SAFEGUARD_DATABASE_URL`` says so. The schema is
owned by the Alembic migrations in ``migrations/`` (shipped with the package).
"""
