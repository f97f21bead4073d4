"""ingestion API: source tokens, conversation streams and messages, idempotency, monitoring alerts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 13:00:00

- ``api_tokens``: per-source tokens with scopes; only the SHA-256 of each token is kept.
- ``ingest_streams``: one row per conversation (or dyad) with its accumulated findings and
  current assessment, so streaming resumes after a restart without re-scoring the history.
- ``ingest_messages``: every acknowledged message, in arrival order.
- ``api_idempotency``: the response given to each ``Idempotency-Key``, for replay.
- ``monitoring_alerts``: what a school monitoring product sent, linked to the alert raised.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_api_tokens_source", "api_tokens", ["source"], unique=False)

    op.create_table(
        "ingest_streams",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("dyad_a", sa.String(length=200), nullable=False),
        sa.Column("dyad_b", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=80), nullable=True),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("assessment", sa.JSON(), nullable=False),
        sa.Column("risk", sa.String(length=20), nullable=False),
        sa.Column("message_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("alerted_rank", sa.Integer(), nullable=False),
        sa.Column("last_alert_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "conversation_id", "dyad_a", "dyad_b", name="uq_stream_key"),
    )

    op.create_table(
        "ingest_messages",
        sa.Column("stream_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("sender", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["stream_id"], ["ingest_streams.id"]),
        sa.PrimaryKeyConstraint("stream_id", "position"),
        sa.UniqueConstraint("stream_id", "message_id", name="uq_stream_message"),
    )

    op.create_table(
        "api_idempotency",
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "key"),
    )
    op.create_index(
        "ix_api_idempotency_created_at", "api_idempotency", ["created_at"], unique=False
    )

    op.create_table(
        "monitoring_alerts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("product", sa.String(length=120), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("child_ref", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("captured_text", sa.Text(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alert_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "product", "external_id", name="uq_monitoring_external"),
    )


def downgrade() -> None:
    op.drop_table("monitoring_alerts")
    op.drop_index("ix_api_idempotency_created_at", table_name="api_idempotency")
    op.drop_table("api_idempotency")
    op.drop_table("ingest_messages")
    op.drop_table("ingest_streams")
    op.drop_index("ix_api_tokens_source", table_name="api_tokens")
    op.drop_table("api_tokens")
