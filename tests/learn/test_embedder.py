"""The embedders: unit vectors, meaning-preserving, offline."""

from __future__ import annotations

import os

import numpy as np
import pytest

from safeguard.learn.embedder import Embedder, MiniLMEmbedder
from safeguard.learn.static_embedder import StaticEmbedder
from safeguard.learn.text_windows import chunks, encode_long

SIMILAR = ("keep this chat a secret from your parents", "don't tell your mum and dad we talk")
UNRELATED = "the bus to school was late again this morning"


def _check_embedder(embedder: Embedder) -> None:
    vectors = embedder.encode([*SIMILAR, UNRELATED])
    assert vectors.shape == (3, embedder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    close = float(vectors[0] @ vectors[1])
    far = float(vectors[0] @ vectors[2])
    assert close > far + 0.1
    assert embedder.encode([]).shape == (0, embedder.dim)


def test_minilm_gives_unit_vectors_that_keep_meaning(minilm: MiniLMEmbedder) -> None:
    _check_embedder(minilm)
    assert minilm.dim == 384


def test_minilm_runs_offline(minilm: MiniLMEmbedder) -> None:
    minilm.encode(["hello"])
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"


def test_static_embedder_keeps_meaning(static_embedder: StaticEmbedder) -> None:
    _check_embedder(static_embedder)


def test_static_embedder_round_trips_through_int8_file(tmp_path: object) -> None:
    rng = np.random.default_rng(0)
    table = rng.normal(size=(40, 8)).astype(np.float32)
    path = tmp_path / "t.npz"  # type: ignore[operator]
    StaticEmbedder(table).save(path)
    loaded = StaticEmbedder.load(path)
    np.testing.assert_allclose(loaded.table, table, atol=np.abs(table).max() / 100)


def test_empty_text_gets_a_zero_vector_not_nan(static_embedder: StaticEmbedder) -> None:
    vectors = static_embedder.encode(["", "hi"])
    assert not np.isnan(vectors).any()
    assert float(np.linalg.norm(vectors[0])) == 0.0


@pytest.mark.parametrize(("words", "expected"), [(10, 1), (150, 1), (151, 2), (450, 3)])
def test_long_texts_are_cut_into_chunks_minilm_can_read(words: int, expected: int) -> None:
    assert len(chunks(" ".join(["w"] * words))) == expected


def test_long_text_vector_is_mean_of_its_chunks(static_embedder: StaticEmbedder) -> None:
    text = "hello there " * 200
    vector = encode_long(static_embedder, [text])
    pieces = static_embedder.encode(chunks(text))
    expected = pieces.sum(axis=0) / np.linalg.norm(pieces.sum(axis=0))
    np.testing.assert_allclose(vector[0], expected, atol=1e-5)
