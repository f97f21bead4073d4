"""The cascade's static-embedding gate: every exemplar and stage contrast from one product.

The gate needs, per message, the largest contrast over all exemplar categories and grooming
stages (:meth:`ExemplarScorer.contrast`, :meth:`StageScorer.contrasts`). Computing them one
category at a time repeats the product with the shared negatives a dozen times; the bank
stacks every distinct exemplar matrix once and takes the top-k means from column ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True, eq=False)
class ContrastBank:
    """Distinct exemplar matrices side by side, and each contrast's column ranges."""

    matrix: FloatMatrix
    groups: tuple[tuple[tuple[int, int], tuple[int, int]], ...]  # (positives, negatives)

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
