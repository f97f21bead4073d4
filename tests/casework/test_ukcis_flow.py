"""UKCIS triggers are re-checked over the whole record on every new entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from safeguard.casework.records import Entry
from safeguard.casework.ukcis_flow import evaluate_case

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _entries(*items: tuple[str, dict[str, Any]]) -> list[Entry]:
    return [
        Entry(f"e{i}", "c", kind, data, "u", "U", T0 + timedelta(minutes=i))
        for i, (kind, data) in enumerate(items)
    ]


def _prompts(*items: tuple[str, dict[str, Any]]) -> list[str]:
    status = evaluate_case(_entries(*items), images_expected=True)
    return sorted(hit.trigger.id for hit in status.referral_needed_now)


def test_no_facts_no_prompt_and_information_still_to_gather() -> None:
    status = evaluate_case(_entries(("note", {"text": "a"})), images_expected=True)
    assert status.referral_needed_now == ()
    assert status.decision.outcome.value == "gather_information"


def test_blackmail_in_the_review_prompts_t2() -> None:
    assert _prompts(("ukcis_review", {"f_blackmailed": "yes"})) == ["T2"]


def test_a_referral_answers_the_prompt() -> None:
    referral = ("referral", {"agency": "ceop_safety_centre", "referred_at": "2026-03-02T10:00"})
    assert _prompts(("ukcis_review", {"f_financially_motivated": "yes"}), referral) == []


def test_a_referral_to_a_non_referral_agency_does_not_count() -> None:
    helpline = ("referral", {"agency": "nspcc_helpline", "referred_at": "2026-03-02T10:00"})
    assert _prompts(("ukcis_review", {"f_adult_involved": "yes"}), helpline) == ["T1"]


def test_a_new_trigger_after_a_referral_prompts_again() -> None:
    referral = ("referral", {"agency": "police_non_emergency", "referred_at": "2026-03-02T10:00"})
    later = ("note", {"text": "now says she wants to die", "new_facts": ["immediate_risk_of_harm"]})
    assert _prompts(("ukcis_review", {"f_blackmailed": "yes"}), referral, later) == ["T5"]


def test_the_same_fact_reported_again_after_a_referral_prompts_again() -> None:
    referral = ("decision", {"decision": "refer_police", "reasons": "r"})
    again = ("note", {"text": "more threats", "new_facts": ["blackmailed"]})
    assert _prompts(("ukcis_review", {"f_blackmailed": "yes"}), referral, again) == ["T2"]


def test_under_13_with_sexual_acts_fires_t4() -> None:
    assert _prompts(("note", {"text": "x", "new_facts": ["under_13_sexual_acts"]})) == ["T4"]


def test_a_later_no_answer_withdraws_an_unreferred_trigger() -> None:
    assert (
        _prompts(
            ("ukcis_review", {"f_adult_involved": "yes"}),
            ("ukcis_review", {"f_adult_involved": "no"}),
        )
        == []
    )


def test_viewing_defaults_to_undecided_then_records_the_decision() -> None:
    assert evaluate_case(_entries()).viewing == "undecided"
    status = evaluate_case(_entries(("viewing", {"decision": "not_viewed"})))
    assert status.viewing == "not_viewed"
