"""The Alembic migrations build the whole schema and take it down again, on both databases."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from safeguard.storage.migrate import current_revision, downgrade, head_revision, upgrade
from safeguard.storage.tables import Base


def test_when_migrated_then_every_mapped_table_and_column_exists(engine: Engine) -> None:
    inspector = inspect(engine)
    tables = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        assert table.name in tables
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    assert current_revision(engine) == head_revision(engine)


def test_when_downgraded_to_base_then_tables_go_and_upgrade_restores_them(engine: Engine) -> None:
    downgrade(engine, "base")
    remaining = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    upgrade(engine)
    assert "case_entries" in inspect(engine).get_table_names()
