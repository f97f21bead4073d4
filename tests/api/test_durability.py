"""A 2xx means committed: SIGKILL the real server under load, restart it, every acknowledged
message is there, and each stream's state agrees with its stored messages."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from safeguard.api.app import api_engine
from safeguard.api.token_admin import create_token
from safeguard.api.tokens import Scope
from safeguard.core.conversation import Message
from safeguard.core.incremental import IncrementalScanner, findings_from_dict
from safeguard.scanning import build_default_engine
from safeguard.storage.ingest_tables import StreamMessageRow, StreamRow
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork
from safeguard.storage.migrate import upgrade

from .conftest import _fresh_postgres

pytestmark = pytest.mark.slow

TEXTS = (
    "hey how was school",
    "you seem so mature for your age",
    "dont tell your mum we talk",
    "lol ok",
    "send me a pic, just for me",
    "i dont want to",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``uvicorn`` running the API in a child process."""

    def __init__(self, url: str, port: int, log: Path) -> None:
        self.url = url
        self.port = port
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "SAFEGUARD_DATABASE_URL": self.url}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "safeguard.api.serving:api_root",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise AssertionError("the API server did not start in time")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Load:
    """Client threads sending messages (single and batched) and recording what was acknowledged."""

    def __init__(self, base: str, token: str, threads: int = 6) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {token}"}
        self.acknowledged: set[tuple[str, str]] = set()
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)
        ]

    def _run(self, worker: int) -> None:
        client = httpx.Client(base_url=self.base, headers=self.headers, timeout=30)
        sent = 0
        while not self.stop.is_set():
            conversation = f"conv-{worker}-{sent % 3}"
            try:
                if sent % 4 == 3:
                    ids = [f"w{worker}-{sent}-{k}" for k in range(5)]
                    rows = [
                        {
                            "conversation_id": conversation,
                            "id": mid,
                            "sender": "sam" if k % 2 == 0 else "lily",
                            "text": TEXTS[(sent + k) % len(TEXTS)],
                        }
                        for k, mid in enumerate(ids)
                    ]
                    response = client.post("/messages/batch", json={"messages": rows})
                else:
                    ids = [f"w{worker}-{sent}"]
                    response = client.post(
                        "/messages",
                        json={
                            "conversation_id": conversation,
                            "id": ids[0],
                            "sender": "sam",
                            "text": TEXTS[sent % len(TEXTS)],
                        },
                    )
            except httpx.HTTPError:
                return  # the server is gone: what was not acknowledged does not count
            sent += 1
            if response.status_code != 200:
                with self.lock:
                    self.errors.append(f"{response.status_code} {response.text[:200]}")
                return
            with self.lock:
                self.acknowledged.update((conversation, mid) for mid in ids)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'durable.sqlite3'}"
    else:
        yield _fresh_postgres(request.getfixturevalue("postgres_url"), request.node.name)


def test_when_server_is_killed_under_load_then_every_acknowledged_message_survives(
    database: str, tmp_path: Path
) -> None:
    engine = api_engine(database)
    upgrade(engine)
    _id, token = create_token(
        IngestUnitOfWork.for_engine(engine), "durable", [Scope.MESSAGES_WRITE]
    )
    server = Server(database, _free_port(), tmp_path / "server.log")
    server.start()
    load = Load(server.base, token)
    try:
        load.start()
        deadline = time.monotonic() + 120
        while load.count() < 400 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()  # mid-load: requests are in flight
        load.join()
        acknowledged = set(load.acknowledged)
        assert not load.errors, load.errors[:3]
        assert len(acknowledged) >= 400

        server.start()
        with IngestUnitOfWork.for_engine(engine) as uow:
            rows = uow.session.execute(
                select(StreamRow.conversation_id, StreamMessageRow.message_id).join(
                    StreamRow, StreamRow.id == StreamMessageRow.stream_id
                )
            ).all()
            stored = {(r.conversation_id, r.message_id) for r in rows}
            missing = acknowledged - stored
            assert not missing, f"{len(missing)} acknowledged messages lost: {sorted(missing)[:5]}"
            # Each stream's state was committed with its messages: counts and findings agree.
            scanner = IncrementalScanner(build_default_engine())
            for stream in uow.session.scalars(select(StreamRow)):
                count = uow.session.scalar(
                    select(func.count()).where(StreamMessageRow.stream_id == stream.id)
                )
                assert stream.message_count == count
                history = [
                    Message(id=m.message_id, sender=m.sender, text=m.text)
                    for m in uow.streams.messages(stream.id)
                ]
                rebuilt = scanner.rebuild(history, conversation_id=stream.conversation_id)
                assert findings_from_dict(stream.findings).signals == rebuilt.signals

        # The restarted server goes on with the same streams.
        response = httpx.post(
            f"{server.base}/messages",
            json={"conversation_id": "conv-0-0", "id": "after-restart", "sender": "sam"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        with IngestUnitOfWork.for_engine(engine) as uow:
            assert uow.streams.message_count() == len(stored) + 1
    finally:
        load.stop.set()
        server.stop()
        engine.dispose()
