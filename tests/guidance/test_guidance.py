"""guidance_for: what the assessor attaches to an assessment."""

from __future__ import annotations

import pytest

from safeguard.core.guidance import UNVERIFIED_MARK, Guidance, Guide, guidance_for, load_protocols
from safeguard.core.levels import RiskLevel

HIGH, LOW, NONE = RiskLevel.HIGH, RiskLevel.LOW, RiskLevel.NONE


def _groups(guidance: Guidance) -> list[str]:
    """The group of each action, in order: immediate, ukcis, do or dont."""
    actions = {a.id: a for a in load_protocols().actions}
    out = []
    for action_id in guidance.action_ids:
        if action_id.startswith("ukcis:"):
            out.append("ukcis")
        elif actions[action_id].urgency == "immediate":
            out.append("immediate")
        else:
            out.append(actions[action_id].kind)
    return out


def test_nothing_raised_means_no_guidance() -> None:
    assert guidance_for([]) == Guidance((), (), (), (), ())
    assert guidance_for([("grooming", NONE)]) == Guidance((), (), (), (), ())


def test_low_is_enough_for_guidance() -> None:
    assert guidance_for([("personal_info", LOW)]).actions


@pytest.mark.parametrize(
    "categories",
    [
        [("grooming", HIGH)],
        [("self_harm_risk", RiskLevel.CRITICAL), ("threats_abuse", LOW)],
        [("personal_info", LOW), ("adult_content_exposure", RiskLevel.MEDIUM)],
        [("sexual_imagery", HIGH), ("grooming", LOW)],
    ],
)
def test_immediate_first_then_dos_then_donts(categories: list[tuple[str, RiskLevel]]) -> None:
    groups = [g for g in _groups(guidance_for(categories)) if g != "ukcis"]
    rank = {"immediate": 0, "do": 1, "dont": 2}
    assert groups == sorted(groups, key=rank.__getitem__)
    assert "do" in groups and "dont" in groups


def test_actions_and_agencies_are_deduplicated_across_categories() -> None:
    together = guidance_for([("grooming", HIGH), ("sexual_conversation", HIGH)])
    alone = guidance_for([("grooming", HIGH)])
    assert together.action_ids == alone.action_ids
    assert len(together.agency_ids) == len(set(together.agency_ids))
    assert together.action_ids.count("tell_dsl_now") == 1


def test_the_same_category_twice_counts_at_its_highest_level() -> None:
    assert guidance_for([("grooming", NONE), ("grooming", LOW)]).actions


def test_actions_and_ids_line_up() -> None:
    guidance = guidance_for([("sextortion", HIGH)])
    assert len(guidance.actions) == len(guidance.action_ids)
    assert len(guidance.agencies) == len(guidance.agency_ids)
    assert (
        "ceop.police.uk/safety-centre"
        in guidance.agencies[guidance.agency_ids.index("ceop_safety_centre")]
    )


def test_sextortion_guidance_embodies_the_nca_response() -> None:
    guidance = guidance_for([("sextortion", HIGH)], child_age=15)
    ids = guidance.action_ids
    assert {
        "sextortion_advice",
        "get_images_removed",
        "never_view_imagery",
        "dont_delete_images",
    } <= set(ids)
    assert {"ceop_safety_centre", "report_remove", "take_it_down"} <= set(guidance.agency_ids)
    # blackmail with images is T2: refer now, and that goes before the ordinary do's
    assert guidance.ukcis_triggers == (
        "T2 coerced, blackmailed or groomed, or capacity to consent in doubt",
    )
    assert ids.index("ukcis:refer_immediately") < ids.index("reassure_child")


def test_adult_involved_with_images_is_s1_and_t1() -> None:
    guidance = guidance_for([("sexual_imagery", HIGH)], adult_involved=True)
    assert guidance.ukcis_triggers[0] == "T1 adult involved"
    refer = guidance.actions[guidance.action_ids.index("ukcis:refer_immediately")]
    assert "child sexual abuse" in refer


