"""The speed cascade: which messages the MiniLM stage must read.

Stage one is cheap and sees every message: the rule signals (the signal library), the hashed
n-gram model (per message, and per window of recent messages for grooming) and the static
embedding's similarity to the exemplars and stages. A message passes the gate when any of
them is at least faintly interested; only those messages (and their grooming windows) are
embedded by MiniLM. Ordinary chat — most of the traffic — stops at stage one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from safeguard.learn.thresholds import Thresholds


def logistic(x: NDArray[np.float32]) -> NDArray[np.float32]:
    result: NDArray[np.float32] = (1.0 / (1.0 + np.exp(-x))).astype(np.float32)
    return result


@dataclass(frozen=True, slots=True)
class GateInputs:
    """Stage-one scores of a conversation's messages."""

    message_probability: NDArray[np.float32]  # n x message-level categories (n-gram)
    window_probability: NDArray[np.float32]  # n (grooming window, n-gram; not a gate)
    static_contrast: NDArray[np.float32]  # n (max over exemplar categories and stages)
    rule_messages: frozenset[int]


def gate(inputs: GateInputs, thresholds: Thresholds) -> list[int]:
    """Indices of the messages the embedding stage must read, in order."""
    n = len(inputs.window_probability)
    if not thresholds.cascade_enabled:
        return list(range(n))
    p = thresholds.cascade_ngram_probability
    passed = np.zeros(n, dtype=bool)
    if inputs.message_probability.size:
        passed |= (inputs.message_probability >= p).any(axis=1)
    passed |= inputs.static_contrast >= thresholds.cascade_static_contrast
    chosen = set(np.flatnonzero(passed).tolist()) | inputs.rule_messages
    return sorted(i for i in chosen if 0 <= i < n)


def window_bounds(n: int, window: int) -> Iterable[tuple[int, int]]:
    """``(start, end)`` (end exclusive) of the window ending at each message."""
    for i in range(n):
        yield max(0, i - window + 1), i + 1


def window_sums(
    sums: NDArray[np.float32], counts: NDArray[np.float32], window: int
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Feature sums and word counts of the window ending at each message (prefix sums)."""
    csum = np.vstack([np.zeros((1, sums.shape[1]), dtype=np.float32), np.cumsum(sums, axis=0)])
    ccount = np.concatenate([[0.0], np.cumsum(counts)]).astype(np.float32)
    n = len(counts)
    ends = np.arange(1, n + 1)
    starts = np.maximum(0, ends - window)
    return csum[ends] - csum[starts], ccount[ends] - ccount[starts]


def window_texts(texts: Sequence[str], indices: Sequence[int], window: int) -> list[str]:
    return [" ".join(texts[max(0, i - window + 1) : i + 1]) for i in indices]
