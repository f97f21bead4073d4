"""The invariant: no path that touches an image keeps, copies, shows or logs any part of it.

Each test embeds a random marker in generated images (a shapes PNG with the marker in a pixel
row and a text chunk; a noise JPEG with it in a comment and appended after the image's end),
runs one image path, and checks stdout, stderr, logs, every file the path wrote, the database,
a private temporary folder (TMPDIR) and every file that appeared or changed in the system's
temporary folder meanwhile, for the marker and for windows of the image bytes (raw, base64,
hex). The paths: ``safeguard hash``, ``safeguard bank``, the image detector, ``safeguard scan
--json --report`` (in process and as a real subprocess), the dashboard (a scan export uploaded,
viewed, escalated; image uploads refused) and the HTTP API when its package is present.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from safeguard.cli.main import _register, cli
from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line
from safeguard.core.detector import ConversationView
from safeguard.images.bank_repository import DirectoryHashBankRepository
from safeguard.images.hash_bank import BankEntry, HashBank, SignalType
from safeguard.images.image_detector import ImageDetector
from safeguard.images.image_hashes import hash_image_file
from safeguard.images.nudity import NudityScorer, shipped_nudenet_model

from .invariant import (
    TempDirWatch,
    assert_no_image_leak,
    leak_needles,
    make_marked_image,
    make_marked_jpeg,
)

_register()


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


def test_helper_catches_a_leak(tmp_path: Path) -> None:
    """The check can fail: a copy, a base64 dump or the marker alone are all caught."""
    path, marker = make_marked_image(tmp_path)
    data = path.read_bytes()
    copy = tmp_path / "out" / "copy.bin"
    copy.parent.mkdir()
    copy.write_bytes(b"header" + data[100:400])
    with pytest.raises(AssertionError, match="image leak"):
        assert_no_image_leak([copy.parent], marker, data)
    with pytest.raises(AssertionError, match="image leak"):
        assert_no_image_leak([], marker, data, texts=[base64.b64encode(data).decode()])
    with pytest.raises(AssertionError, match="image leak"):
        assert_no_image_leak([], marker, data, texts=[f"log: {marker}"])
    assert marker.encode() in data  # the marker really is in the file (text chunk)
    assert len(leak_needles(marker, data)) > 50


def test_marker_is_in_the_pixels_too(tmp_path: Path) -> None:
    path, marker = make_marked_image(tmp_path)
    with Image.open(path) as image:
        assert marker.encode() in image.convert("RGB").tobytes()


def test_hash_command_leaks_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, marker = make_marked_image(tmp_path)
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # anything written to the working directory is checked too
    with TempDirWatch() as temp:
        runner = CliRunner()
        plain = runner.invoke(cli, ["hash", str(path)])
        as_json = runner.invoke(cli, ["hash", "--json", str(path)])
    assert plain.exit_code == 0 and as_json.exit_code == 0
    assert json.loads(as_json.stdout)["sha256"] == hash_image_file(path).sha256
    outputs = [plain.stdout, plain.stderr, as_json.stdout, as_json.stderr, caplog.text]
    assert_no_image_leak(
        [workdir, *temp.changed()], marker, path.read_bytes(), texts=outputs, exclude=[path]
    )


def test_bank_import_match_export_leak_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path, marker = make_marked_image(tmp_path)
    banks = tmp_path / "banks"
    env = {"SAFEGUARD_BANKS_DIR": str(banks)}
    runner = CliRunner()
    with TempDirWatch() as temp:
        pdq = runner.invoke(cli, ["hash", str(path)]).stdout.split()[0]
        results = [
            runner.invoke(cli, ["bank", "import", "known", "-"], input=pdq, env=env),
            runner.invoke(cli, ["bank", "match", str(path)], env=env),
            runner.invoke(cli, ["bank", "match", "--json", str(path)], env=env),
            runner.invoke(cli, ["bank", "export", "known"], env=env),
            runner.invoke(cli, ["bank", "list", "--json"], env=env),
        ]
    assert results[1].exit_code == 1, "the image should match its own bank"
    texts = [text for r in results for text in (r.stdout, r.stderr)] + [caplog.text]
    assert_no_image_leak(
        [banks, *temp.changed()], marker, path.read_bytes(), texts=texts, exclude=[path]
    )


def test_image_detector_on_conversation_leaks_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path, marker = make_marked_image(tmp_path)
    chat = tmp_path / "chat.jsonl"
    record = {
        "id": "c9",
        "participants": [{"id": "mia", "role": "child", "age": 13}, {"id": "dan_x"}],
        "messages": [
            {"id": "c9-1", "sender": "dan_x", "text": "send me a pic, just for me"},
            {
                "id": "c9-2",
                "sender": "mia",
                "text": "ok",
                "attachments": [
                    {"type": "image", "path": path.name},
                    {"type": "image", "path": "missing.png"},
                ],
            },
        ],
    }
    chat.write_text(json.dumps(record) + "\n")
    bank = HashBank(name="known").with_entries(
        [BankEntry.create(SignalType.SHA256, hash_image_file(path).sha256)]
    )
    scorer = NudityScorer(model_factory=shipped_nudenet_model)  # the real model, in memory
    with TempDirWatch() as temp:
        [(line, raw)] = list(iter_jsonl_lines(chat))
        conversation = read_conversation_line(raw, path=str(chat), line=line)
        detector = ImageDetector([bank], nudity_scorer=scorer)
        signals = detector.detect(ConversationView.of(conversation))
        facts = detector.inspect(conversation)
    assert signals and facts[0].matches and facts[1].skipped == "image file not found"
    texts = [repr(signals), json.dumps([f.as_dict() for f in facts]), repr(facts), caplog.text]
    assert_no_image_leak(
        [chat, *temp.changed()], marker, path.read_bytes(), texts=texts, exclude=[path]
    )


# -- scan, report, dashboard, API ---------------------------------------------------------------

Marked = list[tuple[Path, str]]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private TMPDIR for this process and its children: every file in it is checked."""
    folder = tmp_path / "private-tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


