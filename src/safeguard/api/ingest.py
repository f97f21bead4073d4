"""Store incoming messages and update each stream's assessment incrementally, in one transaction.

A *stream* is one source's conversation, or one dyad (sender/recipient pair) of it when the
messages name a recipient. For each stream touched by a request:

1. lock its row (created on first use) so concurrent requests append in a single order;
2. skip messages already stored with the same id and content; refuse (409) a reused id with
   different content;
3. extend the stored findings with the new messages (detectors run on the new messages and a
   short window before them, never the whole history) and assess from the findings;
4. insert the messages, save the findings and assessment;
5. raise an alert in the DSL's queue (through ``casework.intake``) when the stream first
   reaches medium risk or above, and again whenever its risk rises past the level alerted.

The caller commits; nothing is acknowledged before the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from safeguard.api.errors import Conflict
from safeguard.casework.intake import alerts_from_assessments, record_alerts, service_actor
from safeguard.casework.records import AlertSource, utcnow
from safeguard.core.assessment import Assessment
from safeguard.core.conversation import Message, Participant, Role
from safeguard.core.incremental import Findings, IncrementalScanner, findings_from_dict
from safeguard.core.levels import RiskLevel
from safeguard.storage.ingest_repository import StoredMessage, StreamKey, StreamState
from safeguard.storage.ingest_tables import StreamRow
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """One validated message and the conversation it belongs to."""

    conversation_id: str
    message: Message
    recipient: str | None = None
    participants: tuple[Participant, ...] = ()
    platform: str | None = None
    has_id: bool = True  # False: the id is assigned from the message's position
    attachments: tuple[dict[str, Any], ...] = ()

    def dyad(self) -> tuple[str, str] | None:
        if self.recipient is None:
            return None
        first, second = sorted((self.message.sender, self.recipient))
        return first, second


@dataclass(frozen=True, slots=True)
class StreamOutcome:
    """A stream after a request: what was stored, its assessment, any alert raised."""

    conversation_id: str
    dyad: tuple[str, str] | None
    accepted: int
    duplicates: int
    assessment: Assessment
    alert_id: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversation_id": self.conversation_id,
            "dyad": list(self.dyad) if self.dyad else None,
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "message_count": self.assessment.message_count,
            "assessment": self.assessment.to_dict(),
            "alert_id": self.alert_id,
        }


def participants_from_json(data: Sequence[dict[str, Any]]) -> tuple[Participant, ...]:
    return tuple(
        Participant(
            id=p["id"],
            role=Role(p.get("role", "unknown")),
            age=p.get("age"),
            name=p.get("name"),
        )
        for p in data
    )


def participants_to_json(people: Sequence[Participant]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in people:
        person: dict[str, Any] = {"id": p.id}
        if p.role is not Role.UNKNOWN:
            person["role"] = p.role.value
        if p.age is not None:
            person["age"] = p.age
        if p.name:
            person["name"] = p.name
        out.append(person)
    return out


def _merge(old: Sequence[Participant], new: Sequence[Participant]) -> tuple[Participant, ...]:
    """Participants in order of first mention; what is said later about one updates it."""
    merged: dict[str, Participant] = {p.id: p for p in old}
    for p in new:
        before = merged.get(p.id)
        if before is None:
            merged[p.id] = p
            continue
        merged[p.id] = Participant(
            id=p.id,
            role=p.role if p.role is not Role.UNKNOWN else before.role,
            age=p.age if p.age is not None else before.age,
            name=p.name or before.name,
        )
    return tuple(merged.values())


class Ingestor:
    """Applies incoming messages to their streams through an open :class:`IngestUnitOfWork`."""

    def __init__(self, scanner: IncrementalScanner, clock: Callable[[], datetime] = utcnow) -> None:
        self.scanner = scanner
        self.clock = clock
        empty = scanner.assess(Findings(), conversation_id="")
        self._empty = {
            "findings": Findings(version=scanner.version).to_dict(),
            "assessment": empty.to_dict(),
            "risk": empty.risk.value,
        }

    def ingest(
        self, uow: IngestUnitOfWork, source: str, items: Sequence[IncomingMessage]
    ) -> list[StreamOutcome]:
        """Store ``items`` (grouped by stream, in order) and return each stream's outcome.

        The database work is a handful of statements whatever the number of streams: lock
        all streams, look up already-stored ids, insert all messages, update all streams.
        """
        groups: dict[StreamKey, list[IncomingMessage]] = {}
        for item in items:
            dyad = item.dyad()
            key = StreamKey(source, item.conversation_id, *(dyad or ("", "")))
            groups.setdefault(key, []).append(item)
        now = self.clock()
        # Streams are locked in id order, so two requests cannot deadlock on them.
        states = uow.streams.lock_many(list(groups), self._empty, now)
        stored = uow.streams.existing_many(
            {
                states[key].id: [i.message.id for i in group if i.has_id]
                for key, group in groups.items()
            }
        )
        outcomes: list[StreamOutcome] = []
        rows: list[tuple[int, StoredMessage]] = []
        for key, group in groups.items():
            state = states[key]
            outcome, fresh = self._stream(uow, state, group, stored.get(state.id, {}), now)
            outcomes.append(outcome)
            rows.extend(fresh)
        uow.streams.add_messages_many(rows, now)
        uow.streams.save_many([states[key] for key in groups])
        return outcomes

    def current(self, uow: IngestUnitOfWork, key: StreamKey) -> tuple[StreamRow, Assessment]:
        """A stream's stored state and assessment (KeyError if it has no messages)."""
        row = uow.streams.get(key)
        if row is None or row.message_count == 0:
            raise KeyError(key)
        findings = findings_from_dict(row.findings)
        assessment = self.scanner.assess(
            findings,
            conversation_id=row.conversation_id,
            participants=participants_from_json(row.participants),
            platform=row.platform,
        )
        return row, assessment

    # -- one stream ------------------------------------------------------------------------

    def _stream(
        self,
        uow: IngestUnitOfWork,
        state: StreamState,
        items: list[IncomingMessage],
        stored: dict[str, StoredMessage],
        now: datetime,
    ) -> tuple[StreamOutcome, list[tuple[int, StoredMessage]]]:
        key = state.key
        participants = _merge(
            participants_from_json(state.participants),
            [p for item in items for p in item.participants],
        )
        platform = next((i.platform for i in reversed(items) if i.platform), None) or state.platform
        fresh, duplicates = self._new_messages(state, items, stored)
        findings = findings_from_dict(state.findings)
        if findings.version != self.scanner.version and state.message_count:
            findings = self._rebuild(uow, state, participants)
        findings = self.scanner.extend(
            findings,
            [m.message for m in fresh],
            conversation_id=key.conversation_id,
            participants=participants,
        )
        assessment = self.scanner.assess(
            findings,
            conversation_id=key.conversation_id,
            participants=participants,
            platform=platform,
        )
        rows = [
            (
                state.id,
                StoredMessage(
                    position=state.message_count + offset,
                    message_id=item.message.id,
                    sender=item.message.sender,
                    text=item.message.text,
                    recipient=item.recipient,
                    sent_at=item.message.time,
                    attachments=list(item.attachments) or None,
                ),
            )
            for offset, item in enumerate(fresh)
        ]
        alert_id = self._alert(uow, state, assessment, now)
        state.participants = participants_to_json(participants)
        state.platform = platform
        state.findings = findings.to_dict()
        state.assessment = assessment.to_dict()
        state.risk = assessment.risk.value
        state.message_count = findings.message_count
        state.version += 1
        state.updated_at = now
        outcome = StreamOutcome(
            conversation_id=key.conversation_id,
            dyad=(key.dyad_a, key.dyad_b) if key.dyad_a or key.dyad_b else None,
            accepted=len(fresh),
            duplicates=duplicates,
            assessment=assessment,
            alert_id=alert_id,
        )
        return outcome, rows

    def _new_messages(
        self, state: StreamState, items: list[IncomingMessage], stored: dict[str, StoredMessage]
    ) -> tuple[list[IncomingMessage], int]:
        """The items not stored yet, with ids assigned; duplicates counted, clashes refused."""
        position = state.message_count
        conversation_id = state.key.conversation_id
        fresh: list[IncomingMessage] = []
        seen: dict[str, IncomingMessage] = {}
        duplicates = 0
        for item in items:
            message = item.message
            if not item.has_id:
                message = replace(message, id=f"{conversation_id}-{position + 1}")
                item = replace(item, message=message)
            before = stored.get(message.id)
            earlier = seen.get(message.id)
            if before is not None or earlier is not None:
                known = (
                    (before.sender, before.text)
                    if before is not None
                    else (earlier.message.sender, earlier.message.text)  # type: ignore[union-attr]
                )
                if known != (message.sender, message.text):
                    raise Conflict(
                        f"message id {message.id!r} was already received in conversation "
                        f"{conversation_id!r} with different content",
                        [("id", "reused with a different sender or text")],
                    )
                duplicates += 1
                continue
            seen[message.id] = item
            fresh.append(item)
            position += 1
        return fresh, duplicates

    def _rebuild(
        self, uow: IngestUnitOfWork, state: StreamState, participants: Sequence[Participant]
    ) -> Findings:
        """Findings from the stored history: only after the signal library or a detector
        changed version."""
        history = [
            Message(id=m.message_id, sender=m.sender, text=m.text)
            for m in uow.streams.messages(state.id)
        ]
        return self.scanner.rebuild(
            history, conversation_id=state.key.conversation_id, participants=participants
        )

    def _alert(
        self, uow: IngestUnitOfWork, row: StreamState, assessment: Assessment, now: datetime
    ) -> str | None:
        key = row.key
        if not assessment.risk.is_alert or assessment.risk.rank <= row.alerted_rank:
            return None
        origin = key.source
        if key.dyad_a or key.dyad_b:
            origin = f"{key.source} (pair {key.dyad_a} / {key.dyad_b})"
        alerts = alerts_from_assessments([assessment], now, source=AlertSource.API, origin=origin)
        if row.alerted_rank >= RiskLevel.MEDIUM.rank:
            was = next(level for level in RiskLevel if level.rank == row.alerted_rank)
            alerts = [
                replace(a, summary=f"Risk rose from {was.value} to {a.level}. {a.summary}")
                for a in alerts
            ]
        record_alerts(uow, service_actor(key.source), alerts)
        row.alerted_rank = assessment.risk.rank
        row.last_alert_id = alerts[0].id
        return alerts[0].id
