"""Response protocols: every category covered, every source real, unverified actions marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.errors import DataFileError
from safeguard.core.guidance import UNVERIFIED_MARK, load_protocols, read_protocols
from safeguard.core.ukcis import load_ukcis

from .helpers import broken_copy, entry, packaged


@pytest.mark.parametrize("category", CATEGORY_IDS)
def test_every_category_has_at_least_one_do_and_one_dont(category: str) -> None:
    kinds = {action.kind for action in load_protocols().actions_for(category)}
    assert kinds == {"do", "dont"}


def test_every_action_source_exists_with_the_tag_it_claims() -> None:
    ukcis_ids = {node.id for node in load_ukcis().nodes()}
    listed = {item["id"]: item["tag"] for item in packaged("protocols.yaml")["sources"]}
    for action in load_protocols().actions:
        for source in action.sources:
            assert source.ref in ukcis_ids or source.ref in listed, (action.id, source.ref)
            expected = (
                load_ukcis().node(source.ref).tag if source.ref in ukcis_ids else listed[source.ref]
            )
            assert source.tag == expected


def test_action_ids_are_unique() -> None:
    ids = [a.id for a in load_protocols().actions]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("action_id", "verified"),
    [
        ("never_view_imagery", True),  # F2, V8
        ("dont_delete_images", True),  # F4 is R but the NCA alert (B8) is V
        ("dont_challenge_abuser", False),  # general practice only
        ("stay_with_child_at_risk", False),
        ("dont_search_device", True),
    ],
)
def test_action_is_verified_only_with_a_v_source(action_id: str, verified: bool) -> None:
    action = next(a for a in load_protocols().actions if a.id == action_id)
    assert action.verified is verified
    assert action.render("x").endswith(UNVERIFIED_MARK) is (not verified)


def test_device_step_is_configurable_and_defaults_to_flight_mode() -> None:
    protocols = load_protocols()
    assert protocols.default_device_step == "flight_mode"
    secure = next(a for a in protocols.actions if a.id == "secure_device")
    for step in protocols.device_steps.values():
        text = secure.render(step.text)
        assert step.text in text and "{" not in text


def test_never_view_applies_to_every_image_category() -> None:
    never_view = next(a for a in load_protocols().actions if a.id == "never_view_imagery")
    assert {"sexual_imagery", "image_solicitation", "sextortion"} <= set(never_view.applies_to)


def _unknown_source(data: Any) -> None:
    entry(data, "actions", "tell_dsl_now")["source"] = {"F9": "V"}


def _wrong_tag(data: Any) -> None:
    entry(data, "actions", "dont_question_child")["source"] = {"F4": "V"}


def _unknown_category(data: Any) -> None:
    entry(data, "actions", "record_concern")["applies_to"].append("cyberstalking")


def _bad_kind(data: Any) -> None:
    entry(data, "actions", "record_concern")["kind"] = "maybe"


def _no_dont_for_personal_info(data: Any) -> None:
    entry(data, "actions", "dont_blame_or_ban")["applies_to"] = ["adult_content_exposure"]


def _protocol_missing(data: Any) -> None:
    data["protocols"] = [p for p in data["protocols"] if p["id"] != "bullying"]


def _source_shadows_node(data: Any) -> None:
    data["sources"].append({"id": "F1", "tag": "V", "title": "shadow"})


def _bad_device_default(data: Any) -> None:
    data["device_securing"]["default"] = "smash_it"


def _bad_fact(data: Any) -> None:
    data["ukcis_facts"]["categories"]["sextortion"] = ["paid"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_unknown_source, "entry 'tell_dsl_now': field 'source': unknown source 'F9'"),
        (_wrong_tag, "entry 'dont_question_child': field 'source': F4 is tagged R"),
        (_unknown_category, "entry 'record_concern': field 'applies_to': unknown 'cyberstalking'"),
        (_bad_kind, "entry 'record_concern': field 'kind'"),
        (_no_dont_for_personal_info, "no 'dont' action applies to 'personal_info'"),
        (_protocol_missing, "no protocol 'bullying'"),
        (_source_shadows_node, "entry 'F1': field 'id': is already a UKCIS node id"),
        (_bad_device_default, "entry 'device_securing': field 'default'"),
        (_bad_fact, "entry 'ukcis_facts.categories': field 'sextortion': unknown 'paid'"),
    ],
)
def test_broken_protocols_name_file_entry_and_field(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    with pytest.raises(DataFileError) as error:
        read_protocols(broken_copy(tmp_path, "protocols.yaml", mutate))
    assert str(error.value).startswith("protocols.yaml: ")
    assert expected in str(error.value)
