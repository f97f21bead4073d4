"""SQL repositories of the ingestion API: tokens, streams and their messages, idempotency keys
and monitoring-product alerts. They work inside the caller's session (one transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from safeguard.storage.ingest_tables import (
    ApiTokenRow,
    IdempotencyRow,
    MonitoringAlertRow,
    StreamMessageRow,
    StreamRow,
)

T = TypeVar("T")
_STREAMS = cast(Table, StreamRow.__table__)
_MESSAGES = cast(Table, StreamMessageRow.__table__)


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


@dataclass(slots=True)
class StreamState:
    """A stream's stored state, read under lock and written back with ``save_many``."""

    id: int
    key: StreamKey
    platform: str | None
    participants: list[Any]
    findings: dict[str, Any]
    assessment: dict[str, Any]
    risk: str
    message_count: int
    version: int
    alerted_rank: int
    last_alert_id: str | None
    updated_at: datetime


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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

    def lock(self, key: StreamKey, empty: dict[str, Any], now: datetime) -> StreamState:
        """One stream's state, created if new, locked until the transaction ends."""
        return self.lock_many([key], empty, now)[key]

    def lock_many(
        self, keys: Sequence[StreamKey], empty: dict[str, Any], now: datetime
    ) -> dict[StreamKey, StreamState]:
        """The streams' states, created if new, locked (in id order) until the transaction ends.

        ``empty`` gives a new stream's ``findings``, ``assessment`` and ``risk``.
        """
        wanted = list(dict.fromkeys(keys))
        found = self._select(wanted)
        missing = [k for k in wanted if k not in found]
        if missing:
            dialect = self.session.get_bind().dialect.name
            builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
            rows = [
                {
                    "source": k.source,
                    "conversation_id": k.conversation_id,
                    "dyad_a": k.dyad_a,
                    "dyad_b": k.dyad_b,
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
                for k in missing
            ]
            self.session.execute(builder(StreamRow).values(rows).on_conflict_do_nothing())
            found.update(self._select(missing))
        return found

    def _select(self, keys: Sequence[StreamKey]) -> dict[StreamKey, StreamState]:
        table = _STREAMS
        out: dict[StreamKey, StreamState] = {}
        for chunk in _chunks(keys, 200):
            columns = [c for c in table.c if c.name not in ("assessment", "created_at")]
            query = (
                select(*columns)
                .where(
                    tuple_(
                        table.c.source, table.c.conversation_id, table.c.dyad_a, table.c.dyad_b
                    ).in_([(k.source, k.conversation_id, k.dyad_a, k.dyad_b) for k in chunk])
                )
                .order_by(table.c.id)
                .with_for_update()
            )
            for r in self.session.execute(query):
                key = StreamKey(r.source, r.conversation_id, r.dyad_a, r.dyad_b)
                out[key] = StreamState(
                    id=r.id,
                    key=key,
                    platform=r.platform,
                    participants=r.participants,
                    findings=r.findings,
                    assessment={},  # not read: recomputed from the findings
                    risk=r.risk,
                    message_count=r.message_count,
                    version=r.version,
                    alerted_rank=r.alerted_rank,
                    last_alert_id=r.last_alert_id,
                    updated_at=r.updated_at,
                )
        return out

    def save_many(self, states: Sequence[StreamState]) -> None:
        """Write back the changed states (one statement for all)."""
        if not states:
            return
        table = _STREAMS
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                platform=bindparam("b_platform"),
                participants=bindparam("b_participants"),
                findings=bindparam("b_findings"),
                assessment=bindparam("b_assessment"),
                risk=bindparam("b_risk"),
                message_count=bindparam("b_message_count"),
                version=bindparam("b_version"),
                alerted_rank=bindparam("b_alerted_rank"),
                last_alert_id=bindparam("b_last_alert_id"),
                updated_at=bindparam("b_updated_at"),
            )
        )
        self.session.execute(
            statement,
            [
                {
                    "b_id": s.id,
                    "b_platform": s.platform,
                    "b_participants": s.participants,
                    "b_findings": s.findings,
                    "b_assessment": s.assessment,
                    "b_risk": s.risk,
                    "b_message_count": s.message_count,
                    "b_version": s.version,
                    "b_alerted_rank": s.alerted_rank,
                    "b_last_alert_id": s.last_alert_id,
                    "b_updated_at": s.updated_at,
                }
                for s in states
            ],
        )

    def existing(self, stream_id: int, message_ids: Iterable[str]) -> dict[str, StoredMessage]:
        """The stored messages among ``message_ids``, by id."""
        return self.existing_many({stream_id: list(message_ids)}).get(stream_id, {})

    def existing_many(self, wanted: dict[int, list[str]]) -> dict[int, dict[str, StoredMessage]]:
        """Per stream id, the stored messages among the given message ids."""
        pairs = sorted({(sid, mid) for sid, mids in wanted.items() for mid in mids})
        out: dict[int, dict[str, StoredMessage]] = {}
        table = _MESSAGES
        for chunk in _chunks(pairs, 500):
            rows = self.session.execute(
                select(
                    table.c.stream_id,
                    table.c.position,
                    table.c.message_id,
                    table.c.sender,
                    table.c.text,
                ).where(tuple_(table.c.stream_id, table.c.message_id).in_(chunk))
            )
            for r in rows:
                out.setdefault(r.stream_id, {})[r.message_id] = StoredMessage(
                    r.position, r.message_id, r.sender, r.text
                )
        return out

    def add_messages(self, stream_id: int, messages: Sequence[StoredMessage], at: datetime) -> None:
        self.add_messages_many([(stream_id, m) for m in messages], at)

    def add_messages_many(
        self, messages: Sequence[tuple[int, StoredMessage]], at: datetime
    ) -> None:
        """Insert (stream id, message) pairs in one statement."""
        if not messages:
            return
        self.session.execute(
            insert(_MESSAGES),
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
                for stream_id, m in messages
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

    def purge(self, before: datetime) -> int:
        """Forget keys stored before ``before``; how many were removed."""
        result = self.session.execute(
            delete(IdempotencyRow).where(IdempotencyRow.created_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)


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
