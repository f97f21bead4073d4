"""A linear model over hashed word and character n-grams: the cheap first stage.

Features of a (normalised) text: each word, each pair of adjacent words, and the character
3- to 5-grams of each word padded with spaces, hashed (CRC-32, stable across processes, with
a sign bit against collision bias) into ``n_buckets`` columns, summed and divided by the
square root of the word count. Because every feature belongs to one word or one word pair,
a text's score is a sum of per-word and per-pair contributions, which the scorer caches:
scoring a chat message costs a few dictionary look-ups.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

DEFAULT_BUCKETS = 1 << 18
CHAR_SIZES = (3, 4, 5)
_CACHE_LIMIT = 400_000


def _hash(feature: str, n_buckets: int) -> tuple[int, float]:
    h = zlib.crc32(feature.encode("utf-8"))
    return h % n_buckets, (1.0 if (h >> 31) & 1 == 0 else -1.0)


def word_features(word: str, n_buckets: int) -> list[tuple[int, float]]:
    """Hashed (column, sign) pairs of one word: the word itself and its character n-grams."""
    out = [_hash("w:" + word, n_buckets)]
    padded = f" {word} "
    for size in CHAR_SIZES:
        for i in range(len(padded) - size + 1):
            out.append(_hash("c:" + padded[i : i + size], n_buckets))
    return out


def pair_feature(first: str, second: str, n_buckets: int) -> tuple[int, float]:
    return _hash(f"b:{first} {second}", n_buckets)


class NgramFeaturiser:
    """Texts to a sparse hashed n-gram matrix (used for training; scoring uses the cache)."""

    def __init__(self, n_buckets: int = DEFAULT_BUCKETS) -> None:
        self.n_buckets = n_buckets
        self._words: dict[str, list[tuple[int, float]]] = {}

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for text in texts:
            words = text.split()
            row: dict[int, float] = {}
            for word in words:
                feats = self._words.get(word)
                if feats is None:
                    feats = word_features(word, self.n_buckets)
                    if len(self._words) < _CACHE_LIMIT:
                        self._words[word] = feats
                for col, sign in feats:
                    row[col] = row.get(col, 0.0) + sign
            for a, b in itertools.pairwise(words):
                col, sign = pair_feature(a, b, self.n_buckets)
                row[col] = row.get(col, 0.0) + sign
            scale = 1.0 / math.sqrt(max(1, len(words)))
            indices.extend(row)
            values.extend(v * scale for v in row.values())
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.asarray(values, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(texts), self.n_buckets),
        )


class NgramModel:
    """``K`` linear heads (one per category) over the hashed n-gram features."""

    def __init__(
        self, categories: Sequence[str], weights: NDArray[np.float32], bias: NDArray[np.float32]
    ) -> None:
        if weights.shape[1] != len(categories) or bias.shape != (len(categories),):
            raise ValueError("n-gram weights do not match the category list")
        self.categories = tuple(categories)
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.bias = bias.astype(np.float32)
        self.n_buckets = int(weights.shape[0])
        self._word_row: dict[str, int] = {}
        self._pair_row: dict[tuple[str, str], int] = {}
        self._table = np.zeros((1024, len(categories)), dtype=np.float32)
        self._used = 1  # row 0 stays zero

    # -- persistence ---------------------------------------------------------------------
    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            categories=np.array(self.categories),
        )

    @classmethod
    def load(cls, path: Path) -> NgramModel:
        with np.load(path) as data:
            return cls(
                [str(c) for c in data["categories"]],
                data["weights"].astype(np.float32),
                data["bias"].astype(np.float32),
            )

    # -- scoring ---------------------------------------------------------------------------
    def _row_for(self, contribution: NDArray[np.float32]) -> int:
        if self._used == len(self._table):
            grown = np.zeros((2 * len(self._table), self._table.shape[1]), dtype=np.float32)
            grown[: self._used] = self._table
            self._table = grown
        self._table[self._used] = contribution
        self._used += 1
        return self._used - 1

    def _forget_if_large(self) -> None:
        if self._used > 2 * _CACHE_LIMIT:
            self._word_row.clear()
            self._pair_row.clear()
            self._table = np.zeros((1024, len(self.categories)), dtype=np.float32)
            self._used = 1

    def _word(self, word: str) -> int:
        row = self._word_row.get(word)
        if row is None:
            feats = word_features(word, self.n_buckets)
            cols = [c for c, _ in feats]
            signs = np.asarray([s for _, s in feats], dtype=np.float32)
            row = self._row_for(signs @ self.weights[cols])
            if len(self._word_row) < _CACHE_LIMIT:
                self._word_row[word] = row
        return row

    def _pair(self, first: str, second: str) -> int:
        key = (first, second)
        row = self._pair_row.get(key)
        if row is None:
            col, sign = pair_feature(first, second, self.n_buckets)
            row = self._row_for(sign * self.weights[col])
            if len(self._pair_row) < _CACHE_LIMIT:
                self._pair_row[key] = row
        return row

    def raw(self, texts: Sequence[str]) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Unscaled feature sums (one row per text) and word counts, for window arithmetic."""
        self._forget_if_large()
        ids: list[int] = []
        starts: list[int] = []
        counts = np.empty(len(texts), dtype=np.float32)
        for i, text in enumerate(texts):
            words = text.split()
            starts.append(len(ids))
            ids.append(0)  # the zero row keeps every segment non-empty
            ids.extend(self._word(w) for w in words)
            ids.extend(self._pair(a, b) for a, b in itertools.pairwise(words))
            counts[i] = len(words)
        if not texts:
            return np.zeros((0, len(self.categories)), dtype=np.float32), counts
        sums = np.add.reduceat(self._table[np.asarray(ids)], np.asarray(starts), axis=0)
        return sums, counts

    def finish(self, sums: NDArray[np.float32], counts: NDArray[np.float32]) -> NDArray[np.float32]:
        """Logits from feature sums and word counts (see :meth:`raw`)."""
        scales = 1.0 / np.sqrt(np.maximum(counts, 1.0))
        result: NDArray[np.float32] = (sums * scales[:, None] + self.bias).astype(np.float32)
        return result

    def decision(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Raw scores (logits), one row per text and one column per category."""
        return self.finish(*self.raw(texts))