@pytest.fixture
def marked_chat(tmp_path: Path) -> tuple[Path, Path, Marked]:
    """A conversation with two marked images (one in a bank) and a missing one; the banks."""
    png, png_marker = make_marked_image(tmp_path)
    jpg, jpg_marker = make_marked_jpeg(tmp_path)
    record = {
        "id": "c11",
        "participants": [{"id": "mia", "role": "child", "age": 13}, {"id": "dan_x"}],
        "messages": [
            {"id": "c11-1", "sender": "dan_x", "text": "send me a pic, just for me"},
            {
                "id": "c11-2",
                "sender": "dan_x",
                "text": "like this",
                "attachments": [{"type": "image", "path": png.name}],
            },
            {
                "id": "c11-3",
                "sender": "mia",
                "text": "ok",
                "attachments": [
                    {"type": "image", "path": jpg.name},
                    {"type": "image", "path": "missing.png"},
                ],
            },
        ],
    }
    chat = tmp_path / "chat.jsonl"
    chat.write_text(json.dumps(record) + "\n", encoding="utf-8")
    banks = tmp_path / "banks"
    DirectoryHashBankRepository(banks).save(
        HashBank(name="known", labels=("csam",)).with_entries(
            [
                BankEntry.create(SignalType.SHA256, hash_image_file(png).sha256),
                BankEntry.create(SignalType.PDQ, hash_image_file(jpg).pdq),
            ]
        )
    )
    return chat, banks, [(png, png_marker), (jpg, jpg_marker)]


def _check_all(marked: Marked, places: list[Path], texts: list[str | bytes]) -> None:
    originals = [path for path, _ in marked]
    for path, marker in marked:
        assert_no_image_leak(places, marker, path.read_bytes(), texts=texts, exclude=originals)


def _scan_args(chat: Path, banks: Path, out: Path) -> list[str]:
    return [
        "scan",
        "--no-progress",
        "--json",
        "--report",
        str(out / "report.html"),
        "--hash-bank",
        str(banks),
        str(chat),
    ]


