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
