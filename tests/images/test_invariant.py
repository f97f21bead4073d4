"""The invariant: no path that touches an image keeps, copies, shows or logs any part of it.

Each test embeds a random marker in a generated image, runs one image path, and checks stdout,
stderr, logs, every file the path wrote and every file that appeared or changed in the
temporary folder meanwhile. The helper in ``invariant.py`` is shared so the scan report,
dashboard and API can add their paths here.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from safeguard.cli.main import _register, cli
from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line
from safeguard.core.detector import ConversationView
from safeguard.images.hash_bank import BankEntry, HashBank, SignalType
from safeguard.images.image_detector import ImageDetector
from safeguard.images.image_hashes import hash_image_file
from safeguard.images.nudity import NudityScorer, shipped_nudenet_model

from .invariant import (
    TempDirWatch,
    assert_no_image_leak,
    leak_needles,
    make_marked_image,
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
