"""Exact range search over PDQ hashes: every stored hash within ``radius`` bits of a query.

Two implementations behind one interface, chosen by :func:`build_pdq_index`:

- :class:`LinearPdqIndex` compares a query with every stored hash (numpy). It is the reference
  implementation and the fastest choice for small banks.
- :class:`~safeguard.images.pdq_mih.MultiIndexPdqIndex` uses multi-index hashing, compiled with
  numba, and stays fast at a million hashes and more.

Both report exact Hamming distances; hashes are ``(n, 32)`` uint8 arrays
(:func:`safeguard.images.pdq.pdq_to_bytes`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from safeguard.images.pdq import PDQ_BYTES

Codes = npt.NDArray[np.uint8]
IndexKind = Literal["auto", "linear", "mih"]

# Below this many hashes a linear scan beats building and compiling the multi-index.
AUTO_MIH_MIN_SIZE = 20_000


@dataclass(frozen=True, slots=True)
class RangeHits:
    """Every (query, stored row, distance) within the radius, ordered by query then distance."""

    queries: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    distances: npt.NDArray[np.int32]

    def __len__(self) -> int:
        return int(self.queries.shape[0])

    def for_query(self, query: int) -> list[tuple[int, int]]:
        """``(row, distance)`` pairs of one query, nearest first."""
        lo, hi = np.searchsorted(self.queries, [query, query + 1])
        return [
            (int(row), int(dist))
            for row, dist in zip(self.rows[lo:hi], self.distances[lo:hi], strict=True)
        ]

    @classmethod
    def collect(
        cls,
        queries: npt.NDArray[np.int64],
        rows: npt.NDArray[np.int64],
        distances: npt.NDArray[np.int32],
    ) -> RangeHits:
        """Hits in canonical order (query, distance, row), whatever order they were found in."""
        order = np.lexsort((rows, distances, queries))
        return cls(queries[order], rows[order], distances[order])


class PdqIndex(ABC):
    """A fixed set of PDQ hashes, searched by Hamming radius."""

    @property
    @abstractmethod
    def size(self) -> int:
        """How many hashes are stored."""

    @property
    @abstractmethod
    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays."""

    @abstractmethod
    def search(self, queries: Codes, radius: int) -> RangeHits:
        """Every stored hash within ``radius`` bits (inclusive) of each query row."""


class LinearPdqIndex(PdqIndex):
    """Compare each query with every stored hash: simple, exact, fine up to tens of thousands."""

    def __init__(self, codes: Codes) -> None:
        self._words = _as_words(codes)

    @property
    def size(self) -> int:
        return int(self._words.shape[0])

    @property
    def memory_bytes(self) -> int:
        return int(self._words.nbytes)

    def search(self, queries: Codes, radius: int) -> RangeHits:
        check_radius(radius)
        query_words = _as_words(queries)
        found_q: list[npt.NDArray[np.int64]] = []
        found_rows: list[npt.NDArray[np.int64]] = []
        found_d: list[npt.NDArray[np.int32]] = []
        for index, query in enumerate(query_words):
            distances = np.bitwise_count(self._words ^ query).sum(axis=1, dtype=np.int32)
            rows = np.flatnonzero(distances <= radius).astype(np.int64)
            found_q.append(np.full(rows.shape[0], index, dtype=np.int64))
            found_rows.append(rows)
            found_d.append(distances[rows])
        if not found_q:
            return _empty_hits()
        return RangeHits.collect(
            np.concatenate(found_q), np.concatenate(found_rows), np.concatenate(found_d)
        )


def build_pdq_index(codes: Codes, kind: IndexKind = "auto") -> PdqIndex:
    """An index over ``codes``: linear for small sets, multi-index hashing for large ones."""
    if kind == "linear" or (kind == "auto" and codes.shape[0] < AUTO_MIH_MIN_SIZE):
        return LinearPdqIndex(codes)
    from safeguard.images.pdq_mih import MultiIndexPdqIndex  # numba loads only when needed

    return MultiIndexPdqIndex(codes)


def check_radius(radius: int) -> None:
    """ValueError unless ``0 <= radius < 64`` (beyond that PDQ matches mean little)."""
    if not 0 <= radius < 64:
        raise ValueError(f"PDQ search radius must be between 0 and 63 bits, got {radius}")


def _as_words(codes: Codes) -> npt.NDArray[np.uint64]:
    if codes.ndim != 2 or codes.shape[1] != PDQ_BYTES or codes.dtype != np.uint8:
        raise ValueError(f"PDQ codes must be an (n, {PDQ_BYTES}) uint8 array")
    return np.ascontiguousarray(codes).view(np.uint64)


def _empty_hits() -> RangeHits:
    return RangeHits(
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
    )
