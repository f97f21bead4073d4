"""Images in ``safeguard scan``: hashed, matched and scored; facts in the JSON and the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result

from safeguard.cli.main import _register, cli
from safeguard.core.conversation import Attachment, Conversation, Message
from safeguard.core.engine import build_engine
from safeguard.images.attachments import SkippedImage, image_attachments
from safeguard.images.bank_repository import DirectoryHashBankRepository
from safeguard.images.deferred_image_detector import DeferredImageDetector
from safeguard.images.hash_bank import BankEntry, HashBank, SignalType
from safeguard.images.image_detector import ImageDetector
from safeguard.images.image_hashes import hash_image_file
from safeguard.images.nudity import NudityScorer
from safeguard.report.html_report import render_report
from safeguard.scanning import ImageScanOptions, build_scan_engine

from .generated import save, shapes_image

_register()


class FakeModel:
    """Stands in for NudeNet: returns fixed detections for any pixels."""

    def __init__(self, detections: list[dict[str, Any]]) -> None:
        self.detections = detections

    def detect(self, image: np.ndarray) -> list[dict[str, Any]]:
        return self.detections


def _chat(folder: Path, *paths: str, conversation_id: str = "c7") -> Path:
    """A JSONL conversation whose second message carries image attachments at ``paths``."""
    record = {
        "id": conversation_id,
        "participants": [{"id": "mia", "role": "child", "age": 13}, {"id": "dan_x"}],
        "messages": [
            {"id": f"{conversation_id}-1", "sender": "dan_x", "text": "send me a pic, just for me"},
            {
                "id": f"{conversation_id}-2",
                "sender": "dan_x",
                "text": "here",
                "attachments": [{"type": "image", "path": p} for p in paths],
            },
            {"id": f"{conversation_id}-3", "sender": "mia", "text": "ok"},
        ],
    }
    path = folder / "chat.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def scene(tmp_path: Path) -> dict[str, Path]:
    """A chat with img/known.png, a bank folder holding its PDQ, and an unrelated image."""
    (tmp_path / "img").mkdir()
    image = shapes_image(71, (400, 300))
    known = save(image, tmp_path / "img" / "known.png")
    save(shapes_image(72), tmp_path / "img" / "other.png")
    banks = tmp_path / "banks"
    entry = BankEntry.create(SignalType.PDQ, hash_image_file(known).pdq, entry_id="k1")
    DirectoryHashBankRepository(banks).save(
        HashBank(name="known-images", labels=("csam",)).with_entries([entry])
    )
    return {"folder": tmp_path, "known": known, "banks": banks}


def _scan(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["scan", "--no-progress", *[str(a) for a in args]])


def _lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_when_image_in_bank_then_scan_json_carries_image_facts(scene: dict[str, Path]) -> None:
    chat = _chat(scene["folder"], "img/known.png", "img/other.png")
    result = _scan(chat, "--json", "--no-nudity", "--hash-bank", scene["banks"])
    assert result.exit_code == 0, result.output
    [assessment] = _lines(result)
    hashes = hash_image_file(scene["known"])
    assert assessment["risk"] == "critical"
    [imagery] = [c for c in assessment["categories"] if c["category"] == "sexual_imagery"]
    [evidence] = imagery["evidence"]
    assert evidence["message_id"] == "c7-2"
    assert evidence["why"].startswith("image matches known-image bank 'known-images'")
    assert evidence["image"] == {
        "path": "img/known.png",
        "sha256": hashes.sha256,
        "md5": hashes.md5,
        "pdq": hashes.pdq,
        "quality": hashes.quality,
        "match": {
            "bank": "known-images",
            "entry": "k1",
            "hash_type": "pdq",
            "distance": 0,
            "threshold": 31,
            "labels": ["csam"],
        },
        "model": None,
    }


def test_evidence_without_image_keeps_the_old_shape(scene: dict[str, Path]) -> None:
    result = _scan(_chat(scene["folder"]), "--json", "--min-level", "none")
    for category in _lines(result)[0]["categories"]:
        for evidence in category["evidence"]:
            assert set(evidence) == {"message_id", "why"}


def test_when_image_missing_then_warning_names_conversation_message_path(
    scene: dict[str, Path],
) -> None:
    chat = _chat(scene["folder"], "img/gone.png", "img/known.png")
    result = _scan(chat, "--json", "--no-nudity", "--hash-bank", scene["banks"])
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())  # the console may wrap long lines
    assert (
        "warning: conversation c7, message c7-2: image img/gone.png not examined: "
        "image file not found" in warning
    )
    assert "image attachments: 2 (1 not examined)" in warning
    assert "image attachment skipped" not in warning  # said once, not again by the log
    [assessment] = _lines(result)
    assert assessment["risk"] == "critical"  # the other image was still matched


def test_when_image_unreadable_then_warning_and_scan_goes_on(tmp_path: Path) -> None:
    (tmp_path / "broken.png").write_bytes(b"not really a picture")
    result = _scan(_chat(tmp_path, "broken.png"), "--json", "--no-nudity")
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())
    assert "message c7-2: image broken.png not examined: not a decodable image" in warning
    assert _lines(result)[0]["conversation_id"] == "c7"


def test_attachment_path_is_relative_to_the_conversation_file(
    scene: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    chat = _chat(scene["folder"], "img/known.png")
    result = _scan(chat, "--json", "--no-nudity", "--hash-bank", scene["banks"])
    assert _lines(result)[0]["risk"] == "critical" and "warning" not in result.stderr


def test_hash_bank_accepts_one_bank_folder_and_rejects_an_empty_folder(
    scene: dict[str, Path],
) -> None:
    chat = _chat(scene["folder"], "img/known.png")
    one = _scan(chat, "--json", "--no-nudity", "--hash-bank", scene["banks"] / "known-images")
    assert _lines(one)[0]["risk"] == "critical"
    empty = scene["folder"] / "nothing"
    empty.mkdir()
    bad = _scan(chat, "--json", "--hash-bank", empty)
    assert bad.exit_code == 3
    assert f"{empty}: no hash bank here" in " ".join(bad.stderr.split())


def test_no_images_option_skips_image_attachments(scene: dict[str, Path]) -> None:
    chat = _chat(scene["folder"], "img/known.png")
    result = _scan(chat, "--json", "--no-images", "--hash-bank", scene["banks"])
    categories = [c["category"] for c in _lines(result)[0]["categories"]]
    assert "sexual_imagery" not in categories


def test_nudity_labels_become_model_evidence_and_ukcis_guidance(tmp_path: Path) -> None:
    save(shapes_image(73), tmp_path / "a.png")
    model = FakeModel(
        [
            {"class": "FEMALE_BREAST_EXPOSED", "score": 0.91, "box": [0, 0, 1, 1]},
            {"class": "FACE_FEMALE", "score": 0.8, "box": [0, 0, 1, 1]},
        ]
    )
    detector = ImageDetector([], nudity_scorer=NudityScorer(model_factory=lambda: model))
    engine = build_scan_engine()
    engine.detectors.append(detector)
    conversation = _conversation(tmp_path, "a.png")
    assessment = engine.assess(conversation)
    imagery = assessment.category("sexual_imagery")
    assert imagery is not None
    [evidence] = imagery.evidence
    assert evidence.image is not None and evidence.image.match is None
    data = evidence.to_dict()["image"]
    assert data["model"]["name"].startswith("nudenet")
    assert data["model"]["risk"] == evidence.image.model_risk == "high"
    assert {"label": "FEMALE_BREAST_EXPOSED", "score": 0.91} in data["model"]["labels"]
    assert data["sha256"] == hash_image_file(tmp_path / "a.png").sha256
    # UKCIS: an image finding brings the nude-image decision points into the guidance.
    assert any(action.startswith("UKCIS:") for action in assessment.actions)
    assert any("Find out (UKCIS" in action for action in assessment.actions)
    assert any("Report Remove" in agency for agency in assessment.agencies)


def _conversation(folder: Path, *paths: str) -> Conversation:
    return Conversation(
        id="c8",
        messages=(
            Message(id="c8-1", sender="dan_x", text="hi"),
            Message(
                id="c8-2",
                sender="dan_x",
                text="",
                attachments=tuple(Attachment(type="image", path=p) for p in paths),
            ),
        ),
        source=str(folder / "chat.jsonl"),
    )


def test_report_shows_placeholder_and_facts_never_the_image(scene: dict[str, Path]) -> None:
    chat = _chat(scene["folder"], "img/known.png")
    report = scene["folder"] / "out" / "report.html"
    result = _scan(chat, "--no-nudity", "--hash-bank", scene["banks"], "--report", report)
    assert result.exit_code == 0
    html = report.read_text(encoding="utf-8")
    hashes = hash_image_file(scene["known"])
    assert 'class="img-placeholder"' in html and "Image never shown" in html
    for fact in (hashes.sha256, hashes.md5, hashes.pdq, "known-images", "entry k1", "csam"):
        assert fact in html
    assert "distance 0 of 256 (threshold 31)" in html
    lowered = html.lower()
    assert "<img" not in lowered and "data:" not in lowered and "img-src" not in lowered
    assert "known.png" in html  # the file is named, as text, so a DSL can find the device copy
    assert "src=" not in lowered and 'href="img/' not in lowered


def test_report_escapes_the_attachment_path(tmp_path: Path) -> None:
    save(shapes_image(74), tmp_path / "a.png")
    model = FakeModel([{"class": "BUTTOCKS_EXPOSED", "score": 0.95, "box": [0, 0, 1, 1]}])
    detector = ImageDetector([], nudity_scorer=NudityScorer(model_factory=lambda: model))
    engine = build_engine(extra=[detector])
    (tmp_path / "<b>x.png").write_bytes((tmp_path / "a.png").read_bytes())
    conversation = _conversation(tmp_path, "<b>x.png")
    html = render_report([(conversation, engine.assess(conversation))])
    assert "&lt;b&gt;x.png" in html and "<b>x.png" not in html


def test_deferred_detector_builds_nothing_for_text_only_conversations(tmp_path: Path) -> None:
    built: list[int] = []

    def factory() -> ImageDetector:
        built.append(1)
        return ImageDetector([], score_nudity=False)

    deferred = DeferredImageDetector(factory)
    engine = build_engine(extra=[deferred])
    engine.assess(Conversation(id="t", messages=(Message(id="t-1", sender="a", text="hi"),)))
    assert not deferred.loaded and not built
    save(shapes_image(75), tmp_path / "a.png")
    engine.assess(_conversation(tmp_path, "a.png"))
    engine.assess(_conversation(tmp_path, "a.png"))
    assert deferred.loaded and built == [1]
    assert (DeferredImageDetector.name, DeferredImageDetector.version) == (
        ImageDetector.name,
        ImageDetector.version,
    )


def test_skipped_images_reach_the_callback(tmp_path: Path) -> None:
    seen: list[SkippedImage] = []
    engine = build_scan_engine(ImageScanOptions(nudity=False, on_skip=seen.append))
    engine.assess(_conversation(tmp_path, "nope.png"))
    assert seen == [SkippedImage("c8", "c8-2", "nope.png", "image file not found")]
    assert [a.file for a in image_attachments(_conversation(tmp_path, "nope.png"))] == [
        tmp_path / "nope.png"
    ]


_PROBE = """
import sys
from click.testing import CliRunner
from safeguard.cli.main import _register, cli
_register()
result = CliRunner().invoke(cli, ["scan", "--no-progress", "--json", sys.argv[1]])
assert result.exit_code == 0, result.output
watched = ("safeguard.images.image_detector", "onnxruntime", "nudenet")
print(",".join(m for m in watched if m in sys.modules))
"""


def _loaded_modules(chat: Path) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(chat)], capture_output=True, text=True, check=True
    )
    return {name for name in out.stdout.strip().split(",") if name}


def test_text_only_scan_loads_neither_image_detector_nor_nudity_model(tmp_path: Path) -> None:
    assert _loaded_modules(_chat(tmp_path)) == set()


def test_scan_with_an_image_loads_the_nudity_model(tmp_path: Path) -> None:
    save(shapes_image(76), tmp_path / "a.png")
    assert _loaded_modules(_chat(tmp_path, "a.png")) == {
        "safeguard.images.image_detector",
        "onnxruntime",
        "nudenet",
    }
