"""Quarantine of bank entries whose match rate suddenly surges.

A bank entry that starts matching far more often than it used to is usually a bad hash (a
logo, a meme template, a near-blank picture) rather than a wave of abuse, and every one of its
matches would be a false alarm for a DSL. Each bank keeps per-entry match counts in fixed time
windows (a day by default); when an entry's count in the current window reaches
``min_matches`` and exceeds ``factor`` times its average over the previous ``history`` windows
(at least one match per window is assumed, so a new entry needs ``max(min_matches, factor)``),
the entry is quarantined: its matches are reported as suppressed, with the reason, until a
person reviews and releases it (``safeguard bank release``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from safeguard.images.hash_bank import Quarantine

STATS_FORMAT = "safeguard-match-stats"
STATS_VERSION = 1


@dataclass(frozen=True, slots=True)
class SurgePolicy:
    """When an entry's matches count as a surge."""

    window: timedelta = timedelta(days=1)
    history: int = 14
    min_matches: int = 20
    factor: float = 10.0

    def __post_init__(self) -> None:
        if self.window.total_seconds() < 1 or self.history < 1 or self.min_matches < 1:
            raise ValueError("surge window, history and min_matches must be positive")
        if self.factor <= 1:
            raise ValueError("surge factor must be above 1")

    def window_of(self, when: datetime) -> int:
        """The index of the window ``when`` falls in."""
        return int(when.timestamp() // self.window.total_seconds())


class MatchStats:
    """Per-entry match counts by window for one bank (counts only, never what matched)."""

    def __init__(self, counts: Mapping[str, Mapping[int, int]] | None = None) -> None:
        self._counts: dict[str, dict[int, int]] = {
            entry: dict(windows) for entry, windows in (counts or {}).items()
        }

    def record(self, entry_ids: Iterable[str], when: datetime, policy: SurgePolicy) -> None:
        """Count one match for each id (repeat an id to count it more than once)."""
        window = policy.window_of(when)
        for entry_id in entry_ids:
            windows = self._counts.setdefault(entry_id, {})
            windows[window] = windows.get(window, 0) + 1

    def count(self, entry_id: str, window: int) -> int:
        return self._counts.get(entry_id, {}).get(window, 0)

    def surge(self, entry_id: str, when: datetime, policy: SurgePolicy) -> Quarantine | None:
        """A quarantine for ``entry_id`` if its current window is a surge, else None."""
        window = policy.window_of(when)
        current = self.count(entry_id, window)
        previous = [self.count(entry_id, window - back) for back in range(1, policy.history + 1)]
        usual = max(1.0, sum(previous) / policy.history)
        if current < policy.min_matches or current <= policy.factor * usual:
            return None
        reason = (
            f"matched {current} times in the current {_describe(policy.window)} against a usual "
            f"{usual:.1f}; quarantined until reviewed"
        )
        return Quarantine(entry_id=entry_id, since=when.astimezone(UTC), reason=reason)

    def prune(self, when: datetime, policy: SurgePolicy) -> None:
        """Forget windows older than the history the policy looks at."""
        oldest = policy.window_of(when) - policy.history
        for entry_id in list(self._counts):
            kept = {w: n for w, n in self._counts[entry_id].items() if w >= oldest}
            if kept:
                self._counts[entry_id] = kept
            else:
                del self._counts[entry_id]

    def to_json(self) -> dict[str, Any]:
        counts = {
            entry: {str(w): n for w, n in sorted(windows.items())}
            for entry, windows in sorted(self._counts.items())
        }
        return {"format": STATS_FORMAT, "version": STATS_VERSION, "counts": counts}

    @classmethod
    def from_json(cls, data: Any) -> MatchStats:
        """Stats from :meth:`to_json` output; ValueError says what is wrong."""
        if not isinstance(data, dict) or data.get("format") != STATS_FORMAT:
            raise ValueError(f"not a {STATS_FORMAT} document")
        if data.get("version") != STATS_VERSION:
            raise ValueError(f"unsupported {STATS_FORMAT} version {data.get('version')!r}")
        raw = data.get("counts")
        if not isinstance(raw, dict):
            raise ValueError("'counts' must be an object")
        counts: dict[str, dict[int, int]] = {}
        for entry_id, windows in raw.items():
            if not isinstance(windows, dict):
                raise ValueError(f"counts of {entry_id!r} must be an object")
            try:
                counts[str(entry_id)] = {int(w): int(n) for w, n in windows.items()}
            except (TypeError, ValueError):
                raise ValueError(f"counts of {entry_id!r} must map integers to integers") from None
        return cls(counts)


def _describe(window: timedelta) -> str:
    if window == timedelta(days=1):
        return "day"
    if window == timedelta(hours=1):
        return "hour"
    return f"{window.total_seconds():g}-second window"
