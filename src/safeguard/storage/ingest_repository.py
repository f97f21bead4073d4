"""SQL repositories of the ingestion API: tokens, streams and their messages, idempotency keys
and monitoring-product alerts. They work inside the caller's session (one transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from safeguard.storage.ingest_tables import (
    ApiTokenRow,
    IdempotencyRow,
    MonitoringAlertRow,
    StreamMessageRow,
    StreamRow,
)


@dataclass(frozen=True, slots=True)
class StoredToken:
    """A source token as stored: its id, source, scopes and state, never the secret."""

    id: str
    source: str
    scopes: tuple[str, ...]
    note: str
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StreamKey:
    """A stream: one source's conversation, or one dyad of it (``dyad`` empty strings if not)."""

    source: str
    conversation_id: str
    dyad_a: str = ""
    dyad_b: str = ""


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message as the stream received it."""

    position: int
    message_id: str
    sender: str
    text: str
    recipient: str | None = None
    sent_at: datetime | None = None
    attachments: list[Any] | None = None


def _token(row: ApiTokenRow) -> StoredToken:
    return StoredToken(
        id=row.id,
        source=row.source,
        scopes=tuple(row.scopes.split()),
        note=row.note,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


class SqlTokenRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, token: StoredToken, token_hash: str) -> None:
        self.session.add(
            ApiTokenRow(
                id=token.id,
                source=token.source,
                scopes=" ".join(token.scopes),
                token_hash=token_hash,
                note=token.note,
                created_at=token.created_at,
                revoked_at=token.revoked_at,
            )
        )

    def by_hash(self, token_hash: str) -> StoredToken | None:
        row = self.session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
        return _token(row) if row is not None else None

    def get(self, token_id: str) -> StoredToken | None:
        row = self.session.get(ApiTokenRow, token_id)
        return _token(row) if row is not None else None

    def revoke(self, token_id: str, at: datetime) -> bool:
        """Mark the token revoked; False if there is no such token or it already was."""
        result = self.session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    def list(self, source: str | None = None) -> Sequence[StoredToken]:
        query = select(ApiTokenRow).order_by(ApiTokenRow.source, ApiTokenRow.created_at)
        if source is not None:
            query = query.where(ApiTokenRow.source == source)
        return [_token(row) for row in self.session.scalars(query)]


class SqlStreamRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _where(self, key: StreamKey) -> Any:
        return (
            (StreamRow.source == key.source)
            & (StreamRow.conversation_id == key.conversation_id)
            & (StreamRow.dyad_a == key.dyad_a)
            & (StreamRow.dyad_b == key.dyad_b)
        )

    def get(self, key: StreamKey) -> StreamRow | None:
        return self.session.scalar(select(StreamRow).where(self._where(key)))

    def lock(self, key: StreamKey, empty: dict[str, Any], now: datetime) -> StreamRow:
        """The stream's row, created if new, locked until the transaction ends."""
        query = select(StreamRow).where(self._where(key)).with_for_update()
        row = self.session.scalar(query)
        if row is not None:
            return row
        values = {
            "source": key.source,
            "conversation_id": key.conversation_id,
            "dyad_a": key.dyad_a,
            "dyad_b": key.dyad_b,
            "platform": None,
            "participants": [],
            "findings": empty["findings"],
            "assessment": empty["assessment"],
            "risk": empty["risk"],
            "message_count": 0,
            "version": 0,
            "alerted_rank": 0,
            "created_at": now,
            "updated_at": now,
        }
        dialect = self.session.get_bind().dialect.name
        builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = builder(StreamRow).values(**values).on_conflict_do_nothing()
        self.session.execute(statement)
        row = self.session.scalar(query)
        if row is None:  # pragma: no cover - the insert or a concurrent one made it
            raise RuntimeError("stream row vanished while being created")
        return row

    def existing(self, stream_id: int, message_ids: Iterable[str]) -> dict[str, StoredMessage]:
        """The stored messages among ``message_ids``, by id."""
        ids = list(dict.fromkeys(message_ids))
        if not ids:
            return {}
        rows = self.session.execute(
            select(
                StreamMessageRow.position,
                StreamMessageRow.message_id,
                StreamMessageRow.sender,
                StreamMessageRow.text,
            ).where(StreamMessageRow.stream_id == stream_id, StreamMessageRow.message_id.in_(ids))
        )
        return {
            r.message_id: StoredMessage(r.position, r.message_id, r.sender, r.text) for r in rows
        }

    def add_messages(self, stream_id: int, messages: Sequence[StoredMessage], at: datetime) -> None:
        if not messages:
            return
        self.session.execute(
            insert(StreamMessageRow),
            [
                {
                    "stream_id": stream_id,
                    "position": m.position,
                    "message_id": m.message_id,
                    "sender": m.sender,
                    "recipient": m.recipient,
                    "text": m.text,
                    "sent_at": m.sent_at,
                    "attachments": m.attachments,
                    "received_at": at,
                }
                for m in messages
            ],
        )

    def messages(self, stream_id: int) -> list[StoredMessage]:
        """Every message of the stream in arrival order."""
        rows = self.session.scalars(
            select(StreamMessageRow)
            .where(StreamMessageRow.stream_id == stream_id)
            .order_by(StreamMessageRow.position)
        )
        return [
            StoredMessage(
                r.position, r.message_id, r.sender, r.text, r.recipient, r.sent_at, r.attachments
            )
            for r in rows
        ]

    def message_count(self, source: str | None = None) -> int:
        """How many messages are stored (for one source, or in all)."""
        query = select(func.count()).select_from(StreamMessageRow)
        if source is not None:
            query = query.join(StreamRow, StreamRow.id == StreamMessageRow.stream_id).where(
                StreamRow.source == source
            )
        return int(self.session.scalar(query) or 0)

    def stored_ids(self, key: StreamKey) -> list[str]:
        """The message ids of one stream in arrival order (for checks and tests)."""
        row = self.get(key)
        if row is None:
            return []
        return list(
            self.session.scalars(
                select(StreamMessageRow.message_id)
                .where(StreamMessageRow.stream_id == row.id)
                .order_by(StreamMessageRow.position)
            )
        )


class SqlIdempotencyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, source: str, key: str) -> IdempotencyRow | None:
        return self.session.get(IdempotencyRow, (source, key))

    def add(
        self, source: str, key: str, request_hash: str, status: int, body: str, at: datetime
    ) -> None:
        self.session.add(
            IdempotencyRow(
                source=source,
                key=key,
                request_hash=request_hash,
                status_code=status,
                response=body,
                created_at=at,
            )
        )
        self.session.flush()


class SqlMonitoringRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_external(self, source: str, product: str, external_id: str) -> MonitoringAlertRow | None:
        return self.session.scalar(
            select(MonitoringAlertRow).where(
                MonitoringAlertRow.source == source,
                MonitoringAlertRow.product == product,
                MonitoringAlertRow.external_id == external_id,
            )
        )

    def add(self, row: MonitoringAlertRow) -> None:
        self.session.add(row)
