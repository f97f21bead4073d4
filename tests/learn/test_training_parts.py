"""Loaders, split, n-gram model and metrics on tiny synthetic data written by the tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from safeguard.learn.datasets import DataUnavailableError, load_cssrs, load_formspring, load_vtpan
from safeguard.learn.metrics import best_f1_threshold, figures_at, roc_auc
from safeguard.learn.ngram import NgramFeaturiser, NgramModel
from safeguard.learn.splits import part_of, split_texts


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_formspring_label_is_the_majority_of_three_votes(tmp_path: Path) -> None:
    votes = [f"{name}{n}" for n in (1, 2, 3) for name in ("ans", "severity", "bully")]
    header = ",".join(["userid", "post", "ques", "ans", "asker", *votes]) + "\n"
    rows = [
        "u1,Q: hi&#039;<br>A: hey,,,,Yes,1,,Yes,1,,No,0,\n",
        "u2,Q: ok,,,,Yes,1,,No,0,,No,0,\n",
    ]
    _write(tmp_path / "bullying/formspring_dev.csv", header + "".join(rows))
    data = load_formspring(tmp_path)
    assert data.labels == (1, 0)
    assert data.texts[0] == "Q: hi'\nA: hey"
    assert data.category == "threats_abuse"


def test_cssrs_at_risk_grades_are_positive_and_cut_lists_still_parse(tmp_path: Path) -> None:
    rows = (
        "User,Post,Label\n"
        "user-1,\"['first post', 'second post']\",Ideation\n"
        "user-2,\"['a supportive reply', 'another one that was cut off\",Supportive\n"
    )
    _write(tmp_path / "self_harm/reddit_cssrs_dev.csv", rows)
    data = load_cssrs(tmp_path)
    assert data.labels == (1, 0)
    assert data.texts[0] == "first post\nsecond post"
    assert "cut off" in data.texts[1]


def test_missing_data_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailableError, match=r"vtpan_segments_dev\.csv"):
        load_vtpan(tmp_path)


def test_split_is_deterministic_order_free_and_keeps_duplicates_together() -> None:
    texts = tuple(f"message number {i}" for i in range(2000)) + ("same text",) * 5
    split = split_texts(texts, "demo")
    again = split_texts(tuple(reversed(texts)), "demo")
    assert len(split.test) == len(again.test)
    assert 0.2 < len(split.test) / len(texts) < 0.3
    assert 0.1 < len(split.calib) / len(texts) < 0.2
    parts = {part_of("same text", "demo")}
    assert len(parts) == 1
    assert set(split.train).isdisjoint(split.test)
    assert part_of("x", "demo", seed=1) in ("train", "calib", "test")


def test_ngram_cached_scoring_equals_the_training_features() -> None:
    texts = ["send me a pic", "see you at practice", "send it now", "practice at six"]
    featuriser = NgramFeaturiser(n_buckets=1 << 12)
    x = featuriser.transform(texts)
    rng = np.random.default_rng(1)
    weights = rng.normal(size=(1 << 12, 2)).astype(np.float32)
    bias = np.array([0.1, -0.2], dtype=np.float32)
    model = NgramModel(["a", "b"], weights, bias)
    expected = x @ weights + bias
    np.testing.assert_allclose(model.decision(texts), expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(model.decision(texts[::-1]), expected[::-1], rtol=1e-4, atol=1e-4)
    assert model.decision([]).shape == (0, 2)


def test_ngram_model_round_trips_through_file(tmp_path: Path) -> None:
    weights = (np.arange(64 * 1, dtype=np.float32).reshape(64, 1) / 64).astype(np.float32)
    model = NgramModel(["grooming"], weights, np.zeros(1, dtype=np.float32))
    model.save(tmp_path / "m.npz")
    loaded = NgramModel.load(tmp_path / "m.npz")
    assert loaded.categories == ("grooming",)
    np.testing.assert_allclose(loaded.weights, weights, atol=1e-3)


@pytest.mark.parametrize(
    ("labels", "scores", "auc"),
    [
        ([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1.0),
        ([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1], 0.0),
        ([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5),
        ([1, 1], [0.2, 0.3], None),
    ],
)
def test_auc_table(labels: list[int], scores: list[float], auc: float | None) -> None:
    assert roc_auc(labels, scores) == auc


def test_figures_and_best_threshold() -> None:
    labels = [0, 0, 0, 1, 1, 1]
    scores = [0.1, 0.2, 0.7, 0.6, 0.8, 0.9]
    t = best_f1_threshold(labels, scores)
    fig = figures_at(labels, scores, t)
    assert t == 0.6
    assert fig.recall == 1.0
    assert fig.precision == 0.75
    assert fig.fpr == pytest.approx(1 / 3)


@pytest.mark.parametrize("name", ["leetspeak", "spacing", "lookalikes", "emoji"])
def test_perturbations_change_text_but_normalise_back_mostly(name: str) -> None:
    from safeguard.core.normaliser import normalise
    from safeguard.learn.perturb import PERTURBATIONS

    text = "please send the picture tonight and tell nobody about this secret"
    changed = PERTURBATIONS[name](text, 3)
    assert changed != text
    assert PERTURBATIONS[name](text, 3) == changed  # seeded
    clean = set(normalise(text).text.split())
    recovered = set(normalise(changed).text.split())
    assert len(clean & recovered) >= len(clean) // 2


def test_early_warning_speed_rewards_earlier_alerts() -> None:
    from safeguard.learn.early_warning import early_warning

    early = early_warning([2, 3, None, None], [1, 1, 0, 0], [40, 40, 40, 40])
    late = early_warning([30, 35, None, None], [1, 1, 0, 0], [40, 40, 40, 40])
    assert early.f1 == late.f1 == 1.0
    assert early.latency_weighted_f1 > late.latency_weighted_f1
    assert early.median_messages_until_alert == 2.5
    missed = early_warning([None, None, 5, None], [1, 1, 0, 0], [40, 40, 40, 40])
    assert missed.f1 == 0.0 and missed.latency_weighted_f1 == 0.0


def test_thresholds_file_errors_name_the_key() -> None:
    from safeguard.core.errors import DataFileError
    from safeguard.learn.thresholds import default_thresholds, parse_thresholds

    assert 0.0 < default_thresholds().signal_for("grooming") <= 1.0
    with pytest.raises(DataFileError, match=r"signal\.default"):
        parse_thresholds(
            "version: 1\nsignal: {default: 2}\nexemplar: {midpoint: 0.1, slope: 1}\n"
            "stage: {min_contrast: 0.1}\ndyad: {alert: 0.5, window_factor: 0.3}\n"
            "cascade: {enabled: true, ngram_probability: 0.5, static_contrast: 0.1,"
            " window_messages: 5}\n"
        )


def test_exemplars_file_rejects_unknown_category() -> None:
    from safeguard.core.errors import DataFileError
    from safeguard.learn.exemplar_scoring import load_exemplars, parse_exemplars

    assert "sextortion" in load_exemplars().categories
    with pytest.raises(DataFileError, match="unknown category"):
        parse_exemplars("version: 1\nshared_negatives: [hi]\ncategories: {nope: {positives: [x]}}")