def test_image_categories_without_known_facts_ask_the_ukcis_questions() -> None:
    guidance = guidance_for([("sexual_imagery", RiskLevel.MEDIUM)], child_age=12)
    assert guidance.ukcis_triggers == ()
    assert "ukcis:gather_information" in guidance.action_ids
    assert "ukcis:ask:T4" in guidance.action_ids  # under 13: do the images show sexual acts?


def test_low_level_signals_leave_ukcis_facts_unknown() -> None:
    # image solicitation at low is a weak signal: coercion is a question, not a finding
    low = guidance_for([("image_solicitation", LOW)], adult_involved=False)
    assert low.ukcis_triggers == () and "ukcis:ask:T2" in low.action_ids
    high = guidance_for([("image_solicitation", HIGH)], adult_involved=False)
    assert high.ukcis_triggers and high.ukcis_triggers[0].startswith("T2")


def test_no_ukcis_for_categories_without_images() -> None:
    guidance = guidance_for([("grooming", HIGH)], adult_involved=True)
    assert guidance.ukcis_triggers == ()
    assert not any(i.startswith("ukcis:") for i in guidance.action_ids)


def test_outside_england_guidance_says_the_england_flow_does_not_apply() -> None:
    guidance = guidance_for([("sexual_imagery", HIGH)], adult_involved=True, jurisdiction="wales")
    assert guidance.ukcis_triggers == ()
    text = guidance.actions[guidance.action_ids.index("ukcis:not_covered")]
    assert "does not apply in Wales" in text


@pytest.mark.parametrize(
    ("jurisdiction", "present", "absent"),
    [
        ("england", "local_childrens_social_care", "ni_hsct_gateway"),
        ("ni", "ni_hsct_gateway", "local_childrens_social_care"),
        ("us", "ncmec_cybertipline", "ceop_safety_centre"),
        ("au", "esafety_commissioner", "childline"),
    ],
)
def test_agencies_follow_the_jurisdiction(jurisdiction: str, present: str, absent: str) -> None:
    ids = guidance_for([("grooming", HIGH)], jurisdiction=jurisdiction).agency_ids
    assert present in ids and absent not in ids


def test_agencies_follow_the_childs_age() -> None:
    young = guidance_for([("threats_abuse", HIGH)], child_age=11).agency_ids
    assert "childline" in young and "report_harmful_content" not in young
    teen = guidance_for([("threats_abuse", HIGH)], child_age=14).agency_ids
    assert "report_harmful_content" in teen


def test_unverified_actions_are_marked_and_verified_ones_are_not() -> None:
    guidance = guidance_for([("grooming", HIGH)])
    text = dict(zip(guidance.action_ids, guidance.actions, strict=True))
    assert text["dont_challenge_abuser"].endswith(UNVERIFIED_MARK)
    assert not text["tell_dsl_now"].endswith(UNVERIFIED_MARK)


def test_unconfigured_local_numbers_are_shown_as_such_until_a_setting_adds_them() -> None:
    shipped = guidance_for([("grooming", HIGH)])
    mash = shipped.agencies[shipped.agency_ids.index("local_childrens_social_care")]
    assert "NOT CONFIGURED" in mash
    guide = Guide.create(
        overrides={
            "local_childrens_social_care": {
                "contacts": [{"kind": "phone", "value": "01000 000002"}],
                "last_verified": "2026-10-01",
            }
        },
        device_securing="powered_on_isolated",
    )
    local = guide.guidance_for([("grooming", HIGH)])
    assert "01000 000002" in local.agencies[local.agency_ids.index("local_childrens_social_care")]
    secure = local.actions[local.action_ids.index("secure_device")]
    assert "switched on but cut off" in secure


def test_unknown_category_or_jurisdiction_or_device_step_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        guidance_for([("cyberstalking", HIGH)])
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        guidance_for([("grooming", HIGH)], jurisdiction="mars")
    with pytest.raises(ValueError, match="device_securing"):
        Guide.create(device_securing="microwave")
