"""Group commit: many writes, one transaction, each in its own savepoint."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from safeguard.api.app import api_engine
from safeguard.api.errors import Conflict
from safeguard.api.group_commit import GroupCommitter
from safeguard.casework.intake import record_alerts, service_actor
from safeguard.casework.records import Alert, AlertSource, utcnow
from safeguard.storage.ingest_repository import StoredMessage, StreamKey
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork
from safeguard.storage.migrate import upgrade

EMPTY = {"findings": {}, "assessment": {}, "risk": "none"}


def _alert(n: int) -> Alert:
    return Alert(
        id=f"a{n:031d}",
        source=AlertSource.API,
        level="medium",
        category="grooming",
        summary="test",
        created_at=utcnow(),
    )


def test_when_writes_arrive_together_then_they_share_commits_and_a_failure_stays_alone(
    tmp_path: Path,
) -> None:
    engine = api_engine(f"sqlite:///{tmp_path / 'g.sqlite3'}")
    upgrade(engine)

    def uow() -> IngestUnitOfWork:
        return IngestUnitOfWork.for_engine(engine)

    committer = GroupCommitter(uow)
    gate = threading.Event()
    committer.submit(lambda _uow: gate.wait(5))  # hold the writer so the next jobs queue up

    def write(n: int):  # type: ignore[no-untyped-def]
        def work(u: IngestUnitOfWork) -> int:
            row = u.streams.lock(StreamKey("s", f"c{n}"), EMPTY, utcnow())
            u.streams.add_messages(row.id, [StoredMessage(0, f"m{n}", "x", "hi")], utcnow())
            record_alerts(u, service_actor("s"), [_alert(n)])
            if n == 7:
                raise Conflict("refused")
            return n

        return work

    futures = [committer.submit(write(n)) for n in range(20)]
    gate.set()
    results = []
    for n, future in enumerate(futures):
        if n == 7:
            with pytest.raises(Conflict):
                future.result(timeout=30)
        else:
            results.append(future.result(timeout=30))
    assert results == [n for n in range(20) if n != 7]
    assert committer.groups <= 3
    with uow() as u:
        assert u.streams.message_count() == 19
        assert u.streams.stored_ids(StreamKey("s", "c7")) == []
        assert u.alerts.get(_alert(7).id) is None
        assert u.alerts.get(_alert(8).id) is not None
        # The refused write's audit event was dropped with it: the chain has 19 raises.
        assert sum(1 for r in u.audit.all() if r.event == "alert.raised") == 19
    engine.dispose()


def test_when_combinable_writes_queue_together_then_distinct_keys_share_one_call(
    tmp_path: Path,
) -> None:
    import asyncio

    engine = api_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    upgrade(engine)
    committer = GroupCommitter(lambda: IngestUnitOfWork.for_engine(engine))
    calls: list[list[int]] = []

    def combiner(_uow: IngestUnitOfWork, payloads: list[int]) -> list[int]:
        calls.append(list(payloads))
        if 13 in payloads:
            raise Conflict("13 is refused")
        return [p * 10 for p in payloads]

    async def scenario() -> list[object]:
        gate = threading.Event()
        committer.submit(lambda _uow: gate.wait(5))
        keys = ["a", "b", "a", "c", "d", "e"]
        payloads = [1, 2, 3, 4, 13, 6]
        tasks = [
            asyncio.ensure_future(committer.run_combinable(combiner, p, k))
            for p, k in zip(payloads, keys, strict=True)
        ]
        await asyncio.sleep(0.2)
        gate.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    results = asyncio.run(scenario())
    assert results[:4] == [10, 20, 30, 40] and results[5] == 60
    assert isinstance(results[4], Conflict)
    # "a" twice: the second starts a new call; the call with 13 fails and is re-run one by one.
    assert calls[0] == [1, 2] and calls[1] == [3, 4, 13, 6]
    assert [c for c in calls[2:]] == [[3], [4], [13], [6]]
    engine.dispose()


@pytest.mark.postgres
def test_when_two_workers_lock_streams_in_opposite_orders_then_deadlocks_are_retried(
    postgres_url: str, request: pytest.FixtureRequest
) -> None:
    from .conftest import _fresh_postgres

    url = _fresh_postgres(postgres_url, request.node.name)
    engine = api_engine(url)
    upgrade(engine)
    workers = [GroupCommitter(lambda: IngestUnitOfWork.for_engine(engine)) for _ in range(2)]
    with IngestUnitOfWork.for_engine(engine) as u:
        u.streams.lock_many([StreamKey("s", "x"), StreamKey("s", "y")], EMPTY, utcnow())
        u.commit()

    def touch(conversation: str, tag: str):  # type: ignore[no-untyped-def]
        def work(u: IngestUnitOfWork) -> str:
            state = u.streams.lock(StreamKey("s", conversation), EMPTY, utcnow())
            position = state.message_count
            u.streams.add_messages(state.id, [StoredMessage(position, tag, "x", "hi")], utcnow())
            state.message_count += 1
            u.streams.save_many([state])
            return tag

        return work

    futures = []
    for round_ in range(15):
        gates = [threading.Event(), threading.Event()]
        for n, worker in enumerate(workers):
            worker.submit(lambda _u, g=gates[n]: g.wait(5))
            order = ("x", "y") if n == 0 else ("y", "x")
            futures += [worker.submit(touch(c, f"{round_}-{n}-{c}")) for c in order]
        for gate in gates:
            gate.set()
    assert sorted(f.result(timeout=120) for f in futures) == sorted(
        f"{r}-{n}-{c}" for r in range(15) for n in range(2) for c in ("x", "y")
    )
    with IngestUnitOfWork.for_engine(engine) as u:
        for conversation in ("x", "y"):
            state = u.streams.lock(StreamKey("s", conversation), EMPTY, utcnow())
            assert state.message_count == 30
            assert len(u.streams.stored_ids(StreamKey("s", conversation))) == 30
    engine.dispose()