def test_scan_json_and_report_leak_nothing(
    tmp_path: Path,
    private_tmp: Path,
    marked_chat: tuple[Path, Path, Marked],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat, banks, marked = marked_chat
    out, workdir = tmp_path / "out", tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    with TempDirWatch() as temp:
        result = CliRunner().invoke(cli, _scan_args(chat, banks, out))  # nudity model on
    assert result.exit_code == 0, result.output
    [assessment] = [json.loads(line) for line in result.stdout.splitlines()]
    images = [
        e["image"]
        for c in assessment["categories"]
        for e in c["evidence"]
        if e.get("image") is not None
    ]
    assert {i["path"] for i in images} == {marked[0][0].name, marked[1][0].name}
    assert "missing.png" in " ".join(result.stderr.split())
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "img-placeholder" in report and images[0]["sha256"] in report
    _check_all(
        marked,
        [out, workdir, banks, private_tmp, *temp.changed()],
        [result.stdout, result.stderr, caplog.text],
    )


def test_scan_as_a_real_process_leaks_nothing(
    tmp_path: Path, private_tmp: Path, marked_chat: tuple[Path, Path, Marked]
) -> None:
    chat, banks, marked = marked_chat
    out, workdir = tmp_path / "out", tmp_path / "work"
    workdir.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    code = (
        "import logging; logging.basicConfig(level=logging.DEBUG); "
        "from safeguard.cli.main import main; main()"
    )
    with TempDirWatch() as temp:
        done = subprocess.run(
            [sys.executable, "-c", code, *_scan_args(chat, banks, out)],
            capture_output=True,
            cwd=workdir,
            env=env,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert b"sexual_imagery" in done.stdout
    _check_all(
        marked,
        [out, workdir, banks, private_tmp, *temp.changed()],
        [done.stdout, done.stderr],
    )


def _dashboard(tmp_path: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from safeguard.storage.database import make_engine
    from safeguard.storage.migrate import upgrade
    from safeguard.storage.unit_of_work import SqlUnitOfWork
    from safeguard.web.app import create_app
    from safeguard.web.config import WebConfig
    from safeguard.web.testing import Site, make_users

    db_path = tmp_path / "dashboard.sqlite3"
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    users = make_users(SqlUnitOfWork.for_engine(engine))
    engine.dispose()
    app = create_app(WebConfig(database_url=f"sqlite:///{db_path}", secret_key="k" * 40))
    with TestClient(app, base_url="https://testserver") as client:
        yield Site(client, SqlUnitOfWork.for_engine(app.state.engine), users, db_path)
    app.state.engine.dispose()


@pytest.fixture
def dashboard(tmp_path: Path, private_tmp: Path) -> Iterator[Any]:
    yield from _dashboard(tmp_path)


def _upload_routes(app: Any, case_id: str) -> list[str]:
    """Every dashboard route that takes a file (uploads, imports, attachments)."""
    found = []
    pending = list(app.routes)
    while pending:
        route = pending.pop(0)
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        if included is not None:
            pending.extend(included.routes)
            continue
        path, methods = getattr(route, "path", ""), getattr(route, "methods", None) or set()
        if "POST" in methods and any(w in path for w in ("upload", "import", "attachments")):
            found.append(path.replace("{case_id}", case_id))
    return found


def test_dashboard_scan_upload_and_image_uploads_leak_nothing(
    tmp_path: Path,
    private_tmp: Path,
    marked_chat: tuple[Path, Path, Marked],
    dashboard: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from safeguard.casework.records import AlertStatus

    chat, banks, marked = marked_chat
    scan = CliRunner().invoke(cli, _scan_args(chat, banks, tmp_path / "out"))
    assert scan.exit_code == 0
    site = dashboard
    site.login("dsl")
    pages: list[str] = []
    with TempDirWatch() as temp:
        uploaded = site.post(
            "/alerts/upload",
            {},
            files={"file": ("scan.jsonl", scan.stdout.encode(), "application/json")},
        )
        assert uploaded.status_code == 303
        with site.new_uow() as uow:
            [alert] = uow.alerts.list(AlertStatus.OPEN, 0, 10).items
        assert alert.category == "sexual_imagery"
        hashes = [hash_image_file(path) for path, _marker in marked]
        assert {image.facts.sha256 for image in alert.images} == {h.sha256 for h in hashes}
        alert_page = site.client.get(f"/alerts/{alert.id}").text
        pages += [site.client.get("/alerts").text, alert_page]
        escalated = site.post(
            f"/alerts/{alert.id}/escalate", {"child_name": "Mia Jones", "title": "Image shared"}
        )
        case_url = escalated.headers["location"]
        case_page = site.client.get(case_url).text
        pages.append(case_page)
        for page in (alert_page, case_page):  # a grey placeholder and the facts, never the image
            assert page.count('class="img-placeholder"') >= len(marked)
            assert all(h.sha256 in page and h.md5 in page and h.pdq in page for h in hashes)
            assert "known, entry" in page and "<img" not in page.lower()
        targets = _upload_routes(site.client.app, case_url.rsplit("/", 1)[-1])
        assert {"/alerts/upload", f"{case_url}/attachments"} <= set(targets)
        for path, _marker in marked:
            kind = "image/png" if path.suffix == ".png" else "image/jpeg"
            for target in targets:
                for name, claimed in ((path.name, kind), ("notes.txt", "text/plain")):
                    refused = site.post(
                        target, {}, files={"file": (name, path.read_bytes(), claimed)}
                    )
                    assert refused.status_code == 415, (target, name, refused.status_code)
                    pages.append(refused.text)
        pages += [site.client.get(case_url).text, site.client.get("/audit").text]
    db_files = [p for p in tmp_path.iterdir() if p.name.startswith("dashboard.sqlite3")]
    _check_all(
        marked,
        [*db_files, private_tmp, *temp.changed()],
        [*pages, caplog.text],
    )


def test_api_conversation_with_image_attachments_leaks_nothing(
    tmp_path: Path,
    private_tmp: Path,
    marked_chat: tuple[Path, Path, Marked],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The HTTP API (``safeguard.api``): skipped only when that package is not installed."""
    pytest.importorskip("safeguard.api", reason="the HTTP API package is not present")
    from fastapi.testclient import TestClient

    from safeguard.api.app import api_engine, create_api_app
    from safeguard.api.config import ApiConfig
    from safeguard.api.serving import mounted
    from safeguard.api.token_admin import create_token
    from safeguard.api.tokens import Scope
    from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork
    from safeguard.storage.migrate import upgrade

    chat, _banks, marked = marked_chat
    conversation = json.loads(chat.read_text(encoding="utf-8"))
    png, jpg = (path for path, _marker in marked)
    # One attachment by absolute path, one relative, one missing: whatever the API does with
    # them, no part of an image may end up in its database, logs, responses or temp files.
    conversation["messages"][1]["attachments"] = [{"type": "image", "path": str(png)}]
    single = {
        "conversation_id": "c12",
        "id": "c12-1",
        "sender": "dan_x",
        "text": "look",
        "attachments": [{"type": "image", "path": jpg.name}],
    }
    db_path = tmp_path / "api.sqlite3"
    url = f"sqlite:///{db_path}"
    engine = api_engine(url)
    upgrade(engine)
    _stored, token = create_token(IngestUnitOfWork.for_engine(engine), "invariant", [*Scope])
    headers = {"Authorization": f"Bearer {token}"}
    texts: list[str | bytes] = []
    with TempDirWatch() as temp, TestClient(mounted(create_api_app(ApiConfig(url), engine))) as c:
        for path, body in (("/conversations", conversation), ("/messages", single)):
            response = c.post(f"/api/v1{path}", json=body, headers=headers)
            assert response.status_code == 200, response.text
            texts.append(response.content)
        read = c.get("/api/v1/conversations/c11/assessment", headers=headers)
        assert read.status_code == 200, read.text
        texts.append(read.content)
    engine.dispose()
    db_files = [p for p in tmp_path.iterdir() if p.name.startswith("api.sqlite3")]
    _check_all(marked, [*db_files, private_tmp, *temp.changed()], [*texts, caplog.text])
