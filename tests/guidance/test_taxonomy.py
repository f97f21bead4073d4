"""The taxonomy: exactly the fourteen categories, each complete, validated on load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from safeguard.core.agencies import packaged_directory
from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.errors import DataFileError
from safeguard.core.guidance import load_protocols
from safeguard.core.levels import RiskLevel
from safeguard.core.taxonomy import load_taxonomy, read_taxonomy

from .helpers import broken_copy, entry


def test_taxonomy_holds_exactly_the_fourteen_category_ids_in_design_order() -> None:
    assert tuple(c.id for c in load_taxonomy().categories) == CATEGORY_IDS


@pytest.mark.parametrize("category_id", CATEGORY_IDS)
def test_every_category_has_text_protocol_and_agencies(category_id: str) -> None:
    category = load_taxonomy().category(category_id)
    assert category.label and category.definition and category.seed_concern
    assert load_protocols().protocol(category.protocol).title
    assert category.agencies
    assert set(category.agencies) <= packaged_directory().ids
    assert RiskLevel.LOW <= category.default_severity <= category.max_level


@pytest.mark.parametrize(
    ("category_id", "max_level"),
    [
        ("personal_info", RiskLevel.MEDIUM),
        ("sextortion", RiskLevel.CRITICAL),
        ("webcam_abuse", RiskLevel.CRITICAL),
        ("sexual_imagery", RiskLevel.CRITICAL),
        ("exploitation_commercial", RiskLevel.CRITICAL),
        ("threats_abuse", RiskLevel.HIGH),
    ],
)
def test_max_levels_follow_the_brief(category_id: str, max_level: RiskLevel) -> None:
    assert load_taxonomy().category(category_id).max_level is max_level


def test_cap_lowers_a_level_to_the_category_maximum() -> None:
    personal_info = load_taxonomy().category("personal_info")
    assert personal_info.cap(RiskLevel.CRITICAL) is RiskLevel.MEDIUM
    assert personal_info.cap(RiskLevel.LOW) is RiskLevel.LOW


def test_image_categories_are_the_ones_that_bring_in_the_ukcis_flow() -> None:
    assert set(load_taxonomy().image_categories) == {
        "image_solicitation",
        "sextortion",
        "sexual_imagery",
    }


def test_unknown_category_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="cyber_flashing"):
        load_taxonomy().category("cyber_flashing")


def _drop_category(data: Any) -> None:
    data["categories"] = [c for c in data["categories"] if c["id"] != "hate_group"]


def _rename_category(data: Any) -> None:
    entry(data, "categories", "hate_group")["id"] = "hate_groups"


def _bad_level(data: Any) -> None:
    entry(data, "categories", "grooming")["max_level"] = "severe"


def _unknown_agency(data: Any) -> None:
    entry(data, "categories", "grooming")["agencies"].append("samaritans_unlisted")


def _default_above_max(data: Any) -> None:
    entry(data, "categories", "personal_info")["default_severity"] = "high"


def _typo_key(data: Any) -> None:
    entry(data, "categories", "sextortion")["involve_images"] = True


def _missing_label(data: Any) -> None:
    del entry(data, "categories", "impersonation")["label"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_drop_category, "categories: missing hate_group"),
        (_rename_category, "entry 'hate_groups': field 'id'"),
        (_bad_level, "entry 'grooming': field 'max_level'"),
        (_unknown_agency, "entry 'grooming': field 'agencies': unknown 'samaritans_unlisted'"),
        (_default_above_max, "entry 'personal_info': field 'default_severity'"),
        (_typo_key, "entry 'sextortion': field 'involve_images': is not a known field"),
        (_missing_label, "entry 'impersonation': field 'label': is missing"),
    ],
)
def test_a_broken_taxonomy_names_file_entry_and_field(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    path = broken_copy(tmp_path, "taxonomy.yaml", mutate)
    with pytest.raises(DataFileError) as error:
        read_taxonomy(path, agency_ids=packaged_directory().ids)
    assert str(error.value).startswith("taxonomy.yaml: ")
    assert expected in str(error.value)
