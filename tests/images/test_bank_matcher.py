"""Bank matching: exact and PDQ matches, thresholds, quality gate, allow-list, quarantine,
and the "why it matched" record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from safeguard.images.bank_matcher import BankMatcher
from safeguard.images.bank_repository import InMemoryHashBankRepository
from safeguard.images.hash_bank import BankEntry, HashBank, Quarantine, SignalType
from safeguard.images.image_hashes import ImageHashes, hash_image_file
from safeguard.images.match_recorder import record_matches
from safeguard.images.surge import SurgePolicy

from .generated import save, shapes_image

BASE = "0f" * 32


def _flipped(hex_hash: str, bits: int) -> str:
    value = int(hex_hash, 16)
    for bit in range(bits):
        value ^= 1 << (bit * 7 % 256)
    return f"{value:064x}"


def _image(
    pdq: str = BASE, quality: int = 90, md5: str = "1" * 32, sha: str = "2" * 64
) -> ImageHashes:
    return ImageHashes(path="x.jpg", pdq=pdq, quality=quality, md5=md5, sha256=sha)


def _bank(name: str = "known", **options: object) -> HashBank:
    bank = HashBank(name=name, labels=("csam",), **options)  # type: ignore[arg-type]
    return bank.with_entries([BankEntry.create(SignalType.PDQ, BASE, entry_id="e1", labels=["s1"])])


@pytest.mark.parametrize(
    ("bits", "threshold", "matches"),
    [
        (0, 31, True),
        (12, 31, True),
        (31, 31, True),
        (32, 31, False),
        (12, 10, False),
        (10, 10, True),
    ],
)
def test_pdq_threshold_table(bits: int, threshold: int, matches: bool) -> None:
    outcome = BankMatcher([_bank(pdq_threshold=threshold)]).match(_image(_flipped(BASE, bits)))
    assert bool(outcome.matches) == matches
    if matches:
        assert outcome.matches[0].distance == bits


def test_why_record_names_bank_entry_distance_quality() -> None:
    match = BankMatcher([_bank()]).match(_image(_flipped(BASE, 12), quality=87)).matches[0]
    assert (match.bank, match.entry_id, match.distance, match.quality) == ("known", "e1", 12, 87)
    assert match.labels == ("csam", "s1")
    assert match.why == (
        "image matches known-image bank 'known' entry 'e1' "
        "(PDQ distance 12 of 256, quality 87, threshold 31)"
    )


@pytest.mark.parametrize("kind", ["md5", "sha256"])
def test_exact_hash_matches_whatever_the_quality(kind: str) -> None:
    value = "3" * (32 if kind == "md5" else 64)
    bank = HashBank(name="exact").with_entries([BankEntry.create(SignalType.parse(kind), value)])
    image = _image(pdq="f" * 64, quality=0, **({"md5": value} if kind == "md5" else {"sha": value}))
    match = BankMatcher([bank]).match(image).matches[0]
    assert match.distance == 0 and match.signal_type == kind
    assert f"exact {kind.upper()} match" in match.why


def test_when_quality_below_gate_then_pdq_match_suppressed_with_reason() -> None:
    outcome = BankMatcher([_bank(quality_gate=50)]).match(_image(quality=49))
    assert outcome.matches == ()
    assert "quality 49 is below the bank's gate 50" in outcome.suppressed[0].reason
    assert BankMatcher([_bank(quality_gate=50)]).match(_image(quality=50)).matches


def test_when_image_on_allow_list_then_bank_matches_suppressed() -> None:
    bank = _bank().with_entries(
        [BankEntry.create(SignalType.PDQ, _flipped(BASE, 3), entry_id="logo")], allow=True
    )
    outcome = BankMatcher([bank]).match(_image(_flipped(BASE, 2)))
    assert outcome.matches == ()
    assert "allow-list of known false positives (entry 'logo')" in outcome.suppressed[0].reason


def test_allow_list_applies_only_to_its_own_bank() -> None:
    listed = _bank("a").with_entries([BankEntry.create(SignalType.PDQ, BASE)], allow=True)
    outcome = BankMatcher([listed, _bank("b")]).match(_image())
    assert [m.bank for m in outcome.matches] == ["b"]


def test_when_entry_quarantined_then_match_suppressed() -> None:
    since = datetime(2026, 3, 1, tzinfo=UTC)
    bank = _bank().quarantine(Quarantine("e1", since, "matched 50 times"))
    outcome = BankMatcher([bank]).match(_image())
    assert outcome.matches == ()
    assert outcome.suppressed[0].reason.startswith("entry quarantined since 2026-03-01")


def test_match_many_equals_one_by_one_and_mih_equals_linear() -> None:
    banks = [_bank("a"), _bank("b", pdq_threshold=5)]
    images = [_image(_flipped(BASE, bits)) for bits in (0, 4, 8, 40)]
    linear = BankMatcher(banks, index_kind="linear")
    mih = BankMatcher(banks, index_kind="mih")
    assert linear.match_many(images) == [linear.match(i) for i in images]
    assert mih.match_many(images) == linear.match_many(images)
    assert [len(o.matches) for o in linear.match_many(images)] == [2, 2, 1, 0]


def test_generated_image_and_its_resized_copy_match_bank_built_from_it(tmp_path: Path) -> None:
    original = hash_image_file(save(shapes_image(21, (480, 360)), tmp_path / "o.png"))
    smaller = shapes_image(21, (480, 360)).resize((240, 180))
    copy = hash_image_file(save(smaller, tmp_path / "c.jpg", quality=70))
    other = hash_image_file(save(shapes_image(22), tmp_path / "n.png"))
    bank = HashBank(name="known").with_entries([BankEntry.create(SignalType.PDQ, original.pdq)])
    matcher = BankMatcher([bank])
    assert matcher.match(copy).matches and matcher.match(copy).matches[0].distance > 0
    assert not matcher.match(other).matches


def test_when_matches_surge_then_entry_quarantined_and_later_suppressed() -> None:
    repository = InMemoryHashBankRepository()
    repository.save(_bank())
    policy = SurgePolicy(min_matches=5, factor=3.0, history=7)
    day = datetime(2026, 3, 10, tzinfo=UTC)
    outcome = BankMatcher(repository.load_all()).match(_image())
    assert record_matches(repository, [outcome] * 4, when=day, policy=policy) == []
    quarantined = record_matches(repository, [outcome], when=day, policy=policy)
    assert [(bank, q.entry_id) for bank, q in quarantined] == [("known", "e1")]
    later = BankMatcher(repository.load_all()).match(_image())
    assert later.matches == () and "quarantined" in later.suppressed[0].reason
    # the next day's stats still remember the surge window
    stats = repository.load_stats("known")
    assert stats.count("e1", policy.window_of(day)) == 5
    assert stats.count("e1", policy.window_of(day + timedelta(days=1))) == 0


def test_when_bank_names_repeat_then_value_error() -> None:
    with pytest.raises(ValueError, match="unique"):
        BankMatcher([_bank(), _bank()])
