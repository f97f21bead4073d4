"""The speed cascade: which messages the MiniLM stage must read.

Stage one is cheap and sees every message: the rule signals (the signal library), the hashed
n-gram model (per message, and per window of recent messages for grooming) and the static
embedding's similarity to the exemplars and stages. A message passes the gate when any of
them is at least faintly interested; only those messages (and their grooming windows) are
embedded by MiniLM. Ordinary chat — most of the traffic — stops at stage one.

What stage one decides about a message depends on its text alone, so :class:`GateMemo`
keeps, per distinct text, its n-gram feature sums and word count (what the windows are
summed from) and whether it passes the message gate: chat repeats itself ("ok", "lol", a
copied script), and a remembered text costs one dictionary look-up. New texts are scored
together, a batch at a time; the window model is worked out only for the messages that
passed (only those windows are read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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


GATE_MEMO_TEXTS = 200_000
GATE_MEMO_LENGTH = 400


class GateMemo:
    """Per distinct text: n-gram feature sums, word count and the message gate's verdict.

    ``score`` maps a list of new texts to their sums (rows), word counts and verdicts; it
    is called once per :meth:`rows` call with the texts not yet remembered. Memory is
    bounded: the first :data:`GATE_MEMO_TEXTS` texts of at most :data:`GATE_MEMO_LENGTH`
    characters are kept; longer or later texts are scored each time they come.
    """

    def __init__(
        self,
        width: int,
        score: Callable[
            [list[str]],
            tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.bool_]],
        ],
        *,
        limit: int = GATE_MEMO_TEXTS,
    ) -> None:
        self._score = score
        self._limit = limit
        self._row: dict[str, int] = {}
        self.sums = np.zeros((1024, width), dtype=np.float32)
        self.counts = np.zeros(1024, dtype=np.float32)
        self.passed = np.zeros(1024, dtype=bool)
        self._used = 0

    def __len__(self) -> int:
        return len(self._row)

    def _grow(self, needed: int) -> None:
        size = len(self.counts)
        if self._used + needed <= size:
            return
        while size < self._used + needed:
            size *= 2
        sums = np.zeros((size, self.sums.shape[1]), dtype=np.float32)
        sums[: self._used] = self.sums[: self._used]
        counts = np.zeros(size, dtype=np.float32)
        counts[: self._used] = self.counts[: self._used]
        passed = np.zeros(size, dtype=bool)
        passed[: self._used] = self.passed[: self._used]
        self.sums, self.counts, self.passed = sums, counts, passed

    def rows(self, texts: Sequence[str]) -> NDArray[np.intp]:
        """Row of each text in :attr:`sums`, :attr:`counts` and :attr:`passed`."""
        get = self._row.get
        rows = [get(t, -1) for t in texts]
        if -1 in rows:
            if self._used + len(texts) > 2 * self._limit:  # texts not kept filled it up
                self._row.clear()
                self._used = 0
                rows = [-1] * len(texts)
            missing = list(dict.fromkeys(t for t, r in zip(texts, rows, strict=True) if r < 0))
            sums, counts, passed = self._score(missing)
            self._grow(len(missing))
            start = self._used
            end = start + len(missing)
            self.sums[start:end] = sums
            self.counts[start:end] = counts
            self.passed[start:end] = passed
            self._used = end
            new = dict(zip(missing, range(start, end), strict=True))
            rows = [new[t] if r < 0 else r for t, r in zip(texts, rows, strict=True)]
            for text, row in new.items():
                if len(self._row) < self._limit and len(text) <= GATE_MEMO_LENGTH:
                    self._row[text] = row
        return np.asarray(rows, dtype=np.intp)
