"""Linear heads over sentence embeddings, one per category, and the combiner that stacks them.

A :class:`LinearHead` is ``w . x + b`` on a unit-length embedding. A :class:`Combiner` is a
logistic regression fitted on the calibration part (never seen by the heads it combines):
its output is the calibrated probability (Platt scaling of the stacked score), so that 0.8
means about the same in every category.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from safeguard.core.errors import DataFileError


@dataclass(frozen=True, slots=True, eq=False)
class LinearHead:
    weights: NDArray[np.float32]
    bias: float

    def decision(self, vectors: NDArray[np.float32]) -> NDArray[np.float32]:
        result: NDArray[np.float32] = vectors @ self.weights + np.float32(self.bias)
        return result


def save_heads(path: Any, heads: Mapping[str, LinearHead]) -> None:
    arrays: dict[str, Any] = {}
    for category, head in heads.items():
        arrays[f"w_{category}"] = head.weights.astype(np.float32)
        arrays[f"b_{category}"] = np.array([head.bias], dtype=np.float32)
    np.savez_compressed(path, **arrays)


def load_heads(path: Any) -> dict[str, LinearHead]:
    heads: dict[str, LinearHead] = {}
    with np.load(path) as data:
        for key in data.files:
            if key.startswith("w_"):
                category = key[2:]
                heads[category] = LinearHead(
                    data[key].astype(np.float32), float(data[f"b_{category}"][0])
                )
    return heads


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True, slots=True)
class Combiner:
    """Calibrated probability from named input scores: ``sigmoid(coef . inputs + intercept)``."""

    inputs: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float

    def probability(self, scores: Mapping[str, float]) -> float:
        z = self.intercept + sum(
            c * scores[name] for name, c in zip(self.inputs, self.coef, strict=True)
        )
        return sigmoid(z)

    def probabilities(
        self, columns: Mapping[str, Sequence[float] | NDArray[Any]]
    ) -> NDArray[np.float64]:
        z = np.full(len(columns[self.inputs[0]]), self.intercept, dtype=np.float64)
        for name, c in zip(self.inputs, self.coef, strict=True):
            z += c * np.asarray(columns[name], dtype=np.float64)
        result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        return result

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": list(self.inputs), "coef": list(self.coef), "intercept": self.intercept}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Combiner:
        try:
            inputs = tuple(str(i) for i in data["inputs"])
            coef = tuple(float(c) for c in data["coef"])
            intercept = float(data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(f"combiner entry is malformed: {exc}") from None
        if len(inputs) != len(coef) or not inputs:
            raise DataFileError("combiner entry: 'inputs' and 'coef' must have the same length")
        return cls(inputs, coef, intercept)
