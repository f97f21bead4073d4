"""Bank rules: validation, merging imports, quarantine and release."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safeguard.images.hash_bank import BankEntry, HashBank, Quarantine, SignalType

PDQ = "a" * 64


def test_defaults_are_threshold_31_and_quality_gate_50() -> None:
    bank = HashBank(name="known")
    assert (bank.pdq_threshold, bank.quality_gate) == (31, 50)


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"name": "Bad Name"}, "bank name"),
        ({"name": ""}, "bank name"),
        ({"name": "ok", "pdq_threshold": 32}, "between 0 and 31"),
        ({"name": "ok", "pdq_threshold": -1}, "between 0 and 31"),
        ({"name": "ok", "quality_gate": 101}, "quality gate"),
        ({"name": "ok", "labels": ("no spaces",)}, "label"),
    ],
)
def test_when_settings_invalid_then_value_error(options: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        HashBank(**options)  # type: ignore[arg-type]


def test_when_threshold_lowered_then_accepted() -> None:
    assert HashBank(name="strict", pdq_threshold=10).pdq_threshold == 10


def test_when_same_hash_imported_twice_then_labels_merge() -> None:
    bank = HashBank(name="b").with_entries([BankEntry.create(SignalType.PDQ, PDQ, labels=["x"])])
    bank = bank.with_entries([BankEntry.create(SignalType.PDQ, PDQ.upper(), labels=["y"])])
    assert len(bank.entries) == 1
    assert bank.entries[0].labels == ("x", "y")


def test_when_ids_collide_then_made_unique() -> None:
    first = BankEntry.create(SignalType.PDQ, PDQ, entry_id="e")
    second = BankEntry.create(SignalType.PDQ, "b" * 64, entry_id="e")
    bank = HashBank(name="b").with_entries([first, second])
    assert [e.entry_id for e in bank.entries] == ["e", "e-2"]
    allowed = bank.with_entries(
        [BankEntry.create(SignalType.PDQ, "c" * 64, entry_id="e")], allow=True
    )
    assert allowed.allowed[0].entry_id == "e-3"


def test_when_quarantined_then_recorded_and_released() -> None:
    bank = HashBank(name="b").with_entries([BankEntry.create(SignalType.PDQ, PDQ)])
    entry_id = bank.entries[0].entry_id
    since = datetime(2026, 3, 1, tzinfo=UTC)
    held = bank.quarantine(Quarantine(entry_id, since, "surge"))
    assert held.quarantine_of(entry_id) == Quarantine(entry_id, since, "surge")
    assert held.release(entry_id).quarantine_of(entry_id) is None
    with pytest.raises(KeyError):
        bank.release(entry_id)


@pytest.mark.parametrize(
    ("name", "expected"), [("PDQ", "pdq"), ("photo-md5", "md5"), ("sha256", "sha256")]
)
def test_signal_type_aliases(name: str, expected: str) -> None:
    assert SignalType.parse(name).value == expected


def test_entry_lookup_by_id() -> None:
    bank = HashBank(name="b").with_entries([BankEntry.create(SignalType.PDQ, PDQ, entry_id="e1")])
    assert bank.entry("e1").signal == PDQ
    with pytest.raises(KeyError):
        bank.entry("nope")
