"""Any change to the stored audit trail is detected by the chain check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from safeguard.casework.events import CaseViewed, EntryAdded, SignedIn
from safeguard.casework.records import Actor
from safeguard.casework.roles import Role
from safeguard.storage.audit_trail import verify_audit_trail
from safeguard.storage.unit_of_work import SqlUnitOfWork


def _write_events(engine: Engine) -> None:
    uow = SqlUnitOfWork.for_engine(engine)
    actor = Actor("u1", Role.DSL, "Dee")
    for i in range(3):
        with uow:
            uow.audit.record(actor, SignedIn("u1"))
            uow.audit.record(actor, CaseViewed("child1", f"case{i}"))
            uow.audit.record(actor, EntryAdded("child1", f"case{i}", f"e{i}", "note", None))
            uow.commit()


TAMPERING: dict[str, Callable[[Session], object]] = {
    "edit details": lambda s: s.execute(
        text("UPDATE audit_events SET details = :d WHERE seq = 5"), {"d": '{"child": "other"}'}
    ),
    "change actor": lambda s: s.execute(
        text("UPDATE audit_events SET actor_id = 'x' WHERE seq = 2")
    ),
    "delete middle": lambda s: s.execute(text("DELETE FROM audit_events WHERE seq = 4")),
    "delete last": lambda s: s.execute(text("DELETE FROM audit_events WHERE seq = 9")),
    "rewrite a hash": lambda s: s.execute(
        text("UPDATE audit_events SET hash = :h WHERE seq = 3"), {"h": "f" * 64}
    ),
}


def test_untouched_chain_verifies(engine: Engine) -> None:
    _write_events(engine)
    with Session(engine) as session:
        report = verify_audit_trail(session)
    assert report.ok and report.checked == 9


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_when_tampered_then_verification_fails_at_the_changed_record(
    engine: Engine, how: str
) -> None:
    _write_events(engine)
    with Session(engine) as session:
        TAMPERING[how](session)
        session.commit()
    with Session(engine) as session:
        report = verify_audit_trail(session)
    assert not report.ok
    assert report.first_bad_seq in {2, 3, 4, 5, 9}
    assert report.problem
