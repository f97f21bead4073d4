"""Geometry of the chronology's timeline chart (drawn as inline SVG by the template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from safeguard.casework.chronology import Chronology

WIDTH = 760
ROW = 26
LEFT = 110
RIGHT = 20
TOP = 24


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    kind: str
    title: str
    at: datetime
    number: int


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    rows: tuple[tuple[str, float], ...]  # (kind, y)
    points: tuple[Point, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, label); first anchored start, last end


def timeline(chronology: Chronology) -> Timeline:
    """One row per kind of event, time along x, one dot per event."""
    kinds = chronology.kinds
    rows = tuple((kind, TOP + ROW * i + ROW / 2) for i, kind in enumerate(kinds))
    y_of = dict(rows)
    items = chronology.items
    height = TOP + ROW * max(len(kinds), 1) + 24
    if not items:
        return Timeline(WIDTH, height, rows, (), ())
    start, end = items[0].at.timestamp(), items[-1].at.timestamp()
    span = max(end - start, 3600.0)
    usable = WIDTH - LEFT - RIGHT

    def x_of(t: float) -> float:
        return round(LEFT + usable * (t - start) / span, 1)

    points = tuple(
        Point(x_of(item.at.timestamp()), y_of[item.kind], item.kind, item.title, item.at, n)
        for n, item in enumerate(items, start=1)
    )
    fmt = "%-d %b %H:%M" if span < 3 * 86400 else "%-d %b %y"
    ticks = []
    for i in range(5):
        t = start + span * i / 4
        ticks.append((x_of(t), datetime.fromtimestamp(t, tz=items[0].at.tzinfo).strftime(fmt)))
    return Timeline(WIDTH, height, rows, points, tuple(ticks))
