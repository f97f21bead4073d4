"""One uvicorn server per browser-test session, on a seeded demo database, and Debian's chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from safeguard.casework.scan_import import parse_scan_json
from safeguard.storage.database import make_engine
from safeguard.storage.migrate import upgrade
from safeguard.storage.testing import in_ci
from safeguard.storage.unit_of_work import SqlUnitOfWork
from safeguard.web.app import create_app
from safeguard.web.config import WebConfig
from safeguard.web.demo_seed import seed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A fictional scan: two conversations at medium risk or above, one below.
SCAN = "\n".join(
    [
        '{"conversation_id": "chat-101", "risk": "high", "score": 0.82, "categories": [{"category":'
        ' "grooming", "level": "high", "score": 0.82, "first_flag_message_id": "m4", "evidence":'
        ' [{"message_id": "m4", "why": "asks the child to keep the chat secret"}]}],'
        ' "actions": [], "agencies": []}',
        '{"conversation_id": "chat-102", "risk": "medium", "score": 0.55, "categories": [{"category":'
        ' "personal_info", "level": "medium", "score": 0.55, "first_flag_message_id": "m2",'
        ' "evidence": [{"message_id": "m2", "why": "asks which school the child goes to"}]}],'
        ' "actions": [], "agencies": []}',
        '{"conversation_id": "chat-103", "risk": "low", "score": 0.3, "categories": [],'
        ' "actions": [], "agencies": []}',
    ]
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base_url: str
    db_url: str


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("browser") / "safeguard.sqlite3"
    db_url = f"sqlite:///{path}"
    engine = make_engine(db_url)
    upgrade(engine)
    seed(lambda: SqlUnitOfWork.for_engine(engine), parse_scan_json(SCAN), SCAN.encode())
    engine.dispose()
    app = create_app(WebConfig(database_url=db_url, secret_key="b" * 40))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", db_url)
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = "Debian chromium missing: run scripts/ensure_chromium.sh"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    assert not dialogs, f"a script ran in the page: {dialogs}"
