"""Repositories round-trip the domain's records through a real database (SQLite, PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from safeguard.casework.events import CaseOpened, SignedIn
from safeguard.casework.records import (
    Actor,
    Alert,
    AlertSource,
    AlertStatus,
    Case,
    CaseStatus,
    Child,
    Concern,
    Entry,
    LocalContacts,
    MoveKind,
    OutgoingTransfer,
    Setting,
    Signal,
    TransferStatus,
    User,
    new_id,
)
from safeguard.casework.roles import Role
from safeguard.storage.unit_of_work import SqlUnitOfWork

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWork:
    return SqlUnitOfWork.for_engine(engine)


def _seed(uow: SqlUnitOfWork) -> tuple[User, Child]:
    user = User(new_id(), "dsl1", "Dee Ess", Role.DSL, "hash", "SECRET", created_at=T0)
    child = Child(new_id(), "Mia Jones", created_at=T0)
    with uow:
        uow.users.add(user)
        uow.children.add(child)
        uow.commit()
    return user, child


def test_user_and_child_round_trip(uow: SqlUnitOfWork) -> None:
    user, child = _seed(uow)
    with uow:
        assert uow.users.by_username("dsl1") == user
        assert uow.children.get(child.id) == child
        assert [c.id for c in uow.children.find("  mia   JONES ")] == [child.id]
        assert uow.children.list(0, 10, "jon").total == 1


def test_uncommitted_work_is_rolled_back(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.children.add(Child(new_id(), "Sam Lee", created_at=T0))
        uow.audit.record(Actor("x", Role.DSL, "x"), SignedIn("x"))
    with uow:
        assert uow.children.find("Sam Lee") == []
        assert uow.audit.head() == (0, "0" * 64)


def test_concern_alert_case_and_entries_round_trip(uow: SqlUnitOfWork) -> None:
    user, child = _seed(uow)
    other = Child(new_id(), "Leo Smith", created_at=T0)
    concern = Concern(
        new_id(), child.id, user.id, "grooming", '"he said keep it secret"', "", True,
        "flight_mode", "phone in office safe", (other.id,), T0,
    )  # fmt: skip
    alert = Alert(
        new_id(), AlertSource.SCAN, "high", "grooming", "scan", T0,
        (Signal("grooming:secrecy", "high", "asks for secrecy"), Signal("personal_info", "low")),
        conversation_id="c1",
    )  # fmt: skip
    case_ = Case(new_id(), child.id, "Online contact", "grooming", user.id, T0)
    first = Entry(
        new_id(), case_.id, "note", {"text": "a", "new_facts": ["coercion"]}, user.id, "Dee", T0
    )
    fix = Entry(
        new_id(), case_.id, "note", {"text": "b"}, user.id, "Dee", T0 + timedelta(minutes=5),
        supersedes=first.id, correction_reason="typo", version=2,
    )  # fmt: skip
    with uow:
        uow.children.add(other)
        uow.concerns.add(concern)
        uow.alerts.add(alert)
        uow.cases.add(case_)
        uow.entries.add(first)
        uow.entries.add(fix)
        uow.commit()
    with uow:
        assert uow.concerns.get(concern.id) == concern
        assert [c.id for c in uow.concerns.for_child(other.id)] == [concern.id]
        assert uow.alerts.get(alert.id) == alert
        assert uow.cases.get(case_.id) == case_
        assert list(uow.entries.for_case(case_.id)) == [first, fix]
        uow.alerts.triage(alert.id, AlertStatus.DISMISSED, user.id, T0, "song lyrics", None, None)
        uow.cases.close(case_.id, T0, "no_concern")
        uow.concerns.link_case(concern.id, case_.id)
        uow.commit()
    with uow:
        assert uow.alerts.list(AlertStatus.OPEN, 0, 10).total == 0
        assert uow.alerts.get(alert.id).triage_reason == "song lyrics"  # type: ignore[union-attr]
        assert uow.cases.get(case_.id).status is CaseStatus.CLOSED  # type: ignore[union-attr]
        assert uow.concerns.get(concern.id).case_id == case_.id  # type: ignore[union-attr]
        stats = {name: (n, dismissed) for name, n, dismissed, _ in uow.alerts.signal_stats()}
        assert stats == {"grooming:secrecy": (1, 1), "personal_info": (1, 1)}


def test_alert_queue_orders_most_serious_then_newest(uow: SqlUnitOfWork) -> None:
    levels = ["medium", "critical", "high", "medium"]
    ids = []
    with uow:
        for i, level in enumerate(levels):
            alert = Alert(
                new_id(), AlertSource.SCAN, level, "grooming", f"a{i}", T0 + timedelta(hours=i)
            )
            uow.alerts.add(alert)
            ids.append(alert.id)
        uow.commit()
    with uow:
        page = uow.alerts.list(AlertStatus.OPEN, 0, 3)
    assert page.total == 4
    assert [a.summary for a in page.items] == ["a1", "a2", "a3"]


def test_settings_saved_and_read(uow: SqlUnitOfWork) -> None:
    setting = Setting(
        "Hill School", "england", LocalContacts("01452 426565", "01452 614194", "x", "")
    )
    with uow:
        uow.settings.save(setting)
        uow.commit()
    with uow:
        assert uow.settings.get() == setting


def test_audit_events_written_with_the_commit_and_chained(uow: SqlUnitOfWork) -> None:
    actor = Actor("u1", Role.DSL, "Dee")
    with uow:
        uow.audit.record(actor, CaseOpened("child1", "case1"))
        uow.audit.record(actor, SignedIn("u1"))
        uow.commit()
    with uow:
        records = list(uow.audit.all())
        head = uow.audit.head()
    assert [r.event for r in records] == ["case.opened", "auth.signed_in"]
    assert records[0].child_id == "child1" and records[0].subject_id == "case1"
    assert records[1].prev_hash == records[0].hash
    assert head == (2, records[1].hash)


def test_case_entries_are_append_only_in_the_database(uow: SqlUnitOfWork) -> None:
    user, child = _seed(uow)
    case_ = Case(new_id(), child.id, "Online contact", "grooming", user.id, T0)
    entry = Entry(new_id(), case_.id, "note", {"text": "as said"}, user.id, "Dee", T0)
    with uow:
        uow.cases.add(case_)
        uow.entries.add(entry)
        uow.commit()
    for statement in (
        "UPDATE case_entries SET author_name = 'someone else'",
        "DELETE FROM case_entries",
    ):
        with uow, pytest.raises(DBAPIError, match="append-only"):
            uow.session.execute(text(statement))
    with uow:
        assert list(uow.entries.for_case(case_.id)) == [entry]


def test_alert_origin_and_monitoring_source_round_trip(uow: SqlUnitOfWork) -> None:
    alert = Alert(
        new_id(), AlertSource.MONITORING, "high", "self_harm_risk", "capture", T0,
        (Signal("Smoothwall Monitor:self-harm", "high"),), origin="Smoothwall Monitor",
    )  # fmt: skip
    with uow:
        uow.alerts.add(alert)
        uow.commit()
    with uow:
        stored = uow.alerts.get(alert.id)
    assert stored == alert
    assert stored is not None and stored.source_label == "Monitoring product: Smoothwall Monitor"


def test_signing_key_is_made_once_and_kept(uow: SqlUnitOfWork) -> None:
    with uow:
        first = uow.settings.signing_key()
        uow.commit()
    with uow:
        assert uow.settings.signing_key() == first
        assert uow.settings.get() == Setting()
    assert len(first) == 32


def test_outgoing_transfer_and_child_details_round_trip(uow: SqlUnitOfWork) -> None:
    user, child = _seed(uow)
    transfer = OutgoingTransfer(
        new_id(), child.id, "Riverside High", MoveKind.IN_YEAR, date(2026, 3, 2),
        date(2026, 3, 9), TransferStatus.TO_SEND, user.id, T0, {"contact": "Ms Lee"},
    )  # fmt: skip
    with uow:
        uow.transfers.add_outgoing(transfer)
        uow.children.update(replace(child, date_of_birth=date(2012, 5, 1), year_group="Year 9"))
        uow.commit()
    sent = replace(
        transfer, status=TransferStatus.SENT, sent_at=T0, details={"route": "secure_transfer"}
    )
    with uow:
        assert uow.transfers.get_outgoing(transfer.id) == transfer
        uow.transfers.update_outgoing(sent)
        uow.commit()
    with uow:
        assert uow.transfers.get_outgoing(transfer.id) == sent
        assert [t.id for t in uow.transfers.outgoing_for_child(child.id)] == [transfer.id]
        assert uow.transfers.outgoing(0, 10, open_only=True).total == 1
        assert uow.transfers.count_needing_action(date(2026, 3, 10), date(2026, 3, 1)) == 0
        assert uow.transfers.count_needing_action(date(2026, 3, 10), date(2026, 3, 2)) == 1
        stored_child = uow.children.get(child.id)
    assert stored_child is not None and stored_child.date_of_birth == date(2012, 5, 1)
    assert stored_child.full_name == child.full_name and stored_child.year_group == "Year 9"
