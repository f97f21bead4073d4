"""An in-memory unit of work: the use cases run against fakes, as cosmicpython does."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime
from types import TracebackType
from typing import Any

import pytest

from safeguard.casework.audit_chain import AuditRecord, record_hash
from safeguard.casework.events import AuditEvent
from safeguard.casework.records import (
    Actor,
    Alert,
    AlertStatus,
    Case,
    CaseStatus,
    Child,
    Concern,
    Entry,
    OutgoingTransfer,
    Page,
    Setting,
    TransferReceipt,
    TransferStatus,
    User,
)  # fmt: skip
from safeguard.casework.roles import Role


def _page(items: list[Any], offset: int, limit: int) -> Page:
    return Page(tuple(items[offset : offset + limit]), len(items), offset, limit)


class FakeStore:
    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.children: dict[str, Child] = {}
        self.concerns: dict[str, Concern] = {}
        self.alerts: dict[str, Alert] = {}
        self.cases: dict[str, Case] = {}
        self.entries: dict[str, Entry] = {}
        self.transfers: dict[str, TransferReceipt] = {}
        self.outgoing: dict[str, OutgoingTransfer] = {}
        self.setting = Setting()
        self.signing_key = b""
        self.audit: list[AuditRecord] = []


class _Repo:
    def __init__(self, store: FakeStore) -> None:
        self.s = store


class Users(_Repo):
    def add(self, user: User) -> None:
        self.s.users[user.id] = user

    def get(self, user_id: str) -> User | None:
        return self.s.users.get(user_id)

    def by_username(self, username: str) -> User | None:
        return next((u for u in self.s.users.values() if u.username == username), None)

    def list(self) -> Sequence[User]:
        return list(self.s.users.values())

    def update(self, user: User) -> None:
        self.s.users[user.id] = user


class Children(_Repo):
    def add(self, child: Child) -> None:
        self.s.children[child.id] = child

    def get(self, child_id: str) -> Child | None:
        return self.s.children.get(child_id)

    def find(self, full_name: str) -> Sequence[Child]:
        key = " ".join(full_name.split()).casefold()
        return [c for c in self.s.children.values() if c.full_name.casefold() == key]

    def list(self, offset: int, limit: int, query: str = "") -> Page:
        items = [c for c in self.s.children.values() if query.casefold() in c.full_name.casefold()]
        return _page(items, offset, limit)

    def update(self, child: Child) -> None:
        old = self.s.children[child.id]
        self.s.children[child.id] = replace(
            old, date_of_birth=child.date_of_birth, year_group=child.year_group
        )


class Concerns(_Repo):
    def add(self, concern: Concern) -> None:
        self.s.concerns[concern.id] = concern

    def get(self, concern_id: str) -> Concern | None:
        return self.s.concerns.get(concern_id)

    def by_author(self, author_id: str, offset: int, limit: int) -> Page:
        return _page(
            [c for c in self.s.concerns.values() if c.author_id == author_id], offset, limit
        )

    def for_child(self, child_id: str) -> Sequence[Concern]:
        return [
            c
            for c in self.s.concerns.values()
            if c.child_id == child_id or child_id in c.linked_child_ids
        ]

    def link_case(self, concern_id: str, case_id: str) -> None:
        self.s.concerns[concern_id] = replace(self.s.concerns[concern_id], case_id=case_id)


class Alerts(_Repo):
    def add(self, alert: Alert) -> None:
        self.s.alerts[alert.id] = alert

    def get(self, alert_id: str) -> Alert | None:
        return self.s.alerts.get(alert_id)

    def list(self, status: AlertStatus | None, offset: int, limit: int) -> Page:
        return _page(
            [a for a in self.s.alerts.values() if status in (None, a.status)], offset, limit
        )

    def triage(
        self,
        alert_id: str,
        status: AlertStatus,
        by: str,
        at: datetime,
        reason: str,
        case_id: str | None,
        child_id: str | None,
    ) -> None:
        old = self.s.alerts[alert_id]
        self.s.alerts[alert_id] = replace(
            old,
            status=status,
            triaged_by=by,
            triaged_at=at,
            triage_reason=reason,
            case_id=case_id,
            child_id=old.child_id or child_id,
        )

    def signal_stats(self) -> Sequence[tuple[str, int, int, int]]:
        out: dict[str, list[int]] = {}
        for a in self.s.alerts.values():
            for sig in {s.name for s in a.signals}:
                row = out.setdefault(sig, [0, 0, 0])
                row[0] += 1
                row[1] += a.status is AlertStatus.DISMISSED
                row[2] += a.status in (AlertStatus.ESCALATED, AlertStatus.MERGED)
        return [(k, *v) for k, v in out.items()]  # type: ignore[misc]

    def for_child(self, child_id: str) -> Sequence[Alert]:
        return [a for a in self.s.alerts.values() if a.child_id == child_id]


class Cases(_Repo):
    def add(self, case: Case) -> None:
        self.s.cases[case.id] = case

    def get(self, case_id: str) -> Case | None:
        return self.s.cases.get(case_id)

    def list(self, status: CaseStatus | None, offset: int, limit: int) -> Page:
        return _page(
            [c for c in self.s.cases.values() if status in (None, c.status)], offset, limit
        )

    def for_child(self, child_id: str) -> Sequence[Case]:
        return [c for c in self.s.cases.values() if c.child_id == child_id]

    def close(self, case_id: str, at: datetime, outcome: str) -> None:
        self.s.cases[case_id] = replace(
            self.s.cases[case_id], status=CaseStatus.CLOSED, closed_at=at, outcome=outcome
        )


class Entries(_Repo):
    def add(self, entry: Entry) -> None:
        assert entry.id not in self.s.entries, "entries are append-only"
        self.s.entries[entry.id] = entry

    def get(self, entry_id: str) -> Entry | None:
        return self.s.entries.get(entry_id)

    def for_case(self, case_id: str) -> Sequence[Entry]:
        return sorted(
            (e for e in self.s.entries.values() if e.case_id == case_id),
            key=lambda e: (e.created_at, e.version),
        )


class Settings(_Repo):
    def get(self) -> Setting:
        return self.s.setting

    def save(self, setting: Setting) -> None:
        self.s.setting = setting

    def signing_key(self) -> bytes:
        if not self.s.signing_key:
            self.s.signing_key = bytes(range(32))
        return self.s.signing_key


class Transfers(_Repo):
    def add(self, receipt: TransferReceipt) -> None:
        self.s.transfers[receipt.id] = receipt

    def get(self, receipt_id: str) -> TransferReceipt | None:
        return self.s.transfers.get(receipt_id)

    def by_sha256(self, sha256: str, direction: str) -> TransferReceipt | None:
        return next(
            (
                r
                for r in self.s.transfers.values()
                if r.sha256 == sha256 and r.direction == direction
            ),
            None,
        )

    def receipts_for_child(self, child_id: str) -> Sequence[TransferReceipt]:
        return [r for r in self.s.transfers.values() if r.child_id == child_id]

    def add_outgoing(self, transfer: OutgoingTransfer) -> None:
        self.s.outgoing[transfer.id] = transfer

    def get_outgoing(self, transfer_id: str) -> OutgoingTransfer | None:
        return self.s.outgoing.get(transfer_id)

    def update_outgoing(self, transfer: OutgoingTransfer) -> None:
        assert transfer.id in self.s.outgoing
        self.s.outgoing[transfer.id] = transfer

    def outgoing_for_child(self, child_id: str) -> Sequence[OutgoingTransfer]:
        return [t for t in self.s.outgoing.values() if t.child_id == child_id]

    def count_needing_action(self, overdue_if_due_before: date, chase_if_sent_by: date) -> int:
        return sum(
            (t.status is TransferStatus.TO_SEND and t.due_on < overdue_if_due_before)
            or (
                t.status is TransferStatus.SENT
                and t.sent_at is not None
                and t.sent_at.date() <= chase_if_sent_by
            )
            for t in self.s.outgoing.values()
        )

    def outgoing(self, offset: int, limit: int, open_only: bool) -> Page:
        items = sorted(
            (
                t
                for t in self.s.outgoing.values()
                if not open_only or t.status is not TransferStatus.RECEIVED
            ),
            key=lambda t: (t.due_on, t.id),
        )
        return _page(items, offset, limit)


class Audit(_Repo):
    def __init__(self, store: FakeStore) -> None:
        super().__init__(store)
        self.pending: list[tuple[Actor, AuditEvent]] = []

    def record(self, actor: Actor, event: AuditEvent) -> None:
        self.pending.append((actor, event))

    def page(self, offset: int, limit: int, event: str = "") -> Page:
        return _page([r for r in self.s.audit if event in ("", r.event)], offset, limit)

    def all(self) -> Iterator[AuditRecord]:
        return iter(list(self.s.audit))

    def head(self) -> tuple[int, str] | None:
        return (len(self.s.audit), self.s.audit[-1].hash) if self.s.audit else (0, "0" * 64)

    def flush(self) -> None:
        for actor, event in self.pending:
            seq = len(self.s.audit) + 1
            prev = self.s.audit[-1].hash if self.s.audit else "0" * 64
            args = (
                seq,
                "t",
                actor.user_id,
                actor.role.value,
                event.name,
                event.subject_type,
                event.subject_id,
                event.child_id,
                event.details(),
            )
            self.s.audit.append(AuditRecord(*args, prev, record_hash(prev, *args)))  # type: ignore[arg-type]
        self.pending.clear()


class FakeUnitOfWork:
    """Changes become visible only on commit; leaving without commit discards them."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.committed = 0

    def __enter__(self) -> FakeUnitOfWork:
        import copy

        self._snapshot = copy.deepcopy(self.store.__dict__)
        self.users, self.children, self.concerns = (
            Users(self.store),
            Children(self.store),
            Concerns(self.store),
        )
        self.alerts, self.cases, self.entries = (
            Alerts(self.store),
            Cases(self.store),
            Entries(self.store),
        )
        self.settings, self.transfers, self.audit = (
            Settings(self.store),
            Transfers(self.store),
            Audit(self.store),
        )
        self._done = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._done:
            self.rollback()

    def commit(self) -> None:
        self.audit.flush()
        self.committed += 1
        self._done = True

    def rollback(self) -> None:
        self.store.__dict__.update(self._snapshot)
        self._done = True


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def uow(store: FakeStore) -> FakeUnitOfWork:
    return FakeUnitOfWork(store)


@pytest.fixture
def actors() -> dict[str, Actor]:
    return {role.value: Actor(f"u-{role.value}", role, f"{role.label} Person") for role in Role}
