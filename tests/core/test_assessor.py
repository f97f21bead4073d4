"""The assessor: who said what to whom, escalation, grooming stages, early warning."""

from __future__ import annotations

from safeguard.core.engine import ScanEngine
from safeguard.core.levels import RiskLevel

from .helpers import conversation

ENGINE = ScanEngine()

GROOMING_ROWS = [
    ("sam", "hey, you were really good in the stream today"),
    ("lily", "thanks lol"),
    ("sam", "you seem so mature for your age"),
    ("lily", "haha ok"),
    ("sam", "are your parents home tonight?"),
    ("lily", "no they're out"),
    ("sam", "dont tell your mum we talk, she wouldnt get it"),
    ("sam", "send me a pic, just for me"),
    ("lily", "i dont want to"),
    ("sam", "come on just one pic"),
]


def test_when_several_grooming_stages_then_grooming_is_high_with_a_stage_timeline() -> None:
    a = ENGINE.assess(conversation(GROOMING_ROWS))
    grooming = a.category("grooming")
    assert grooming is not None
    assert grooming.level >= RiskLevel.HIGH
    stages = [s.stage for s in grooming.stages]
    assert stages[:3] == ["rapport", "probing", "secrecy"]
    assert "image_request" in stages
    # Early warning: raised before the image request, once three stages were shown.
    ids = [m.id for m in conversation(GROOMING_ROWS).messages]
    assert ids.index(grooming.first_flag_message_id or "") < ids.index("t-8")


def test_when_request_repeated_after_refusal_then_escalated() -> None:
    a = ENGINE.assess(conversation(GROOMING_ROWS))
    images = a.category("image_solicitation")
    assert images is not None and images.escalated
    assert any("asked again" in e.why for e in images.evidence)
    without_refusal = [r for r in GROOMING_ROWS if r[1] != "i dont want to"]
    calm = ENGINE.assess(conversation(without_refusal)).category("image_solicitation")
    assert calm is not None and not calm.escalated
    assert calm.score < images.score


def test_when_the_child_requests_then_weight_is_discounted() -> None:
    rows = [("mia", "send me a pic just for me"), ("jo", "lol no")]
    unknown = ENGINE.assess(conversation(rows)).category("image_solicitation")
    child = ENGINE.assess(conversation(rows, roles={"mia": "child"})).category("image_solicitation")
    adult = ENGINE.assess(conversation(rows, roles={"mia": "adult"})).category("image_solicitation")
    assert unknown is not None and adult is not None
    assert child is None or child.score < unknown.score
    assert adult.score == unknown.score


def test_when_an_adult_discloses_self_harm_words_then_discounted_but_child_is_not() -> None:
    rows = [("ash", "i want to kill myself")]
    child = ENGINE.assess(conversation(rows, roles={"ash": "child"})).category("self_harm_risk")
    adult = ENGINE.assess(conversation(rows, roles={"ash": "adult"})).category("self_harm_risk")
    assert child is not None and child.level >= RiskLevel.HIGH
    assert adult is None or adult.score < child.score


def test_every_flagged_category_has_evidence_pointing_at_messages() -> None:
    conv = conversation(GROOMING_ROWS)
    ids = {m.id for m in conv.messages}
    a = ENGINE.assess(conv)
    assert a.categories
    for c in a.categories:
        assert c.evidence
        assert {e.message_id for e in c.evidence} <= ids
        assert c.first_flag_message_id in ids
        assert all(e.why for e in c.evidence)


def test_when_nothing_found_then_risk_none_and_no_categories() -> None:
    a = ENGINE.assess(conversation([("a", "see you at football at 6"), ("b", "ok bring water")]))
    assert a.risk is RiskLevel.NONE and a.score == 0 and a.categories == ()


def test_output_matches_the_design_contract() -> None:
    out = ENGINE.assess(conversation(GROOMING_ROWS)).to_dict()
    assert set(out) == {"conversation_id", "risk", "score", "categories", "actions", "agencies"}
    for c in out["categories"]:
        assert {"category", "level", "score", "first_flag_message_id", "evidence"} <= set(c)
        for e in c["evidence"]:
            assert set(e) == {"message_id", "why"}
