"""One uvicorn server per browser-test session, on a seeded demo database, and Debian's chromium."""

from __future__ import annotations

import json
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


def _assessment(cid: str, risk: str, score: float, category: str | None, why: str) -> str:
    categories = []
    if category:
        evidence = [{"message_id": f"{cid}-4", "why": why}]
        categories.append(
            {"category": category, "level": risk, "score": score,
             "first_flag_message_id": f"{cid}-4", "evidence": evidence}
        )  # fmt: skip
    record = {"conversation_id": cid, "risk": risk, "score": score, "categories": categories}
    return json.dumps({**record, "actions": [], "agencies": []})


# A fictional scan: two conversations at medium risk or above, one below.
SCAN = "\n".join(
    [
        _assessment("chat-101", "high", 0.82, "grooming", "asks the child to keep the chat secret"),
        _assessment("chat-102", "medium", 0.55, "personal_info", "asks which school they go to"),
        _assessment("chat-103", "low", 0.3, None, ""),
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
