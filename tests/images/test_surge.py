"""An entry is quarantined when its matches surge far above its usual rate, and not before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from safeguard.images.surge import MatchStats, SurgePolicy

DAY = datetime(2026, 3, 10, 12, tzinfo=UTC)
POLICY = SurgePolicy(min_matches=20, factor=10.0, history=14)


def _stats(daily_before: int, today: int) -> MatchStats:
    stats = MatchStats()
    for back in range(1, 15):
        stats.record(["e"] * daily_before, DAY - timedelta(days=back), POLICY)
    stats.record(["e"] * today, DAY, POLICY)
    return stats


@pytest.mark.parametrize(
    ("usual", "today", "surges"),
    [
        (0, 19, False),  # below min_matches
        (0, 20, True),  # new entry: needs max(20, 10 x 1)
        (3, 30, False),  # 30 is exactly 10 x usual: not above
        (3, 31, True),
        (10, 90, False),  # a busy entry stays busy: no surge
        (10, 101, True),
    ],
)
def test_surge_table(usual: int, today: int, surges: bool) -> None:
    verdict = _stats(usual, today).surge("e", DAY, POLICY)
    assert (verdict is not None) == surges
    if verdict is not None:
        assert verdict.entry_id == "e"
        assert f"matched {today} times in the current day" in verdict.reason


def test_when_pruned_then_old_windows_forgotten_and_json_round_trips() -> None:
    stats = _stats(2, 5)
    stats.record(["old"], DAY - timedelta(days=40), POLICY)
    stats.prune(DAY, POLICY)
    data = stats.to_json()
    assert "old" not in data["counts"]
    again = MatchStats.from_json(data)
    assert again.count("e", POLICY.window_of(DAY)) == 5


@pytest.mark.parametrize(
    "bad",
    [
        None,
        {"format": "x"},
        {"format": "safeguard-match-stats", "version": 9, "counts": {}},
        {"format": "safeguard-match-stats", "version": 1, "counts": {"e": {"a": 1}}},
    ],
)
def test_when_stats_json_invalid_then_value_error(bad: object) -> None:
    with pytest.raises(ValueError):
        MatchStats.from_json(bad)


def test_policy_validation() -> None:
    with pytest.raises(ValueError):
        SurgePolicy(factor=1.0)
    with pytest.raises(ValueError):
        SurgePolicy(min_matches=0)
