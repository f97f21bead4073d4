"""Grooming stages recognised by similarity to Safeguard's own stage exemplars."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from numpy.typing import NDArray

from safeguard.core.errors import DataFileError
from safeguard.core.normaliser import normalise
from safeguard.learn.embedder import Embedder, FloatMatrix
from safeguard.learn.exemplar_scoring import TOP_K, load_exemplars

# Canonical order of the stages (O'Connell's and Lanning's grooming sequences, simplified):
# the dyad model rewards stages that appear in roughly this order.
STAGE_ORDER: tuple[str, ...] = (
    "rapport",
    "probing",
    "isolation",
    "secrecy",
    "gifts",
    "platform_move",
    "desensitisation",
    "image_request",
    "meeting",
    "threats",
)


@lru_cache(maxsize=1)
def load_stage_exemplars() -> dict[str, tuple[str, ...]]:
    """The packaged stage exemplars, validated."""
    text = (
        resources.files("safeguard.data")
        .joinpath("exemplars/grooming_stages.yaml")
        .read_text("utf-8")
    )
    data = yaml.safe_load(text)
    stages = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(stages, dict):
        raise DataFileError("grooming_stages.yaml: expected a 'stages' mapping")
    out: dict[str, tuple[str, ...]] = {}
    for stage, lines in stages.items():
        if stage not in STAGE_ORDER:
            raise DataFileError(f"grooming_stages.yaml: unknown stage {stage!r}")
        if not isinstance(lines, list) or not all(isinstance(x, str) and x for x in lines):
            raise DataFileError(f"grooming_stages.yaml: '{stage}' must be a list of strings")
        out[stage] = tuple(lines)
    return out


@dataclass(frozen=True, slots=True, eq=False)
class StageScorer:
    """Per stage: top-3 similarity to the stage's exemplars minus that to ordinary chat."""

    stages: tuple[str, ...]
    positives: tuple[FloatMatrix, ...]
    negatives: FloatMatrix

    @classmethod
    def build(cls, embedder: Embedder) -> StageScorer:
        exemplars = load_stage_exemplars()

        def enc(lines: tuple[str, ...]) -> FloatMatrix:
            return embedder.encode([normalise(t).text.strip() for t in lines])

        stages = tuple(exemplars)
        return cls(
            stages,
            tuple(enc(exemplars[s]) for s in stages),
            enc(load_exemplars().shared_negatives),
        )

    def contrasts(self, vectors: FloatMatrix) -> NDArray[np.float32]:
        """One row per vector, one column per stage."""
        out = np.zeros((len(vectors), len(self.stages)), dtype=np.float32)
        if len(vectors) == 0:
            return out
        k = min(TOP_K, len(self.negatives))
        neg = np.sort(vectors @ self.negatives.T, axis=1)[:, -k:].mean(axis=1)
        for j, pos in enumerate(self.positives):
            kk = min(TOP_K, len(pos))
            out[:, j] = np.sort(vectors @ pos.T, axis=1)[:, -kk:].mean(axis=1) - neg
        return out
