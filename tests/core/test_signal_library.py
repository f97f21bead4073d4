"""The phrase library: which phrasing raises which category, and what context suppresses it."""

from __future__ import annotations

import pytest

from safeguard.core.detector import ConversationView
from safeguard.core.detectors.signal_library_detector import SignalLibraryDetector
from safeguard.core.errors import DataFileError
from safeguard.core.lexicon import compile_lexicon, expand_pattern

from .helpers import conversation

DETECTOR = SignalLibraryDetector()


def categories_in(*rows: tuple[str, str]) -> set[str]:
    view = ConversationView.of(conversation(list(rows)))
    return {s.category for s in DETECTOR.detect(view)}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("don't tell your mum about us ok", "grooming"),
        ("keep this between you and me", "grooming"),
        ("delete our chats after you read them", "grooming"),
        ("are you home alone rn?", "grooming"),
        ("ur so mature for ur age", "grooming"),
        ("add me on snap its more private", "grooming"),
        ("come on your own, don't bring anyone", "grooming"),
        ("send me a pic, just for me", "image_solicitation"),
        ("s3nd n00dz", "image_solicitation"),
        ("take your top off and send one", "image_solicitation"),
        ("what are you wearing right now", "sexual_conversation"),
        ("I'll send them to all your friends unless you pay", "sextortion"),
        ("lock the door and put your camera on", "webcam_abuse"),
        ("her nudes are going round the whole year", "sexual_imagery"),
        ("nobody likes you, everyone hates you", "threats_abuse"),
        ("we made a group just to roast her", "hate_group"),
        ("go kill yourself", "self_harm_encouragement"),
        ("kys", "self_harm_encouragement"),
        ("i just want to die", "self_harm_risk"),
        ("ive been cutting myself again", "self_harm_risk"),
        ("someone made a fake account pretending to be me", "impersonation"),
        ("i'll pay you for a pic", "exploitation_commercial"),
        (
            "wanna earn some easy money? just carry a package for me and ill pay",
            "exploitation_commercial",
        ),
        ("have you ever watched porn", "adult_content_exposure"),
        ("my number is", "personal_info"),
    ],
)
def test_when_risky_phrase_then_category_raised(text: str, category: str) -> None:
    assert category in categories_in(("x", text))


@pytest.mark.parametrize(
    ("rows", "category"),
    [
        ([("a", "send me a pic of your puppy!")], "image_solicitation"),
        ([("a", "can you send a pic of the homework")], "image_solicitation"),
        ([("a", "dont tell mum about the surprise party")], "grooming"),
        (
            [("a", "shh dont tell your dad"), ("b", "ok"), ("a", "his birthday present is hidden")],
            "grooming",
        ),
        ([("a", "i'll kill you next round lol"), ("b", "gg")], "threats_abuse"),
        ([("a", "this exam is killing me")], "self_harm_risk"),
        ([("a", "omg i want to die lol that was so embarrassing")], "self_harm_risk"),
    ],
)
def test_when_benign_context_then_category_not_raised(
    rows: list[tuple[str, str]], category: str
) -> None:
    assert category not in categories_in(*rows)


def test_expand_pattern_covers_alternatives_options_and_groups() -> None:
    groups = {"pet": ["dog", "(guinea pig|cat)"]}
    phrases = expand_pattern("send [me] (a|one) @pet (pic)?", groups, "test")
    assert "send me a dog pic" in phrases
    assert "send one guinea pig" in phrases
    assert "send a cat" in phrases
    assert len(phrases) == 2 * 2 * 3 * 2


def test_a_group_name_may_contain_digits() -> None:
    groups = {"r2_pet": ["dog", "cat"]}
    assert sorted(expand_pattern("my @r2_pet", groups, "test")) == ["my cat", "my dog"]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("category: nonsense\nsignals: []", "category"),
        ("category: grooming\nsignals: [{id: a, reason: r, weight: 2, patterns: [x]}]", "weight"),
        (
            "category: grooming\nsignals: [{id: a, reason: r, weight: 0.5, patterns: ['(x']}]",
            "unbalanced",
        ),
        (
            "category: grooming\n"
            "signals: [{id: a, reason: r, weight: 0.5, patterns: [x], with: [nope]}]",
            "nope",
        ),
        (
            "category: grooming\n"
            "signals: [{id: a, reason: r, weight: 0.5, voice: shout, patterns: [x]}]",
            "voice",
        ),
    ],
)
def test_when_rule_file_is_invalid_then_error_names_file_and_problem(
    rules: str, message: str
) -> None:
    with pytest.raises(DataFileError) as info:
        compile_lexicon({"broken.yaml": rules}, "groups: {}\n")
    assert "broken.yaml" in str(info.value)
    assert message in str(info.value)


def test_a_with_group_counts_within_the_rule_window_and_not_beyond() -> None:
    from safeguard.core.detector import ConversationView

    from .helpers import conversation

    rules = (
        "category: image_solicitation\n"
        "signals:\n"
        "  - id: t.just_for_me\n"
        "    reason: tells the child an image would be private\n"
        "    weight: 0.5\n"
        "    with: [image]\n"
        "    window: 1\n"
        "    patterns: ['just for me']\n"
    )
    lexicon = compile_lexicon({"t.yaml": rules}, "groups:\n  image: [pic]\n")
    detector = SignalLibraryDetector(lexicon)

    def rules_found(rows: list[tuple[str, str]]) -> list[str]:
        return [s.rule for s in detector.detect(ConversationView.of(conversation(rows)))]

    assert rules_found([("a", "send a pic"), ("a", "just for me")]) == ["t.just_for_me"]
    assert rules_found([("a", "send a pic"), ("b", "ok"), ("a", "just for me")]) == []
    assert rules_found([("a", "just for me")]) == []
