"""The audit trail in SQL: events queued during a unit of work, chained and written on commit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from safeguard.casework.audit_chain import AuditRecord, ChainReport, record_hash, verify_chain
from safeguard.casework.events import AuditEvent
from safeguard.casework.records import Actor, Page
from safeguard.storage.tables import AuditEventRow, AuditHeadRow


class SqlAuditTrail:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._pending: list[tuple[Actor, AuditEvent, datetime]] = []

    def record(self, actor: Actor, event: AuditEvent) -> None:
        self._pending.append((actor, event, datetime.now(UTC)))

    @property
    def pending(self) -> int:
        return len(self._pending)

    def discard(self) -> None:
        self._pending.clear()

    def flush_chain(self) -> None:
        """Append the queued events to the chain; the caller commits the transaction."""
        if not self._pending:
            return
        head = self.session.scalar(
            select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
        )
        if head is None:
            raise RuntimeError("audit chain head missing: run the migrations")
        seq, prev = head.seq, head.hash
        for actor, event, at in self._pending:
            seq += 1
            at_text = at.isoformat(timespec="microseconds")
            details = event.details()
            digest = record_hash(
                prev,
                seq,
                at_text,
                actor.user_id,
                actor.role.value,
                event.name,
                event.subject_type,
                event.subject_id,
                event.child_id,
                details,
            )
            self.session.add(
                AuditEventRow(
                    seq=seq,
                    at=at_text,
                    actor_id=actor.user_id,
                    actor_role=actor.role.value,
                    event=event.name,
                    subject_type=event.subject_type,
                    subject_id=event.subject_id,
                    child_id=event.child_id,
                    details=details,
                    prev_hash=prev,
                    hash=digest,
                )
            )
            prev = digest
        head.seq, head.hash = seq, prev
        self._pending.clear()
        self.session.flush()

    @staticmethod
    def _record(row: AuditEventRow) -> AuditRecord:
        return AuditRecord(
            seq=row.seq,
            at=row.at,
            actor_id=row.actor_id,
            actor_role=row.actor_role,
            event=row.event,
            subject_type=row.subject_type,
            subject_id=row.subject_id,
            child_id=row.child_id,
            details=dict(row.details),
            prev_hash=row.prev_hash,
            hash=row.hash,
        )

    def page(self, offset: int, limit: int, event: str = "") -> Page:
        where = AuditEventRow.event == event if event else true()
        total = self.session.scalar(select(func.count()).select_from(AuditEventRow).where(where))
        rows = self.session.scalars(
            select(AuditEventRow)
            .where(where)
            .order_by(AuditEventRow.seq.desc())
            .offset(offset)
            .limit(limit)
        )
        return Page(tuple(self._record(r) for r in rows), total or 0, offset, limit)

    def all(self) -> Iterator[AuditRecord]:
        rows = self.session.scalars(
            select(AuditEventRow).order_by(AuditEventRow.seq).execution_options(yield_per=1000)
        )
        for row in rows:
            yield self._record(row)

    def head(self) -> tuple[int, str] | None:
        row = self.session.get(AuditHeadRow, 1)
        return (row.seq, row.hash) if row else None


def verify_audit_trail(session: Session) -> ChainReport:
    """Walk the whole chain in ``session``'s database and check every link and the head."""
    trail = SqlAuditTrail(session)
    return verify_chain(trail.all(), trail.head())
