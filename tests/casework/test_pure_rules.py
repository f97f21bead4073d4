"""Field validation, scan-file parsing, the audit chain and referral timescales."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from safeguard.casework.audit_chain import GENESIS_HASH, AuditRecord, record_hash, verify_chain
from safeguard.casework.entries import AGENCIES, entry_form
from safeguard.casework.errors import ValidationFailed
from safeguard.casework.scan_import import parse_scan_json
from safeguard.casework.timescales import add_working_days, referral_warning
from safeguard.core.agencies import load_directory
from safeguard.core.errors import RecordError

GOOD = '{"conversation_id": "c1", "risk": "medium", "score": 0.6, "categories": []}'


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (GOOD + "\n{not json", 2, None),
        ('{"conversation_id": "", "risk": "high", "score": 1}', 1, "conversation_id"),
        ('{"conversation_id": "c", "risk": "severe", "score": 1}', 1, "risk"),
        ('{"conversation_id": "c", "risk": "high", "score": 7}', 1, "score"),
        (
            GOOD + '\n\n{"conversation_id": "c", "risk": "high", "score": 1, "categories": '
            '[{"category": "gossip", "level": "high", "score": 1}]}',
            3,
            "categories[0].category",
        ),
        (
            '{"conversation_id": "c", "risk": "high", "score": 1, "categories": [{"category": '
            '"grooming", "level": "high", "score": 1, "evidence": [{"message_id": "m"}]}]}',
            1,
            "categories[0].evidence[0].why",
        ),
    ],
)
def test_scan_file_errors_name_line_and_field(text: str, line: int, field: str | None) -> None:
    with pytest.raises(RecordError) as error:
        parse_scan_json(text, "scan.jsonl")
    assert error.value.line == line and error.value.field == field
    assert str(error.value).startswith(f"scan.jsonl:{line}")


def test_an_empty_scan_file_is_an_error() -> None:
    with pytest.raises(RecordError):
        parse_scan_json("\n\n", "scan.jsonl")


def test_required_when_and_choices() -> None:
    form = entry_form("parents")
    assert form.clean({"informed": "no", "why_not": "father is the risk"})["why_not"]
    with pytest.raises(ValidationFailed) as error:
        form.clean({"informed": "yes"})
    assert set(error.value.errors) == {"when", "by_whom"}


def test_every_referral_agency_is_in_the_directory() -> None:
    ids = load_directory().ids
    assert [key for key, _ in AGENCIES if key not in ids] == ["other"]


def _chain(n: int) -> list[AuditRecord]:
    records, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        args = (
            seq,
            f"2026-01-01T00:00:0{seq}",
            "u",
            "dsl",
            "case.viewed",
            "case",
            "c",
            "k",
            {"case": "c"},
        )
        digest = record_hash(prev, *args)  # type: ignore[arg-type]
        records.append(AuditRecord(*args, prev, digest))  # type: ignore[arg-type]
        prev = digest
    return records


def test_chain_verifies_and_detects_each_kind_of_tampering() -> None:
    records = _chain(4)
    assert verify_chain(records, (4, records[-1].hash)).ok
    edited = [*records[:2], replace(records[2], details={"case": "other"}), records[3]]
    assert verify_chain(edited).first_bad_seq == 3
    assert verify_chain([records[0], *records[2:]]).first_bad_seq == 3
    report = verify_chain(records[:3], (4, records[-1].hash))
    assert not report.ok and "ends at 3" in report.problem


def test_referral_timescales_count_working_days() -> None:
    friday = datetime(2026, 3, 6, 16, tzinfo=UTC)
    assert add_working_days(friday, 1).weekday() == 0
    monday_noon = datetime(2026, 3, 9, 12, tzinfo=UTC)
    assert referral_warning("local_childrens_social_care", friday, False, monday_noon) == ""
    tuesday = datetime(2026, 3, 10, 17, tzinfo=UTC)
    warning = referral_warning("local_childrens_social_care", friday, False, tuesday)
    assert "one working day" in warning and "needs verification" in warning
    assert referral_warning("local_childrens_social_care", friday, True, tuesday) == ""
