"""The agency directory: complete, provenance on every entry, local numbers, staleness."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safeguard.core.agencies import (
    AgencyDirectory,
    load_directory,
    months_before,
    packaged_directory,
    read_directory,
    stale_entries,
)
from safeguard.core.errors import DataFileError

from .helpers import broken_copy, entry

# Every row of PRACTICE.md section C (the MASH row also names the out-of-hours team).
SECTION_C_IDS = {
    "police_emergency",
    "police_non_emergency",
    "local_childrens_social_care",
    "out_of_hours_edt",
    "lado",
    "nspcc_helpline",
    "childline",
    "report_remove",
    "posh",
    "ceop_safety_centre",
    "thinkuknow",
    "iwf_hotline",
    "report_harmful_content",
    "uk_safer_internet_centre",
    "revenge_porn_helpline",
    "stop_it_now",
    "ni_hsct_gateway",
    "ncmec_cybertipline",
    "take_it_down",
    "esafety_commissioner",
    "inhope",
    "virtual_global_taskforce",
}

# The CI freshness rule. The information in a shipped entry (its last_verified date, or the
# date it was taken from the research notes if nobody has verified it live yet) may be at most
# this many months older than the directory's own `reviewed_on` date. The rule is measured
# against `reviewed_on`, never the wall clock, so CI does not start failing on its own one day:
# it fails when a maintainer bumps `reviewed_on` (a review) without re-verifying old entries.
CI_MAX_AGE_MONTHS = 18


def test_directory_has_every_agency_of_practice_section_c() -> None:
    assert packaged_directory().ids == SECTION_C_IDS


@pytest.mark.parametrize("agency_id", sorted(SECTION_C_IDS))
def test_shipped_entry_information_is_fresh_relative_to_the_review(agency_id: str) -> None:
    directory = packaged_directory()
    agency = directory.agency(agency_id)
    oldest_allowed = months_before(directory.reviewed_on, CI_MAX_AGE_MONTHS)
    assert agency.information_date >= oldest_allowed, (
        f"{agency_id}: information from {agency.information_date} is more than "
        f"{CI_MAX_AGE_MONTHS} months older than reviewed_on {directory.reviewed_on}: re-verify it"
    )
    assert agency.information_date <= directory.reviewed_on


@pytest.mark.parametrize("agency_id", sorted(SECTION_C_IDS))
def test_every_entry_carries_provenance(agency_id: str) -> None:
    agency = packaged_directory().agency(agency_id)
    assert agency.source_urls
    assert agency.verification in {"V", "S", "R"}
    assert agency.jurisdiction and agency.audience
    assert agency.configured or agency.configurable


def test_posh_shows_email_first_and_both_numbers_flagged_verify() -> None:
    posh = packaged_directory().agency("posh")
    assert posh.contacts[0].kind == "email"
    phones = {c.value: c.verify for c in posh.contacts if c.kind == "phone"}
    assert phones == {"0344 381 4772": True, "0844 381 4772": True}
    line = posh.one_liner()
    assert line.index("helpline@saferinternet.org.uk") < line.index("0344 381 4772")
    assert line.count("[verify]") == 2


def test_nspcc_hours_are_marked_unverified() -> None:
    nspcc = packaged_directory().agency("nspcc_helpline")
    assert not nspcc.hours_verified
    assert "[hours to verify]" in nspcc.one_liner()


@pytest.mark.parametrize("agency_id", ["local_childrens_social_care", "out_of_hours_edt", "lado"])
def test_local_entries_ship_without_a_number_and_say_so(agency_id: str) -> None:
    agency = packaged_directory().agency(agency_id)
    assert agency.configurable and not agency.contacts and not agency.configured
    assert "NOT CONFIGURED" in agency.one_liner()


def test_ceop_one_liner_names_the_service_what_for_how_and_when() -> None:
    line = packaged_directory().agency("ceop_safety_centre").one_liner()
    assert line == (
        "CEOP Safety Centre (NCA) — report online sexual abuse or grooming: "
        "ceop.police.uk/safety-centre (online form) — form 24/7"
    )


@pytest.mark.parametrize(
    ("agency_id", "jurisdiction", "serves"),
    [
        ("childline", "england", True),
        ("childline", "ni", True),
        ("childline", "us", False),
        ("lado", "scotland", False),
        ("ni_hsct_gateway", "ni", True),
        ("ni_hsct_gateway", "england", False),
        ("take_it_down", "au", True),
        ("esafety_commissioner", "au", True),
        ("esafety_commissioner", "england", False),
    ],
)
def test_serves_by_jurisdiction(agency_id: str, jurisdiction: str, serves: bool) -> None:
    assert packaged_directory().agency(agency_id).serves(jurisdiction) is serves


def test_unknown_jurisdiction_is_rejected() -> None:
    with pytest.raises(ValueError, match="expected one of"):
        packaged_directory().agency("childline").serves("france")


# --- local overrides ---------------------------------------------------------------------------

LOCAL = {
    "local_childrens_social_care": {
        "contacts": [{"kind": "phone", "value": "01000 000001", "note": "front door"}],
        "hours": "Mon-Fri 9am-5pm",
        "last_verified": "2026-10-01",
    }
}


def test_overrides_fill_in_a_local_number() -> None:
    directory = load_directory(LOCAL)
    mash = directory.agency("local_childrens_social_care")
    assert mash.configured and mash.last_verified == date(2026, 10, 1)
    assert "01000 000001 (front door)" in mash.one_liner()
    assert "NOT CONFIGURED" not in mash.one_liner()
    # the shipped directory is untouched
    assert not packaged_directory().agency("local_childrens_social_care").configured


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"childline": {"contacts": [{"kind": "phone", "value": "1"}]}}, "entry 'childline'"),
        ({"mash": {"contacts": [{"kind": "phone", "value": "1"}]}}, "entry 'mash': unknown"),
        ({"lado": {"hours": "9-5"}}, "entry 'lado': field 'contacts': is missing"),
        (
            {"lado": {"contacts": [{"kind": "fax", "value": "1"}]}},
            "entry 'lado.contacts[0]': field 'kind'",
        ),
        (
            {"lado": {"contacts": [{"kind": "phone", "value": "1"}], "phone": "2"}},
            "entry 'lado': field 'phone': is not a known field",
        ),
    ],
)
def test_bad_overrides_are_rejected_by_name(overrides: Any, expected: str) -> None:
    with pytest.raises(DataFileError) as error:
        load_directory(overrides)
    assert str(error.value).startswith("local overrides: ")
    assert expected in str(error.value)


# --- staleness ---------------------------------------------------------------------------------


def _verified_on(day: date) -> AgencyDirectory:
    """The shipped directory as if every entry had been checked live on ``day``."""
    from dataclasses import replace

    base = load_directory(LOCAL)
    agencies = tuple(replace(a, last_verified=day) if a.configured else a for a in base.agencies)
    return replace(base, agencies=agencies)


def test_entries_never_verified_or_not_configured_are_stale() -> None:
    stale = {e.agency.id: e.reason for e in stale_entries(date(2026, 11, 22))}
    assert stale["lado"].startswith("not configured")
    assert stale["childline"] == "never verified against its live source"


def test_entries_verified_recently_are_not_stale_and_old_ones_are() -> None:
    directory = _verified_on(date(2026, 1, 10))
    fresh = {e.agency.id for e in directory.stale_entries(date(2026, 12, 1), max_age_months=12)}
    assert fresh == {"out_of_hours_edt", "lado"}  # only the unconfigured ones
    old = {e.agency.id: e.reason for e in directory.stale_entries(date(2027, 1, 11), 12)}
    assert old["childline"] == "last verified 2026-01-10, more than 12 months ago"
    assert "local_childrens_social_care" in old


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 22), 18, date(2025, 5, 22)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


# --- validation of the file --------------------------------------------------------------------


def _no_contacts(data: Any) -> None:
    entry(data, "agencies", "childline")["contacts"] = []


def _bad_jurisdiction(data: Any) -> None:
    entry(data, "agencies", "childline")["jurisdiction"] = ["europe"]


def _bad_tag(data: Any) -> None:
    entry(data, "agencies", "posh")["verification"] = "X"


def _bad_date(data: Any) -> None:
    entry(data, "agencies", "posh")["last_verified"] = "last spring"


def _missing_last_verified(data: Any) -> None:
    del entry(data, "agencies", "posh")["last_verified"]


def _duplicate(data: Any) -> None:
    data["agencies"].append(dict(entry(data, "agencies", "posh")))


def _bad_age(data: Any) -> None:
    entry(data, "agencies", "childline")["child_age"] = {"min": 18, "max": 5}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_no_contacts, "entry 'childline': field 'contacts': is empty"),
        (_bad_jurisdiction, "entry 'childline': field 'jurisdiction': unknown 'europe'"),
        (_bad_tag, "entry 'posh': field 'verification'"),
        (_bad_date, "entry 'posh': field 'last_verified': expected a date"),
        (_missing_last_verified, "entry 'posh': field 'last_verified': is missing"),
        (_duplicate, "entry 'posh': field 'id': duplicate id"),
        (_bad_age, "entry 'childline': field 'child_age': min 18 is above max 5"),
    ],
)
def test_a_broken_directory_names_file_entry_and_field(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    with pytest.raises(DataFileError) as error:
        read_directory(broken_copy(tmp_path, "agencies.yaml", mutate))
    assert str(error.value).startswith("agencies.yaml: ")
    assert expected in str(error.value)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "agencies.yaml"
    path.write_text("agencies: [unclosed\n", "utf-8")
    with pytest.raises(DataFileError, match=r"^agencies\.yaml: not valid YAML"):
        read_directory(path)
