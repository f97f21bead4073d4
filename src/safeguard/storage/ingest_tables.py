"""Tables of the ingestion API: source tokens, conversation streams, messages, idempotency keys,
and alerts received from school monitoring products. Created by migration 0002."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safeguard.storage.tables import ID, Base, UtcDateTime


class ApiTokenRow(Base):
    """A source's API token: only the SHA-256 of the secret is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    source: Mapped[str] = mapped_column(String(80), index=True)
    scopes: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class StreamRow(Base):
    """One conversation (or one dyad of it) as it streams in, with its accumulated findings."""

    __tablename__ = "ingest_streams"
    __table_args__ = (
        UniqueConstraint("source", "conversation_id", "dyad_a", "dyad_b", name="uq_stream_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(80))
    conversation_id: Mapped[str] = mapped_column(String(200))
    dyad_a: Mapped[str] = mapped_column(String(200), default="")
    dyad_b: Mapped[str] = mapped_column(String(200), default="")
    platform: Mapped[str | None] = mapped_column(String(80), nullable=True)
    participants: Mapped[list[Any]] = mapped_column(JSON)
    findings: Mapped[dict[str, Any]] = mapped_column(JSON)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON)
    risk: Mapped[str] = mapped_column(String(20))
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    alerted_rank: Mapped[int] = mapped_column(Integer, default=0)
    last_alert_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StreamMessageRow(Base):
    """A message as received, in arrival order within its stream."""

    __tablename__ = "ingest_messages"
    __table_args__ = (UniqueConstraint("stream_id", "message_id", name="uq_stream_message"),)
    stream_id: Mapped[int] = mapped_column(ForeignKey("ingest_streams.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    message_id: Mapped[str] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str | None] = mapped_column(String(200), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    attachments: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IdempotencyRow(Base):
    """The response given to a request with an ``Idempotency-Key``, replayed on retry."""

    __tablename__ = "api_idempotency"
    source: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class MonitoringAlertRow(Base):
    """An alert a school monitoring product sent, linked to the alert it raised for the DSL."""

    __tablename__ = "monitoring_alerts"
    __table_args__ = (
        UniqueConstraint("source", "product", "external_id", name="uq_monitoring_external"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    product: Mapped[str] = mapped_column(String(120))
    external_id: Mapped[str] = mapped_column(String(200))
    child_ref: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    captured_text: Mapped[str] = mapped_column(Text, default="")
    observed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id"))
