"""The cascade's static-embedding gate: every exemplar and stage contrast from one product.

The gate needs, per message, the largest contrast over all exemplar categories and grooming
stages (:meth:`ExemplarScorer.contrast`, :meth:`StageScorer.contrasts`). Computing them one
category at a time repeats the product with the shared negatives a dozen times; the bank
stacks every distinct exemplar matrix once and takes the top-k means from column ranges.

:meth:`ContrastBank.max_contrast` works a column range at a time (the reference);
:meth:`ContrastBank.max_contrast_fast` gathers every range into one padded array and takes
all the top-k means in one partition (a few NumPy calls instead of ~30 per batch; equal up
to the order in which three floats are added).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from safeguard.learn.embedder import FloatMatrix
from safeguard.learn.exemplar_scoring import TOP_K, ExemplarScorer
from safeguard.learn.stages import StageScorer


def _top_k_mean(similarities: NDArray[np.float32]) -> NDArray[np.float32]:
    k = min(TOP_K, similarities.shape[1])
    top = np.partition(similarities, similarities.shape[1] - k, axis=1)[:, -k:]
    result: NDArray[np.float32] = top.mean(axis=1)
    return result


def _padded_spans(
    groups: tuple[tuple[tuple[int, int], tuple[int, int]], ...], width: int
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    """Column indices of each distinct span, padded with ``width`` (a column of -inf), and
    each group's positive and negative span number."""
    spans = sorted({span for group in groups for span in group})
    longest = max(b - a for a, b in spans)
    index = np.full((len(spans), longest), width, dtype=np.intp)
    for row, (a, b) in enumerate(spans):
        index[row, : b - a] = np.arange(a, b)
    number = {span: k for k, span in enumerate(spans)}
    pos = np.asarray([number[p] for p, _ in groups], dtype=np.intp)
    neg = np.asarray([number[n] for _, n in groups], dtype=np.intp)
    return index, pos, neg


@dataclass(frozen=True, slots=True, eq=False)
class ContrastBank:
    """Distinct exemplar matrices side by side, and each contrast's column ranges."""

    matrix: FloatMatrix
    groups: tuple[tuple[tuple[int, int], tuple[int, int]], ...]  # (positives, negatives)
    _spans: tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]] = field(
        init=False, repr=False
    )
    _short: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        spans = _padded_spans(self.groups, self.matrix.shape[1])
        object.__setattr__(self, "_spans", spans)
        shortest = int((spans[0] < self.matrix.shape[1]).sum(axis=1).min())
        object.__setattr__(self, "_short", shortest < TOP_K)

    @classmethod
    def build(cls, exemplars: ExemplarScorer, stages: StageScorer) -> ContrastBank:
        blocks: list[FloatMatrix] = []
        where: dict[bytes, tuple[int, int]] = {}

        def place(matrix: FloatMatrix) -> tuple[int, int]:
            key = np.ascontiguousarray(matrix, dtype=np.float32).tobytes()
            if key not in where:
                start = sum(len(b) for b in blocks)
                blocks.append(matrix.astype(np.float32))
                where[key] = (start, start + len(matrix))
            return where[key]

        groups = [
            (place(exemplars.positives[c]), place(exemplars.negatives[c]))
            for c in exemplars.categories
        ]
        negatives = place(stages.negatives)
        groups += [(place(p), negatives) for p in stages.positives]
        return cls(np.ascontiguousarray(np.vstack(blocks).T), tuple(groups))

    def max_contrast(self, vectors: FloatMatrix) -> NDArray[np.float32]:
        """Per vector, the largest contrast over every category and stage."""
        if len(vectors) == 0:
            return np.zeros(0, dtype=np.float32)
        sims = vectors @ self.matrix
        means: dict[tuple[int, int], NDArray[np.float32]] = {}
        best = np.full(len(vectors), -np.inf, dtype=np.float32)
        for pos, neg in self.groups:
            for span in (pos, neg):
                if span not in means:
                    means[span] = _top_k_mean(sims[:, span[0] : span[1]])
            best = np.maximum(best, means[pos] - means[neg])
        return best

    def max_contrast_fast(self, vectors: FloatMatrix) -> NDArray[np.float32]:
        """:meth:`max_contrast` with every column range at once (the cascade's gate)."""
        n = len(vectors)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        index, pos, neg = self._spans
        if self._short:
            return self.max_contrast(vectors)  # a range shorter than k: padding would count
        sims = np.empty((n, self.matrix.shape[1] + 1), dtype=np.float32)
        np.matmul(vectors, self.matrix, out=sims[:, :-1])
        sims[:, -1] = -np.inf
        gathered = sims[:, index]  # n x spans x longest
        k = min(TOP_K, index.shape[1])
        top = np.partition(gathered, index.shape[1] - k, axis=2)[:, :, -k:]
        means = top.mean(axis=2)
        result: NDArray[np.float32] = (means[:, pos] - means[:, neg]).max(axis=1)
        return result
