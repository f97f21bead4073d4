"""Contrastive exemplar scoring, after the idea of Roblox Sentinel (reimplemented here).

A message's *contrast* for a category is how much closer its embedding is to the category's
positive exemplars than to the negatives: ``mean of top-3 cosine to positives - mean of top-3
cosine to negatives`` (negatives = the category's near misses plus shared ordinary chat).
One message proves little; a sender's pattern does, so :func:`sender_contrast` aggregates
over everything a sender wrote (the mean of their top-3 contrasts), which is how Sentinel
finds users whose messages keep leaning towards the positives.

Exemplars live in ``safeguard/data/exemplars/exemplars.yaml`` (our own, non-graphic lines);
their MiniLM vectors are cached in ``data/models/exemplars.npz`` with a fingerprint of the
YAML, and rebuilt from the YAML when the fingerprint no longer matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray

from safeguard.core.categories import check_category
from safeguard.core.errors import DataFileError
from safeguard.core.normaliser import normalise
from safeguard.learn.embedder import Embedder, FloatMatrix

TOP_K = 3


@dataclass(frozen=True, slots=True)
class ExemplarSet:
    """The validated exemplars file."""

    version: int
    fingerprint: str
    shared_negatives: tuple[str, ...]
    positives: Mapping[str, tuple[str, ...]]
    negatives: Mapping[str, tuple[str, ...]]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.positives)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"exemplars.yaml: '{where}' must be a list of non-empty strings")
    return tuple(value)


def parse_exemplars(text: str) -> ExemplarSet:
    """Validate exemplars YAML text."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise DataFileError("exemplars.yaml: expected a mapping with an integer 'version'")
    cats = data.get("categories")
    if not isinstance(cats, dict) or not cats:
        raise DataFileError("exemplars.yaml: 'categories' must be a non-empty mapping")
    positives: dict[str, tuple[str, ...]] = {}
    negatives: dict[str, tuple[str, ...]] = {}
    for category, entry in cats.items():
        try:
            check_category(str(category))
        except ValueError as exc:
            raise DataFileError(f"exemplars.yaml: {exc}") from None
        if not isinstance(entry, dict):
            raise DataFileError(f"exemplars.yaml: '{category}' must be a mapping")
        positives[category] = _strings(entry.get("positives"), f"{category}.positives")
        negatives[category] = _strings(entry.get("negatives", []), f"{category}.negatives")
    return ExemplarSet(
        version=data["version"],
        fingerprint=hashlib.sha256(text.encode()).hexdigest()[:16],
        shared_negatives=_strings(data.get("shared_negatives"), "shared_negatives"),
        positives=positives,
        negatives=negatives,
    )


@lru_cache(maxsize=1)
def load_exemplars() -> ExemplarSet:
    """The packaged exemplars."""
    text = resources.files("safeguard.data").joinpath("exemplars/exemplars.yaml").read_text("utf-8")
    return parse_exemplars(text)


def _top_k_mean(similarities: NDArray[np.float32], k: int = TOP_K) -> NDArray[np.float32]:
    k = min(k, similarities.shape[1])
    top = np.partition(similarities, similarities.shape[1] - k, axis=1)[:, -k:]
    result: NDArray[np.float32] = top.mean(axis=1)
    return result


class ExemplarScorer:
    """Per-category positive and negative exemplar vectors, and the contrast they give."""

    def __init__(
        self,
        fingerprint: str,
        positives: Mapping[str, FloatMatrix],
        negatives: Mapping[str, FloatMatrix],
    ) -> None:
        self.fingerprint = fingerprint
        self.positives = dict(positives)
        self.negatives = dict(negatives)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.positives)

    @classmethod
    def build(cls, exemplars: ExemplarSet, embedder: Embedder) -> ExemplarScorer:
        """Embed every exemplar (normalised as messages are)."""

        def enc(texts: Sequence[str]) -> FloatMatrix:
            return embedder.encode([normalise(t).text.strip() for t in texts])

        shared = enc(exemplars.shared_negatives)
        positives = {c: enc(p) for c, p in exemplars.positives.items()}
        negatives = {
            c: np.vstack([enc(n), shared]) if n else shared for c, n in exemplars.negatives.items()
        }
        return cls(exemplars.fingerprint, positives, negatives)

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {"fingerprint": np.array(self.fingerprint)}
        for c in self.categories:
            arrays[f"pos_{c}"] = self.positives[c].astype(np.float16)
            arrays[f"neg_{c}"] = self.negatives[c].astype(np.float16)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> ExemplarScorer:
        with np.load(path) as data:
            positives = {
                k[4:]: data[k].astype(np.float32) for k in data.files if k.startswith("pos_")
            }
            negatives = {
                k[4:]: data[k].astype(np.float32) for k in data.files if k.startswith("neg_")
            }
            return cls(str(data["fingerprint"]), positives, negatives)

    def contrast(self, vectors: FloatMatrix, category: str) -> NDArray[np.float32]:
        """Per row: top-3 similarity to positives minus top-3 similarity to negatives."""
        if len(vectors) == 0:
            return np.zeros(0, dtype=np.float32)
        pos = _top_k_mean(vectors @ self.positives[category].T)
        neg = _top_k_mean(vectors @ self.negatives[category].T)
        result: NDArray[np.float32] = pos - neg
        return result

    def nearest_positive(self, vector: FloatMatrix, category: str) -> tuple[int, float]:
        """Index and cosine of the closest positive exemplar (for the evidence reason)."""
        sims = self.positives[category] @ vector
        i = int(np.argmax(sims))
        return i, float(sims[i])


def packaged_exemplar_scorer(path: Path, embedder: Embedder) -> ExemplarScorer:
    """The cached exemplar vectors, rebuilt from the YAML if it changed since training."""
    exemplars = load_exemplars()
    if path.is_file():
        scorer = ExemplarScorer.load(path)
        if scorer.fingerprint == exemplars.fingerprint:
            return scorer
    return ExemplarScorer.build(exemplars, embedder)


def sender_contrast(contrasts: Sequence[float], k: int = TOP_K) -> float:
    """Sentinel-style aggregate over one sender's messages: the mean of the top-``k``."""
    if not contrasts:
        return 0.0
    top = sorted(contrasts, reverse=True)[:k]
    return float(sum(top) / len(top))
