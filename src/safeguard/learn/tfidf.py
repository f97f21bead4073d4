"""A hashed TF-IDF logistic regression: what the baseline knows, inside the learned model.

Word 1-2-grams and character 2-5-grams inside word boundaries, each hashed (MurmurHash3, the
same in every process) into ``2**bits`` columns, weighted by sublinear term frequency times
inverse document frequency and scaled to unit length per block; one linear head per category
on the two blocks side by side. Unlike a vocabulary-based TF-IDF, nothing of the training
text is stored: only one IDF weight and one coefficient per hashed column.

This reads whole documents (a long post, a user's history) with the usual TF-IDF weighting,
which the per-word cached n-gram model of the cascade cannot; it is scored only on the
messages the cascade passes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

from safeguard.core.errors import DataFileError

DEFAULT_BITS = 18


@lru_cache(maxsize=4)
def _vectorisers(bits: int) -> tuple[Any, Any]:
    """The two hashing vectorisers (stateless: made once per ``bits``, shared)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    common: dict[str, Any] = {
        "n_features": 1 << bits,
        "alternate_sign": False,
        "norm": None,
        "lowercase": False,
        "dtype": np.float32,
    }
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", **common)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common)
    return words, chars


def _normalise_rows(x: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ x


@dataclass(frozen=True, slots=True, eq=False)
class TfidfFeatures:
    """Hashed word and character TF-IDF features with IDF weights learned from documents."""

    bits: int
    idf_words: NDArray[np.float32]
    idf_chars: NDArray[np.float32]

    @classmethod
    def fit(cls, texts: Sequence[str], bits: int = DEFAULT_BITS) -> TfidfFeatures:
        """IDF weights ``ln((1 + n) / (1 + df)) + 1`` from ``texts``."""
        words, chars = _vectorisers(bits)
        n = len(texts)

        def idf(x: sparse.csr_matrix) -> NDArray[np.float32]:
            df = np.bincount(x.indices, minlength=x.shape[1]).astype(np.float64)
            result: NDArray[np.float32] = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
            return result

        return cls(bits, idf(words.transform(texts)), idf(chars.transform(texts)))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """One row per text: the two unit-length blocks side by side."""
        words, chars = _vectorisers(self.bits)
        blocks = []
        for vectoriser, idf in ((words, self.idf_words), (chars, self.idf_chars)):
            x = vectoriser.transform(texts).tocsr()
            x.data = np.log1p(x.data)
            blocks.append(_normalise_rows(x @ sparse.diags(idf)))
        return sparse.hstack(blocks, format="csr")


class TfidfModel:
    """Per-category linear heads over :class:`TfidfFeatures`."""

    def __init__(
        self,
        features: TfidfFeatures,
        weights: Mapping[str, NDArray[np.float32]],
        bias: Mapping[str, float],
    ) -> None:
        width = 2 << features.bits
        for category, w in weights.items():
            if w.shape != (width,):
                raise ValueError(f"TF-IDF weights of {category} do not match {width} columns")
        self.features = features
        self.weights = dict(weights)
        self.bias = dict(bias)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.weights)

    def decision(self, texts: Sequence[str], category: str) -> NDArray[np.float32]:
        """Logits of ``category`` for each text."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        x = self.features.transform(texts)
        result: NDArray[np.float32] = (x @ self.weights[category] + self.bias[category]).astype(
            np.float32
        )
        return result

    def decisions(
        self, texts: Sequence[str], categories: Sequence[str]
    ) -> dict[str, NDArray[np.float32]]:
        """:meth:`decision` of several categories, from one feature transform."""
        if not texts:
            return {c: np.zeros(0, dtype=np.float32) for c in categories}
        x = self.features.transform(texts)
        out: dict[str, NDArray[np.float32]] = {}
        for category in categories:
            out[category] = (x @ self.weights[category] + self.bias[category]).astype(np.float32)
        return out

    def save(self, path: Path) -> None:
        """float16 weights, compressed (unused hashed columns compress to almost nothing)."""
        arrays: dict[str, Any] = {
            "bits": np.array([self.features.bits]),
            "idf_words": self.features.idf_words.astype(np.float16),
            "idf_chars": self.features.idf_chars.astype(np.float16),
        }
        for category, w in self.weights.items():
            arrays[f"w_{category}"] = w.astype(np.float16)
            arrays[f"b_{category}"] = np.array([self.bias[category]], dtype=np.float32)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> TfidfModel:
        try:
            with np.load(path) as data:
                features = TfidfFeatures(
                    int(data["bits"][0]),
                    data["idf_words"].astype(np.float32),
                    data["idf_chars"].astype(np.float32),
                )
                cats = [k[2:] for k in data.files if k.startswith("w_")]
                weights = {c: data[f"w_{c}"].astype(np.float32) for c in cats}
                bias = {c: float(data[f"b_{c}"][0]) for c in cats}
        except (OSError, KeyError, ValueError) as exc:
            raise DataFileError(f"{path}: invalid TF-IDF model ({exc})") from None
        return cls(features, weights, bias)
