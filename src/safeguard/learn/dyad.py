"""The conversation-level grooming model: one sender's conduct towards the other, in order.

For each sender who is not known to be the child, the model walks the conversation in
order and keeps a running score from two kinds of evidence:

- the **window model** (MiniLM head + n-gram, trained on VTPAN segments) — the probability
  that the last ``window`` messages of both parties read like a predator conversation; and
- the **stages** the sender's own messages show (rapport, probing, isolation, secrecy, gifts,
  platform move, desensitisation, image requests, meeting, threats), each counted once, at
  its strongest, weighted by how telling it is.

``score = 1 - (1 - a * max window_p) * prod_s (1 - w_s * strength_s)``, raised further when three
or more stages arrive in the canonical order (grooming is a process). The first message at
which the score reaches the alert level is the early warning (``first_flag_message_id``).
Stage weights are set from the safeguarding literature, not fitted: there is no public
message-level grooming data to fit them on (see MODEL_CARD.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from safeguard.learn.stages import STAGE_ORDER

STAGE_WEIGHTS: Mapping[str, float] = {
    "rapport": 0.15,
    "probing": 0.3,
    "isolation": 0.35,
    "secrecy": 0.45,
    "gifts": 0.35,
    "platform_move": 0.35,
    "desensitisation": 0.5,
    "image_request": 0.55,
    "meeting": 0.5,
    "threats": 0.55,
}
WINDOW_FACTOR = 0.3
ORDER_BONUS = 0.3


@dataclass(frozen=True, slots=True)
class DyadStep:
    """What one message of the sender adds: its index, window probability, stage strengths."""

    index: int
    window_p: float
    stages: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class DyadResult:
    scores: tuple[tuple[int, float], ...]  # (message index, running score)
    stages: tuple[tuple[str, int], ...]  # (stage, first message index), in order of appearance
    first_alert: int | None
    final_score: float


def _in_order(first_seen: Sequence[str]) -> bool:
    ranks = [STAGE_ORDER.index(s) for s in first_seen]
    ascending = sum(1 for a, b in itertools.pairwise(ranks) if b > a)
    return len(ranks) >= 3 and ascending >= (len(ranks) - 1) * 2 / 3


def run_dyad(
    steps: Sequence[DyadStep], alert: float, window_factor: float = WINDOW_FACTOR
) -> DyadResult:
    """The running score over one sender's messages (already in conversation order)."""
    best_window = 0.0
    strengths: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    scores: list[tuple[int, float]] = []
    first_alert: int | None = None
    score = 0.0
    for step in steps:
        best_window = max(best_window, step.window_p)
        for stage, strength in step.stages.items():
            if strength > strengths.get(stage, 0.0):
                strengths[stage] = strength
            first_seen.setdefault(stage, step.index)
        keep = 1.0 - window_factor * best_window
        for stage, strength in strengths.items():
            keep *= 1.0 - STAGE_WEIGHTS[stage] * strength
        ordered = sorted(first_seen, key=lambda s: first_seen[s])
        if _in_order(ordered):
            keep *= 1.0 - ORDER_BONUS
        score = 1.0 - keep
        scores.append((step.index, score))
        if first_alert is None and score >= alert:
            first_alert = step.index
    stages = tuple(sorted(first_seen.items(), key=lambda kv: kv[1]))
    return DyadResult(tuple(scores), stages, first_alert, score)
