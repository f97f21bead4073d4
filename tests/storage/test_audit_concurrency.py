"""Concurrent writers still produce one unbroken audit chain (head row locked while appending)."""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from safeguard.casework.events import CaseViewed, SignedIn
from safeguard.casework.records import Actor
from safeguard.casework.roles import Role
from safeguard.storage.audit_trail import verify_audit_trail
from safeguard.storage.unit_of_work import SqlUnitOfWork

WRITERS = 4
TRANSACTIONS = 15


def test_parallel_transactions_keep_the_chain_linear(engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        actor = Actor(f"u{n}", Role.DSL, "Dee")
        try:
            for i in range(TRANSACTIONS):
                uow = SqlUnitOfWork.for_engine(engine)
                with uow:
                    uow.audit.record(actor, SignedIn(actor.user_id))
                    uow.audit.record(actor, CaseViewed("child", f"case-{n}-{i}"))
                    uow.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with Session(engine) as session:
        report = verify_audit_trail(session)
    assert report.ok, report.problem
    assert report.checked == WRITERS * TRANSACTIONS * 2
