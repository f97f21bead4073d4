"""The image detector: bank matches and nudity become sexual_imagery evidence, never the image."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.conversation import Attachment, Conversation, Message
from safeguard.core.detector import ConversationView
from safeguard.core.levels import RiskLevel
from safeguard.images.hash_bank import BankEntry, HashBank, SignalType
from safeguard.images.image_detector import ImageDetector
from safeguard.images.image_hashes import hash_image_file
from safeguard.images.nudity import NudityScorer

from .generated import save, shapes_image


class FakeModel:
    def __init__(self, detections: list[dict[str, Any]]) -> None:
        self.detections = detections
        self.calls = 0

    def detect(self, image: np.ndarray) -> list[dict[str, Any]]:
        self.calls += 1
        return self.detections


def _conversation(folder: Path, *attachments: tuple[str, str]) -> Conversation:
    messages = [Message(id="c1-1", sender="dan_x", text="hey")]
    for n, (kind, path) in enumerate(attachments, start=2):
        messages.append(
            Message(
                id=f"c1-{n}",
                sender="dan_x",
                text="just for you",
                attachments=(Attachment(type=kind, path=path),),
            )
        )
    return Conversation(id="c1", messages=tuple(messages), source=str(folder / "chat.jsonl"))


@pytest.fixture
def known(tmp_path: Path) -> tuple[Path, HashBank]:
    """A generated image in img/, and a bank holding the PDQ of a resized copy of it."""
    (tmp_path / "img").mkdir()
    image = shapes_image(31, (400, 300))
    save(image, tmp_path / "img" / "1.png")
    copy = save(image.resize((200, 150)), tmp_path / "bank-source.jpg", quality=80)
    entry = BankEntry.create(SignalType.PDQ, hash_image_file(copy).pdq, entry_id="k1")
    return tmp_path, HashBank(name="known-images", labels=("csam",)).with_entries([entry])


def test_detector_declares_contract_metadata() -> None:
    assert ImageDetector.name and ImageDetector.version
    assert set(ImageDetector.categories) <= set(CATEGORY_IDS)


def test_when_attachment_matches_bank_then_signal_with_plain_reason(
    known: tuple[Path, HashBank],
) -> None:
    folder, bank = known
    detector = ImageDetector([bank], score_nudity=False)
    conversation = _conversation(folder, ("image", "img/1.png"))
    [signal] = detector.detect(ConversationView.of(conversation))
    facts = hash_image_file(folder / "img" / "1.png")
    assert signal.category == "sexual_imagery"
    assert (signal.message_id, signal.message_index, signal.sender) == ("c1-2", 1, "dan_x")
    assert signal.reason.startswith("image matches known-image bank 'known-images' (PDQ distance ")
    assert f"quality {facts.quality})" in signal.reason
    assert signal.quote.startswith(f"image sha256 {facts.sha256}")
    assert signal.rule == "hash_bank:known-images:pdq"
    assert 0.85 <= signal.weight <= 0.97


def test_inspect_gives_facts_for_placeholder(known: tuple[Path, HashBank]) -> None:
    folder, bank = known
    detector = ImageDetector([bank], score_nudity=False)
    [facts] = detector.inspect(_conversation(folder, ("image", "img/1.png")))
    assert facts.path == "img/1.png"
    assert facts.risk is RiskLevel.CRITICAL
    assert facts.matches[0].entry_id == "k1"
    data = facts.as_dict()
    assert set(data) >= {"sha256", "md5", "pdq", "quality", "matches", "nudity_labels", "risk"}
    assert data["skipped"] is None


def test_when_exact_sha256_in_bank_then_exact_reason(tmp_path: Path) -> None:
    save(shapes_image(32), tmp_path / "a.png")
    sha = hash_image_file(tmp_path / "a.png").sha256
    bank = HashBank(name="exact").with_entries([BankEntry.create(SignalType.SHA256, sha)])
    [signal] = ImageDetector([bank], score_nudity=False).detect(
        ConversationView.of(_conversation(tmp_path, ("image", "a.png")))
    )
    assert signal.reason == "image matches known-image bank 'exact' (exact SHA256)"
    assert signal.weight == 0.98


def test_when_no_bank_matches_and_nudity_off_then_no_signal(tmp_path: Path) -> None:
    save(shapes_image(33), tmp_path / "a.png")
    detector = ImageDetector([], score_nudity=False)
    view = ConversationView.of(_conversation(tmp_path, ("image", "a.png")))
    assert detector.detect(view) == []
    assert detector.inspect(view.conversation)[0].risk is RiskLevel.NONE


@pytest.mark.parametrize(
    ("attachment", "skipped"),
    [
        (("image", "img/missing.jpg"), "image file not found"),
        (("image", "notes.png"), "not a decodable image (UnidentifiedImageError)"),
    ],
)
def test_when_attachment_unusable_then_skipped_with_reason(
    tmp_path: Path, attachment: tuple[str, str], skipped: str, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "notes.png").write_text("hello")
    detector = ImageDetector([], score_nudity=False)
    conversation = _conversation(tmp_path, attachment)
    [facts] = detector.inspect(conversation)
    assert facts.skipped == skipped and facts.sha256 == ""
    assert detector.detect(ConversationView.of(conversation)) == []
    assert "c1-2" in caplog.text and attachment[1] not in caplog.text


def test_non_image_attachments_are_ignored(tmp_path: Path) -> None:
    save(shapes_image(34), tmp_path / "a.png")
    detector = ImageDetector([], score_nudity=False)
    assert detector.inspect(_conversation(tmp_path, ("video", "a.png"))) == ()


def test_when_nudity_model_reports_exposed_labels_then_nudity_signal(tmp_path: Path) -> None:
    save(shapes_image(35), tmp_path / "a.png")
    model = FakeModel([{"class": "FEMALE_BREAST_EXPOSED", "score": 0.9}])
    detector = ImageDetector([], nudity_scorer=NudityScorer(model_factory=lambda: model))
    [signal] = detector.detect(ConversationView.of(_conversation(tmp_path, ("image", "a.png"))))
    assert signal.reason == "local nudity model: exposed-body labels found, risk high"
    assert signal.rule == "nudity_model" and signal.weight == 0.8
    assert "FEMALE_BREAST_EXPOSED" in signal.quote and "sha256" in signal.quote


def test_when_nudity_disabled_then_model_never_called(tmp_path: Path) -> None:
    save(shapes_image(36), tmp_path / "a.png")
    model = FakeModel([{"class": "FEMALE_BREAST_EXPOSED", "score": 0.9}])
    scorer = NudityScorer(model_factory=lambda: model)
    detector = ImageDetector([], score_nudity=False, nudity_scorer=scorer)
    assert detector.detect(ConversationView.of(_conversation(tmp_path, ("image", "a.png")))) == []
    assert model.calls == 0


def test_when_bank_match_and_nudity_then_both_signals_and_risk_critical(
    known: tuple[Path, HashBank],
) -> None:
    folder, bank = known
    model = FakeModel([{"class": "BUTTOCKS_EXPOSED", "score": 0.45}])
    detector = ImageDetector([bank], nudity_scorer=NudityScorer(model_factory=lambda: model))
    conversation = _conversation(folder, ("image", "img/1.png"))
    signals = detector.detect(ConversationView.of(conversation))
    assert sorted(s.rule for s in signals) == ["hash_bank:known-images:pdq", "nudity_model"]
    assert [s.weight for s in signals if s.rule == "nudity_model"] == [0.55]
    assert detector.inspect(conversation)[0].risk is RiskLevel.CRITICAL


def test_when_source_unknown_then_paths_resolve_from_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(shapes_image(37), tmp_path / "a.png")
    monkeypatch.chdir(tmp_path)
    conversation = Conversation(
        id="c2",
        messages=(
            Message(id="m", sender="s", text="", attachments=(Attachment("image", "a.png"),)),
        ),
    )
    [facts] = ImageDetector([], score_nudity=False).inspect(conversation)
    assert facts.skipped is None and len(facts.sha256) == 64
