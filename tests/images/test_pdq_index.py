"""Both PDQ indexes find exactly the stored hashes within the radius, with exact distances."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from safeguard.images.pdq import pdq_to_bytes
from safeguard.images.pdq_index import (
    LinearPdqIndex,
    PdqIndex,
    RangeHits,
    build_pdq_index,
)
from safeguard.images.pdq_mih import MultiIndexPdqIndex


def _flip(code: npt.NDArray[np.uint8], bits: int, rng: np.random.Generator) -> np.ndarray:
    out = code.copy()
    for bit in rng.choice(256, size=bits, replace=False):
        out[bit // 8] ^= np.uint8(1 << (bit % 8))
    return out


def _brute_force(db: np.ndarray, queries: np.ndarray, radius: int) -> set[tuple[int, int, int]]:
    bits_db = np.unpackbits(db, axis=1)
    found = set()
    for q, query in enumerate(np.unpackbits(queries, axis=1)):
        distances = (bits_db != query).sum(axis=1)
        for row in np.flatnonzero(distances <= radius):
            found.add((q, int(row), int(distances[row])))
    return found


def _as_set(hits: RangeHits) -> set[tuple[int, int, int]]:
    return set(zip(hits.queries.tolist(), hits.rows.tolist(), hits.distances.tolist(), strict=True))


@pytest.fixture(scope="module")
def planted() -> tuple[np.ndarray, np.ndarray]:
    """3,000 random hashes plus near-copies at 0..40 bits, and queries near some of them."""
    rng = np.random.default_rng(7)
    db = rng.integers(0, 256, size=(3000, 32), dtype=np.uint8)
    copies = np.stack([_flip(db[i], int(i % 41), rng) for i in range(0, 600, 3)])
    dupes = np.repeat(db[:1], 12, axis=0)  # one hash stored 13 times: overflow path
    db = np.concatenate([db, copies, dupes])
    queries = np.stack([_flip(db[i], int(rng.integers(0, 36)), rng) for i in range(0, 900, 7)])
    queries = np.concatenate([queries, rng.integers(0, 256, size=(50, 32), dtype=np.uint8)])
    return db, queries


@pytest.mark.parametrize("kind", [LinearPdqIndex, MultiIndexPdqIndex])
@pytest.mark.parametrize("radius", [0, 10, 15, 16, 31, 40])
def test_when_searched_then_exactly_brute_force_hits(
    planted: tuple[np.ndarray, np.ndarray], kind: type[PdqIndex], radius: int
) -> None:
    db, queries = planted
    index = kind(db)  # type: ignore[call-arg]
    hits = index.search(queries, radius)
    assert _as_set(hits) == _brute_force(db, queries, radius)
    assert len(hits) == len(_as_set(hits)), "a hit was reported twice"


@pytest.mark.parametrize("kind", [LinearPdqIndex, MultiIndexPdqIndex])
def test_when_single_query_then_same_as_batch(
    planted: tuple[np.ndarray, np.ndarray], kind: type[PdqIndex]
) -> None:
    db, queries = planted
    index = kind(db)  # type: ignore[call-arg]
    batch = index.search(queries, 31)
    for q in (0, 5, 17):
        single = index.search(queries[q : q + 1], 31)
        assert single.for_query(0) == batch.for_query(q)


def test_hits_are_ordered_nearest_first() -> None:
    base = pdq_to_bytes(["0" * 64])
    db = np.concatenate([base ^ np.uint8(0), base.copy(), base.copy()])
    db[1, 0] = 0b111
    db[2, 0] = 0b1
    hits = MultiIndexPdqIndex(db).search(base, 31)
    assert hits.for_query(0) == [(0, 0), (2, 1), (1, 3)]


def test_when_index_empty_then_no_hits() -> None:
    empty = np.zeros((0, 32), dtype=np.uint8)
    query = np.zeros((1, 32), dtype=np.uint8)
    for index in (LinearPdqIndex(empty), MultiIndexPdqIndex(empty)):
        assert len(index.search(query, 31)) == 0
        assert index.size == 0


def test_factory_picks_linear_for_small_and_mih_on_request() -> None:
    codes = np.zeros((10, 32), dtype=np.uint8)
    assert isinstance(build_pdq_index(codes), LinearPdqIndex)
    assert isinstance(build_pdq_index(codes, "mih"), MultiIndexPdqIndex)


def test_mih_memory_is_reported() -> None:
    codes = np.random.default_rng(1).integers(0, 256, size=(1000, 32), dtype=np.uint8)
    index = MultiIndexPdqIndex(codes)
    assert 300 * 1000 < index.memory_bytes < 500 * 1000 + 16 * 65537 * 8


@pytest.mark.parametrize("radius", [-1, 64])
def test_when_radius_out_of_range_then_value_error(radius: int) -> None:
    with pytest.raises(ValueError, match="radius"):
        LinearPdqIndex(np.zeros((1, 32), dtype=np.uint8)).search(
            np.zeros((1, 32), dtype=np.uint8), radius
        )


def test_when_codes_malformed_then_value_error() -> None:
    with pytest.raises(ValueError, match="uint8"):
        LinearPdqIndex(np.zeros((1, 31), dtype=np.uint8))
