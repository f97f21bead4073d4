"""Risk levels, ordered lowest to highest, and the mapping from scores to levels."""

from __future__ import annotations

from enum import Enum


class RiskLevel(Enum):
    """A risk level of DESIGN.md; ordered so ``max()`` gives the most serious."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    _rank: int  # position in _ORDER, set once below (levels are compared on every scan)

    @property
    def rank(self) -> int:
        return self._rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank < other._rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank <= other._rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank > other._rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, RiskLevel):
            return NotImplemented
        return self._rank >= other._rank

    @classmethod
    def parse(cls, text: str) -> RiskLevel:
        """The level named by ``text`` (case-insensitive); ValueError names the choices."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(level.value for level in _ORDER)
            raise ValueError(f"unknown risk level {text!r}; expected one of {choices}") from None

    @property
    def is_alert(self) -> bool:
        """An alert for a DSL is a conversation at medium or above (DESIGN.md)."""
        return self >= RiskLevel.MEDIUM


_ORDER = [RiskLevel.NONE, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL]
for _position, _level in enumerate(_ORDER):
    _level._rank = _position

# Lower bounds of each level on the calibrated [0, 1] score scale.
LEVEL_FLOORS: dict[RiskLevel, float] = {
    RiskLevel.LOW: 0.25,
    RiskLevel.MEDIUM: 0.5,
    RiskLevel.HIGH: 0.75,
    RiskLevel.CRITICAL: 0.92,
}


def level_for_score(score: float, floors: dict[RiskLevel, float] | None = None) -> RiskLevel:
    """The highest level whose floor ``score`` reaches."""
    bounds = floors or LEVEL_FLOORS
    level = RiskLevel.NONE
    for candidate in _ORDER[1:]:
        if score >= bounds[candidate]:
            level = candidate
    return level
