"""Every detector passes the same contract: declared metadata, valid signals, evidence offsets."""

from __future__ import annotations

import pytest

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.detectors.adult_domain_detector import AdultDomainDetector
from safeguard.core.detectors.personal_info_detector import PersonalInfoDetector
from safeguard.core.detectors.signal_library_detector import SignalLibraryDetector

from .helpers import conversation

DETECTORS: list[Detector] = [SignalLibraryDetector(), PersonalInfoDetector(), AdultDomainDetector()]

RISKY = conversation(
    [
        ("dan", "hey, are you home alone?"),
        ("mia", "yeah mum's at work till 9, my number is 07700 900123"),
        ("dan", "dont tell ur mum about me, send me a pic just for me"),
        ("dan", "look at this pornhub.com/abc"),
        ("dan", "i'll share your pics with all your friends unless you pay"),
    ]
)
EMPTY = conversation([("a", "")])


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detector_declares_name_version_and_known_categories(detector: Detector) -> None:
    assert detector.name and detector.version
    assert detector.categories
    assert set(detector.categories) <= set(CATEGORY_IDS)


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detector_signals_are_valid_and_point_at_the_original_text(detector: Detector) -> None:
    signals = detector.detect(ConversationView.of(RISKY))
    assert signals, f"{detector.name} found nothing in a conversation written to trigger it"
    for s in signals:
        assert s.category in detector.categories
        assert 0 < s.weight <= 1
        assert s.reason and s.reason[0].islower() is not None
        message = RISKY.messages[s.message_index]
        assert s.message_id == message.id and s.sender == message.sender
        assert s.detector == detector.name
        assert s.span is not None
        assert message.text[s.span[0] : s.span[1]] == s.quote
        assert s.quote.strip()


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detector_finds_nothing_in_an_empty_message(detector: Detector) -> None:
    assert list(detector.detect(ConversationView.of(EMPTY))) == []
