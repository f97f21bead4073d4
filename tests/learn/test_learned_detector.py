"""The learned detector end to end on short synthetic conversations (models loaded once)."""

from __future__ import annotations

import pytest

from safeguard.core.conversation import Conversation, Message, Participant, Role
from safeguard.core.detector import ConversationView
from safeguard.learn.dyad import DyadStep, run_dyad
from safeguard.learn.learned_detector import LearnedDetector


@pytest.fixture(scope="module")
def detector() -> LearnedDetector:
    return LearnedDetector()


def _conversation(lines: list[tuple[str, str]], child: str | None = None) -> Conversation:
    messages = tuple(Message(f"t-{i}", s, text) for i, (s, text) in enumerate(lines))
    participants = (Participant(child, Role.CHILD),) if child else ()
    return Conversation("t", messages, participants)


GROOMING = [
    ("adult", "you seem really grown up, not like people your age"),
    ("kid", "haha thanks"),
    ("adult", "is anyone else at yours tonight or just you"),
    ("kid", "just me till 8"),
    ("adult", "keep our chats to yourself yeah, people wouldn't get it"),
    ("kid", "ok"),
    ("adult", "send a photo of you now, only for me"),
]


def test_when_grooming_unfolds_then_dyad_model_flags_the_adult(detector: LearnedDetector) -> None:
    signals = detector.detect(ConversationView.of(_conversation(GROOMING, child="kid")))
    dyad = [s for s in signals if s.rule == "dyad"]
    assert dyad, "the dyad model should raise grooming"
    assert dyad[0].sender == "adult"
    assert dyad[0].category == "grooming"
    assert 0.0 <= dyad[0].weight <= 1.0
    stages = {s.stage for s in signals if s.stage}
    assert {"secrecy", "image_request"} <= stages
    assert len(stages) >= 3
    assert all(s.sender == "adult" for s in signals if s.rule == "dyad")


def test_when_child_asks_the_questions_then_no_dyad_alert_for_the_child(
    detector: LearnedDetector,
) -> None:
    flipped = [("kid" if s == "adult" else "adult", t) for s, t in GROOMING]
    signals = detector.detect(ConversationView.of(_conversation(flipped, child="kid")))
    assert not [s for s in signals if s.rule == "dyad" and s.sender == "kid"]


def test_when_ordinary_chat_then_no_learned_signal(detector: LearnedDetector) -> None:
    lines = [
        ("a", "did you finish the maths homework"),
        ("b", "nearly, question 4 is hard"),
        ("a", "gg in that last round btw"),
        ("b", "see you at football at 6"),
    ]
    signals = detector.detect(ConversationView.of(_conversation(lines)))
    assert [s for s in signals if s.weight >= 0.5] == []


def test_when_self_harm_disclosed_then_self_harm_risk_signal(detector: LearnedDetector) -> None:
    lines = [
        ("a", "you ok? you were quiet today"),
        ("b", "honestly I just want it all to stop, I can't keep going and I've been cutting"),
    ]
    signals = detector.detect(ConversationView.of(_conversation(lines)))
    risk = [s for s in signals if s.category == "self_harm_risk"]
    assert risk and risk[0].message_id == "t-1"
    assert "p=" in risk[0].reason


def test_empty_conversation_has_no_signals(detector: LearnedDetector) -> None:
    assert detector.detect(ConversationView.of(_conversation([]))) == ()


def test_dyad_first_alert_is_where_the_score_crosses() -> None:
    steps = [
        DyadStep(0, 0.0, {"rapport": 1.0}),
        DyadStep(2, 0.1, {"probing": 1.0}),
        DyadStep(4, 0.2, {"secrecy": 1.0}),
        DyadStep(6, 0.3, {"image_request": 1.0}),
    ]
    result = run_dyad(steps, alert=0.6)
    assert result.first_alert == 4
    assert [s for s, _ in result.stages] == ["rapport", "probing", "secrecy", "image_request"]
    scores = [s for _, s in result.scores]
    assert scores == sorted(scores)
    assert run_dyad(steps[:1], alert=0.6).first_alert is None
