"""Pieces, pooling, hashed TF-IDF, folds and cross-fitted stacking on tiny synthetic data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from safeguard.learn.datasets import LabelledSet
from safeguard.learn.embedder import Embedder, FloatMatrix
from safeguard.learn.embedding_cache import cache_key, cached_piece_vectors
from safeguard.learn.learners import EmbeddingLearner, NgramLearner, TfidfLearner
from safeguard.learn.metrics import roc_auc
from safeguard.learn.ngram import NgramFeaturiser
from safeguard.learn.pieces import PieceVectors, embed_pieces, pack, pieces
from safeguard.learn.stacking import cross_fit, fit_stack
from safeguard.learn.tfidf import TfidfFeatures, TfidfModel
from safeguard.learn.training_data import SetData, build_table, fold_of


class CountingEmbedder(Embedder):
    """A deterministic stand-in for MiniLM: hashed bag of words, unit length; counts calls."""

    name = "counting"
    dim = 16

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str] | tuple[str, ...]) -> FloatMatrix:  # type: ignore[override]
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.split():
                out[i, sum(map(ord, word)) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        result: FloatMatrix = out / norms
        return result


@pytest.mark.parametrize(
    ("raw", "max_words", "expected"),
    [
        ("Hi there. How are you?", 60, ["hi there how are you"]),
        ("one two three. four five six. seven", 4, ["one two three", "four five six seven"]),
        ("red green blue pink grey gold teal", 3, ["red green blue", "pink grey gold", "teal"]),
        ("first post\nsecond post", 2, ["first post", "second post"]),
        ("", 60, [""]),
    ],
)
def test_pieces_pack_whole_sentences_up_to_the_word_limit(
    raw: str, max_words: int, expected: list[str]
) -> None:
    assert pieces(raw, max_words) == expected


def test_pack_never_makes_a_piece_longer_than_the_limit() -> None:
    sentences = ["word " * n for n in (1, 7, 3, 12, 2)]
    assert all(len(p.split()) <= 5 for p in pack(sentences, 5))
    assert sum(len(p.split()) for p in pack(sentences, 5)) == 25


def test_pooling_is_mean_and_max_of_each_texts_pieces() -> None:
    vectors = np.array([[1, 0], [0, 1], [0.6, 0.8]], dtype=np.float32)
    pv = PieceVectors(vectors, np.array([0, 0, 1], dtype=np.intp), 2)
    pooled = pv.pooled()
    assert pooled.shape == (2, 4)
    np.testing.assert_allclose(pooled[0, :2], [2**-0.5, 2**-0.5], rtol=1e-6)
    np.testing.assert_allclose(pooled[0, 2:], [1, 1])
    np.testing.assert_allclose(pooled[1], [0.6, 0.8, 0.6, 0.8], rtol=1e-6)
    np.testing.assert_allclose(pv.reduce_scores(np.array([1, 3, 5], np.float32), "mean"), [2, 5])
    np.testing.assert_allclose(pv.reduce_scores(np.array([1, 3, 5], np.float32), "max"), [3, 5])
    picked = pv.select([1, 0])
    np.testing.assert_allclose(picked.pooled(), pooled[[1, 0]], rtol=1e-6)


def test_embedding_cache_serves_the_same_vectors_without_embedding_again(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    texts = ["send me a pic. just for me", "see you at practice"]
    first = cached_piece_vectors(embedder, "demo", texts, tmp_path)
    again = cached_piece_vectors(embedder, "demo", texts, tmp_path)
    assert embedder.calls == 1
    np.testing.assert_array_equal(first.vectors, again.vectors)
    np.testing.assert_array_equal(first.owner, again.owner)
    assert cache_key("counting", texts) != cache_key("counting", texts[:1])
    np.testing.assert_allclose(first.pooled(), embed_pieces(embedder, texts).pooled())


def test_tfidf_round_trips_and_scores_like_its_features(tmp_path: Path) -> None:
    texts = ["you are so stupid", "see you at practice", "nobody likes you", "nice goal today"]
    features = TfidfFeatures.fit(texts, bits=10)
    x = features.transform(texts)
    assert x.shape == (4, 2 << 10)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, np.sqrt(2.0), rtol=1e-5)  # two unit-length blocks
    w = np.random.default_rng(0).normal(size=2 << 10).astype(np.float32)
    model = TfidfModel(features, {"threats_abuse": w}, {"threats_abuse": 0.5})
    model.save(tmp_path / "t.npz")
    loaded = TfidfModel.load(tmp_path / "t.npz")
    np.testing.assert_allclose(
        loaded.decision(texts, "threats_abuse"), x @ w + 0.5, rtol=1e-2, atol=1e-2
    )
    assert loaded.decision([], "threats_abuse").shape == (0,)


def test_fold_is_fixed_by_the_text() -> None:
    assert fold_of("hello", "demo", 1) == fold_of("hello", "demo", 1)
    folds = {fold_of(f"text {i}", "demo", 1) for i in range(200)}
    assert folds == {0, 1, 2, 3, 4}


def _synthetic_set(name: str, n: int, embedder: Embedder) -> SetData:
    rng = np.random.default_rng(len(name))
    bad = ["nobody likes you loser", "you are worthless and stupid", "everyone hates you"]
    good = ["see you at practice", "did you do the homework", "nice goal today mate"]
    labels = rng.integers(0, 2, size=n)
    texts = tuple(
        f"{(bad if y else good)[int(rng.integers(0, 3))]} {int(rng.integers(0, 99))}"
        for y in labels
    )
    data = LabelledSet(
        name, "threats_abuse", texts, tuple(int(y) for y in labels), "message", "", ""
    )
    dev = np.arange(n - n // 4, dtype=np.intp)
    return SetData(
        data=data,
        texts=texts,
        labels=labels.astype(np.int_),
        pieces=embed_pieces(embedder, texts),
        dev=dev,
        test=np.arange(n - n // 4, n, dtype=np.intp),
        folds=np.asarray([fold_of(texts[i], name, 7) for i in dev], dtype=np.int_),
    )


def test_stack_cross_fits_every_learner_and_separates_the_classes() -> None:
    embedder = CountingEmbedder()
    sets = [_synthetic_set("a", 120, embedder), _synthetic_set("b", 80, embedder)]
    dev = build_table(sets, "dev")
    assert len(dev) == 90 + 60
    assert dev.weights.mean() == pytest.approx(1.0)
    # each set carries the same total weight, split evenly between its classes
    for name in ("a", "b"):
        rows = dev.rows_of(name)
        y = dev.labels[rows]
        assert dev.weights[rows][y == 1].sum() == pytest.approx(dev.weights[rows][y == 0].sum())
    learners = [
        NgramLearner(NgramFeaturiser(n_buckets=1 << 12)),
        TfidfLearner(TfidfFeatures.fit(dev.texts, bits=10)),
        EmbeddingLearner(),
    ]
    features = {learner.name: learner.prepare(dev) for learner in learners}
    stack = fit_stack(learners, dev, features, {}, lambda _: None)
    assert set(stack.oof) == {"ngram", "tfidf", "embedding"}
    combiner = stack.combiner_on(("ngram", "tfidf"), np.arange(len(dev)), dev)
    assert combiner.inputs == ("ngram", "tfidf")
    probabilities = combiner.probabilities({n: stack.oof[n] for n in combiner.inputs})
    assert roc_auc(dev.labels, probabilities) == pytest.approx(1.0)
    test = build_table(sets, "test")
    scores = stack.fitted["tfidf"].score(learners[1].prepare(test), np.arange(len(test)))
    assert roc_auc(test.labels, scores) == pytest.approx(1.0)


def test_out_of_fold_scores_never_come_from_a_model_that_saw_the_row() -> None:
    embedder = CountingEmbedder()
    dev = build_table([_synthetic_set("a", 100, embedder)], "dev")

    class Memoriser(EmbeddingLearner):
        """Scores 1 for rows it was fitted on, 0 for others."""

        def fit(self, table, features, rows):  # type: ignore[no-untyped-def]
            seen = set(rows.tolist())
            from safeguard.learn.learners import Fitted

            return Fitted(lambda x, r: np.array([float(i in seen) for i in r]))

    oof = cross_fit(Memoriser(), dev, None)
    assert oof.sum() == 0.0
