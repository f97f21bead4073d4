"""The assessor weakens words reported from elsewhere (a lesson, the news, a script)."""

from __future__ import annotations

from safeguard.core.engine import ScanEngine

from .helpers import conversation

ENGINE = ScanEngine()


def _score(text: str, category: str) -> float:
    found = ENGINE.assess(conversation([("a", "hi"), ("b", text)])).category(category)
    return found.score if found is not None else 0.0


def test_a_warning_sign_quoted_from_a_lesson_scores_less_than_the_same_words_said() -> None:
    said = _score("send me a pic just for me", "image_solicitation")
    taught = _score(
        'the warning signs are if someone says "send me a pic just for me"', "image_solicitation"
    )
    assert said > 0
    assert taught < said * 0.5


def test_a_line_rehearsed_for_a_play_scores_less_than_a_threat() -> None:
    threat = _score("i will kill you for this", "threats_abuse")
    line = _score('do i say "i will kill you for this" before the letter', "threats_abuse")
    assert threat > 0
    assert line < threat * 0.5


def test_a_child_quoting_what_he_said_to_her_is_not_discounted() -> None:
    direct = _score("send me a pic just for me", "image_solicitation")
    quoted = _score('he said "send me a pic just for me"', "image_solicitation")
    assert quoted == direct


def test_a_low_related_category_is_named_when_the_conversation_is_already_an_alert() -> None:
    from safeguard.core.assessor import AssessorConfig, ConversationAssessor
    from safeguard.core.detector import ConversationView
    from safeguard.core.levels import RiskLevel
    from safeguard.core.signals import Signal

    conv = conversation([("x", "one"), ("x", "two"), ("x", "three")])

    def signal(category: str, index: int, weight: float) -> Signal:
        return Signal(
            category=category,
            message_index=index,
            message_id=f"t-{index + 1}",
            sender="x",
            weight=weight,
            reason="r",
            detector="d",
            detector_version="1",
            rule=f"{category}.r",
        )

    assessor = ConversationAssessor(AssessorConfig())
    view = ConversationView.of(conv)
    alone = assessor.assess(view, [signal("image_solicitation", 0, 0.3)])
    low = alone.category("image_solicitation")
    assert low is not None and low.level is RiskLevel.LOW
    both = assessor.assess(view, [signal("image_solicitation", 0, 0.3), signal("grooming", 2, 0.8)])
    raised = both.category("image_solicitation")
    assert raised is not None and raised.level is RiskLevel.MEDIUM
    # Raised no earlier than the related alert.
    assert raised.first_flag_message_id == "t-3"
    # An unrelated category is not raised by it.
    other = assessor.assess(view, [signal("self_harm_risk", 0, 0.3), signal("grooming", 2, 0.8)])
    unrelated = other.category("self_harm_risk")
    assert unrelated is not None and unrelated.level is RiskLevel.LOW
