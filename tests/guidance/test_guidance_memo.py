"""guidance_for remembers the shipped guide's answers (a scan asks the same few questions)."""

from __future__ import annotations

from safeguard.core.guidance import default_guide, guidance_for
from safeguard.core.levels import RiskLevel


def test_remembered_guidance_equals_the_guides_own_answer() -> None:
    categories = [("grooming", RiskLevel.HIGH), ("personal_info", RiskLevel.LOW)]
    first = guidance_for(categories, child_age=13, adult_involved=True)
    again = guidance_for(list(categories), child_age=13, adult_involved=True)
    assert again is first
    direct = default_guide().guidance_for(categories, child_age=13, adult_involved=True)
    assert first == direct


def test_each_question_is_remembered_apart() -> None:
    high = guidance_for([("sexual_imagery", RiskLevel.HIGH)], child_age=12)
    other = guidance_for([("sexual_imagery", RiskLevel.HIGH)], child_age=16)
    assert high == default_guide().guidance_for([("sexual_imagery", RiskLevel.HIGH)], child_age=12)
    assert other == default_guide().guidance_for([("sexual_imagery", RiskLevel.HIGH)], child_age=16)


def test_unhashable_entries_are_answered_without_remembering() -> None:
    entry = ["grooming", RiskLevel.HIGH]
    answer = guidance_for([entry])  # type: ignore[list-item]
    assert answer == default_guide().guidance_for([("grooming", RiskLevel.HIGH)])
