"""The UKCIS decision table: scope gate, OR-triggers, the manage-in-setting path, jurisdictions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from safeguard.core.agencies import packaged_directory
from safeguard.core.errors import DataFileError
from safeguard.core.ukcis import (
    FACT_NAMES,
    IncidentFacts,
    UkcisOutcome,
    evaluate_incident,
    load_ukcis,
    read_ukcis,
)

from .helpers import broken_copy, entry

# A youth-produced incident where everything is known and nothing is wrong: no trigger fires.
CLEAR = IncidentFacts(
    images_involved=True,
    adult_involved=False,
    shared_with_adult=False,
    coerced_or_groomed=False,
    blackmailed=False,
    capacity_concern=False,
    unusual_or_violent_acts=False,
    sexual_acts=False,
    youngest_age=15,
    immediate_risk_of_harm=False,
    financially_motivated=False,
    other_harm_concern=False,
    ai_generated=False,
)

# Each trigger, fired alone from the clear incident.
ALONE = [
    ("T1", {"adult_involved": True}),
    ("T2", {"coerced_or_groomed": True}),
    ("T2", {"blackmailed": True}),
    ("T2", {"capacity_concern": True}),
    ("T3", {"unusual_or_violent_acts": True}),
    ("T4", {"sexual_acts": True, "youngest_age": 12}),
    ("T5", {"immediate_risk_of_harm": True}),
    ("T6", {"financially_motivated": True}),
    ("T7", {"other_harm_concern": True}),
]


def test_clear_incident_may_be_managed_in_the_setting() -> None:
    decision = evaluate_incident(CLEAR)
    assert decision.outcome is UkcisOutcome.MANAGE_IN_SETTING
    assert not decision.refer_immediately and decision.in_scope
    assert decision.triggers_fired == () and decision.open_questions == ()
    assert "report_remove" in decision.routes
    # the path rests on R-tagged wording: it must say so
    assert "B3.none" in decision.unverified_steps
    assert {"B4.1", "B2.3"} <= set(decision.unverified_steps)


@pytest.mark.parametrize(("trigger_id", "changes"), ALONE)
def test_each_trigger_fires_alone_and_means_refer_now(
    trigger_id: str, changes: dict[str, Any]
) -> None:
    decision = evaluate_incident(replace(CLEAR, **changes))
    assert [t.id for t in decision.triggers_fired] == [trigger_id]
    assert decision.refer_immediately
    assert decision.outcome is UkcisOutcome.REFER_IMMEDIATELY
    trigger = load_ukcis().trigger(trigger_id)
    assert set(trigger.routes) <= set(decision.routes)
    fired = decision.triggers_fired[0]
    assert fired.reason == trigger.node.text and fired.sources


def test_under_13_without_sexual_acts_does_not_fire_t4() -> None:
    decision = evaluate_incident(replace(CLEAR, youngest_age=12))
    assert decision.outcome is UkcisOutcome.MANAGE_IN_SETTING


def test_sexual_acts_at_13_does_not_fire_t4() -> None:
    decision = evaluate_incident(replace(CLEAR, sexual_acts=True, youngest_age=13))
    assert decision.triggers_fired == ()


def test_triggers_fire_together_in_table_order_with_routes_merged_once() -> None:
    facts = replace(
        CLEAR, financially_motivated=True, blackmailed=True, immediate_risk_of_harm=True
    )
    decision = evaluate_incident(facts)
    assert [t.id for t in decision.triggers_fired] == ["T2", "T5", "T6"]
    assert len(decision.routes) == len(set(decision.routes))
    assert {"police_emergency", "ceop_safety_centre", "take_it_down"} <= set(decision.routes)
    assert "T2" in decision.explanation and "T6" in decision.explanation


def test_s1_adult_involved_is_child_sexual_abuse_refer_to_police_urgently() -> None:
    decision = evaluate_incident(replace(CLEAR, adult_involved=True))
    assert decision.scope_rule == "S1"
    assert not decision.in_scope and decision.refer_immediately
    assert "child sexual abuse" in decision.explanation
    assert "police as a matter of urgency" in decision.explanation
    assert decision.routes[0] == "police_emergency"


def test_s1_peer_image_shared_with_an_adult() -> None:
    decision = evaluate_incident(replace(CLEAR, shared_with_adult=True))
    assert decision.scope_rule == "S1" and decision.refer_immediately
    assert decision.triggers_fired == ()


def test_s2_no_images_is_out_of_scope_general_procedures() -> None:
    decision = evaluate_incident(replace(CLEAR, images_involved=False, adult_involved=True))
    assert decision.outcome is UkcisOutcome.GENERAL_PROCEDURES
    assert decision.scope_rule == "S2" and not decision.in_scope
    assert decision.triggers_fired == ()


def test_s3_ai_generated_imagery_follows_the_same_flow_and_is_marked_secondary() -> None:
    decision = evaluate_incident(replace(CLEAR, ai_generated=True))
    assert decision.scope_rule == "S3" and decision.in_scope
    assert decision.outcome is UkcisOutcome.MANAGE_IN_SETTING
    assert "S3" in decision.unverified_steps


def test_unknown_facts_block_the_manage_in_setting_path() -> None:
    decision = evaluate_incident(replace(CLEAR, capacity_concern=None))
    assert decision.outcome is UkcisOutcome.GATHER_INFORMATION
    assert not decision.refer_immediately
    assert [q.id for q in decision.open_questions] == ["T2"]


def test_nothing_known_asks_every_question_once() -> None:
    decision = evaluate_incident(IncidentFacts())
    ids = [q.id for q in decision.open_questions]
    # S1 asks about adults, so T1 is not asked again
    assert ids == ["S1", "T2", "T3", "T4", "T5", "T6", "T7"]


def test_a_fired_trigger_wins_over_unknown_facts() -> None:
    decision = evaluate_incident(IncidentFacts(blackmailed=True))
    assert decision.refer_immediately
    assert decision.open_questions  # still recorded for the DSL


@pytest.mark.parametrize(
    ("jurisdiction", "names"),
    [
        ("wales", "Welsh Government"),
        ("scotland", "National Guidance for Child Protection in Scotland"),
        ("ni", "Health and Social Care Trust Gateway"),
        ("us", "NCMEC"),
        ("au", "eSafety"),
    ],
)
def test_outside_england_the_england_flow_is_never_applied(jurisdiction: str, names: str) -> None:
    facts = replace(CLEAR, adult_involved=True, jurisdiction=jurisdiction)
    decision = evaluate_incident(facts)
    assert decision.outcome is UkcisOutcome.NOT_COVERED
    assert decision.triggers_fired == () and decision.scope_rule is None
    assert "does not apply" in decision.explanation
    assert decision.applies_instead is not None and names in decision.applies_instead
    assert decision.routes


@pytest.mark.parametrize("jurisdiction", ["us", "au", "global"])
def test_unverified_jurisdiction_rules_are_flagged(jurisdiction: str) -> None:
    decision = evaluate_incident(replace(CLEAR, jurisdiction=jurisdiction))
    assert decision.unverified_steps == (f"B10.{jurisdiction}",)
    assert "[needs verification]" in decision.explanation


def test_ni_routes_to_the_gateway_not_english_social_care() -> None:
    decision = evaluate_incident(replace(CLEAR, jurisdiction="ni"))
    assert "ni_hsct_gateway" in decision.routes
    assert "local_childrens_social_care" not in decision.routes


@pytest.mark.parametrize("age", [-1, 18, 30])
def test_incident_facts_reject_adult_or_impossible_ages(age: int) -> None:
    with pytest.raises(ValueError, match="youngest_age"):
        IncidentFacts(youngest_age=age)


def test_incident_facts_reject_unknown_jurisdiction() -> None:
    with pytest.raises(ValueError, match="jurisdiction"):
        IncidentFacts(jurisdiction="atlantis")


def test_decision_serialises_to_plain_json_types() -> None:
    import json

    data = evaluate_incident(replace(CLEAR, blackmailed=True)).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["triggers_fired"][0]["id"] == "T2"
    assert data["refer_immediately"] is True


# --- the table itself --------------------------------------------------------------------------


def test_table_has_every_node_of_practice_section_b() -> None:
    table = load_ukcis()
    ids = {node.id for node in table.nodes()}
    expected = (
        {f"S{i}" for i in range(1, 4)}
        | {f"F{i}" for i in range(1, 7)}
        | {f"T{i}" for i in range(1, 8)}
        | {f"V{i}" for i in range(1, 9)}
        | {f"B2.{i}" for i in range(1, 10)}
        | {f"B4.{i}" for i in range(1, 8)}
    )
    assert expected <= ids
    assert table.viewing.default == "deny"


def test_every_node_is_source_linked_and_r_nodes_are_never_presented_as_settled() -> None:
    for node in load_ukcis().nodes():
        assert node.sources, node.id
        assert node.jurisdiction == "england", node.id
        assert node.verified is (node.tag == "V"), node.id
        if node.tag == "R":
            assert node.verified_against is None, node.id
            assert not node.verified


@pytest.mark.parametrize(("node_id", "tag"), [("F4", "R"), ("F5", "R"), ("F2", "V"), ("T6", "V")])
def test_tags_follow_practice(node_id: str, tag: str) -> None:
    assert load_ukcis().node(node_id).tag == tag


def test_viewing_exception_fields_cite_viewing_rules() -> None:
    table = load_ukcis()
    required = {f.id for f in table.viewing.exception_fields if f.required}
    assert {"agreed_by", "reasons_in_writing", "second_staff_present", "signed_on"} <= required
    for field in table.viewing.exception_fields:
        assert table.node(field.rule).id.startswith("V")


def test_question_fields_are_unique_structured_keys() -> None:
    table = load_ukcis()
    keys = [q.field for q in (*table.initial_review, *table.risk_assessment)]
    assert len(keys) == len(set(keys))


def test_fact_names_are_the_incident_fact_fields() -> None:
    assert "financially_motivated" in FACT_NAMES and "youngest_age" not in FACT_NAMES


# --- validation --------------------------------------------------------------------------------


def _unknown_fact(data: Any) -> None:
    entry(data, "triggers", "T3")["when"] = "violent_acts"


def _bad_condition(data: Any) -> None:
    entry(data, "triggers", "T4")["when"] = {"some": ["sexual_acts"]}


def _unknown_route(data: Any) -> None:
    entry(data, "triggers", "T1")["routes"] = ["police_emergency", "local_police_station"]


def _r_with_date(data: Any) -> None:
    entry(data, "frontline", "F4")["verified_against"] = "2024-03-11"


def _unknown_source(data: Any) -> None:
    entry(data, "frontline", "F1")["source"] = ["999"]


def _missing_jurisdiction(data: Any) -> None:
    data["jurisdictions"] = [j for j in data["jurisdictions"] if j["id"] != "scotland"]


def _duplicate_node(data: Any) -> None:
    entry(data, "frontline", "F6")["id"] = "T1"


def _no_routes(data: Any) -> None:
    entry(data, "triggers", "T7")["routes"] = []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_unknown_fact, "entry 'T3': field 'when': unknown fact 'violent_acts'"),
        (_bad_condition, "entry 'T4': field 'when': not a condition"),
        (_unknown_route, "entry 'T1': field 'routes': unknown 'local_police_station'"),
        (_r_with_date, "entry 'F4': field 'verified_against': must be null"),
        (_unknown_source, "entry 'F1': field 'source': unknown '999'"),
        (_missing_jurisdiction, "jurisdictions: missing scotland"),
        (_duplicate_node, "entry 'T1': field 'id': used twice"),
        (_no_routes, "entry 'T7': field 'routes': is empty"),
    ],
)
def test_a_broken_table_names_file_entry_and_field(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    path = broken_copy(tmp_path, "ukcis.yaml", mutate)
    with pytest.raises(DataFileError) as error:
        read_ukcis(path, agency_ids=packaged_directory().ids)
    assert str(error.value).startswith("ukcis.yaml: ")
    assert expected in str(error.value)
