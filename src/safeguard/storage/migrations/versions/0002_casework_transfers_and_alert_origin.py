"""casework: alert origin, outgoing CP-file transfers, signing key, append-only entries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:00:00

- ``alerts.origin`` names where an alert came from (the uploaded file, the API source, the
  monitoring product), beside ``alerts.source`` (concern / scan / api / monitoring).
- ``setting.signing_key`` is the root key each CP-file transfer's HMAC key is derived from.
- ``transfers_out`` tracks a CP file going to a child's new setting: the due date (PRACTICE.md
  B11: within 5 school days), what was sent and how, and the confirmation of receipt.
- ``case_entries`` becomes append-only in the database too: triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_REFUSE = "case_entries is append-only: add a correction as a new version instead"


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("signing_key", sa.String(length=128), nullable=False, server_default="")
        )
    op.create_table(
        "transfers_out",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("child_id", sa.String(length=32), nullable=False),
        sa.Column("new_setting", sa.String(length=300), nullable=False),
        sa.Column("move", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transfers_out", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transfers_out_child_id"), ["child_id"], unique=False)
        batch_op.create_index("ix_transfers_out_status_due", ["status", "due_on"], unique=False)
    _append_only_triggers()


def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION case_entries_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{_REFUSE}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER case_entries_append_only BEFORE UPDATE OR DELETE ON case_entries "
            "FOR EACH ROW EXECUTE FUNCTION case_entries_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER case_entries_no_{action.lower()} BEFORE {action} ON case_entries "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_entries_append_only ON case_entries")
        op.execute("DROP FUNCTION IF EXISTS case_entries_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS case_entries_no_update")
        op.execute("DROP TRIGGER IF EXISTS case_entries_no_delete")
    with op.batch_alter_table("transfers_out", schema=None) as batch_op:
        batch_op.drop_index("ix_transfers_out_status_due")
        batch_op.drop_index(batch_op.f("ix_transfers_out_child_id"))
    op.drop_table("transfers_out")
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.drop_column("signing_key")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("origin")
