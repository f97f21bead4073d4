"""``safeguard train``: fit every learned model on the train parts, report on the test parts.

The recipe, seeded and deterministic (LIBLINEAR and L-BFGS on fixed data):

1. load each data set, normalise its texts with the core normaliser, split it
   (:mod:`safeguard.learn.splits`: 60% train, 15% calibration, 25% test);
2. embed every text with MiniLM (long texts as the mean of 150-word chunks), cached by a
   hash of the texts under ``cache_dir`` so reruns are quick;
3. per category, on the union of its sets' train parts: a hashed n-gram logistic regression
   and a logistic-regression head on the embeddings; exemplar similarity where exemplars exist;
4. per category, on the calibration parts: the combiner (Platt-calibrated stacking) and the
   alert threshold that maximises F1;
5. on the test parts, per data set: AUC, F1, precision, recall, FPR of the combined model, of
   each part alone, and of a TF-IDF + logistic regression baseline trained on the same train
   part (threshold also from the calibration part);
6. write the weight files and ``MODEL_CARD.md`` into ``out_dir``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from safeguard.core.normaliser import normalise
from safeguard.learn.datasets import LabelledSet, load_all
from safeguard.learn.embedder import Embedder, MiniLMEmbedder
from safeguard.learn.exemplar_scoring import ExemplarScorer, load_exemplars
from safeguard.learn.heads import Combiner, LinearHead, save_heads
from safeguard.learn.metrics import best_f1_threshold, figures_at
from safeguard.learn.ngram import NgramFeaturiser, NgramModel
from safeguard.learn.splits import SPLIT_SEED, split_texts
from safeguard.learn.static_embedder import distil_static_embedder, token_frequencies
from safeguard.learn.text_windows import encode_long

CATEGORY_SETS: dict[str, tuple[str, ...]] = {
    "grooming": ("vtpan",),
    "threats_abuse": ("formspring", "olid", "davidson", "cyberbullying"),
    "self_harm_risk": ("cssrs", "suicide_detection"),
}
# Each set weighs the same in training (classes balanced within it), so the 25k offensive
# tweets of Davidson do not drown Formspring; Formspring, the one set written by teenagers
# on a Q&A site like those children use, counts double.
SET_WEIGHT: dict[str, float] = {"formspring": 2.0}
NGRAM_C = 1.0
HEAD_C = 1.0
MODEL_VERSION = "1"

Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class TrainConfig:
    data_root: Path
    out_dir: Path
    cache_dir: Path = Path("build/learn-cache")
    seed: int = SPLIT_SEED
    distil_static: bool = False


@dataclass(slots=True)
class _Prepared:
    data: LabelledSet
    texts: list[str]
    labels: NDArray[np.int_]
    vectors: NDArray[np.float32]
    train: list[int]
    calib: list[int]
    test: list[int]


@dataclass(slots=True)
class TrainReport:
    figures: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _embed_cached(
    embedder: Embedder, name: str, texts: list[str], cache_dir: Path
) -> NDArray[np.float32]:
    digest = hashlib.sha256(embedder.name.encode())
    for text in texts:
        digest.update(text.encode("utf-8", "replace") + b"\x00")
    path = cache_dir / f"{embedder.name}_{name}_{digest.hexdigest()[:16]}.npy"
    if path.is_file():
        cached: NDArray[np.float32] = np.load(path)
        return cached
    vectors = encode_long(embedder, texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def prepare(config: TrainConfig, embedder: Embedder, log: Log) -> dict[str, _Prepared]:
    """Load, normalise, split and embed every data set."""
    names = tuple(n for sets in CATEGORY_SETS.values() for n in sets)
    prepared: dict[str, _Prepared] = {}
    for name, data in load_all(config.data_root, names).items():
        texts = [normalise(t).text.strip() for t in data.texts]
        split = split_texts(data.texts, name, config.seed)
        log(f"{name}: {len(texts)} examples, {data.positives} positive; embedding")
        vectors = _embed_cached(embedder, name, texts, config.cache_dir)
        prepared[name] = _Prepared(
            data,
            texts,
            np.asarray(data.labels, dtype=np.int_),
            vectors,
            list(split.train),
            list(split.calib),
            list(split.test),
        )
    return prepared


def _gather(
    parts: list[_Prepared], which: str
) -> tuple[list[str], NDArray[np.float32], NDArray[np.int_], NDArray[np.float64]]:
    """Texts, vectors, labels and sample weights of one part of several sets."""
    texts: list[str] = []
    vectors: list[NDArray[np.float32]] = []
    labels: list[NDArray[np.int_]] = []
    weights: list[NDArray[np.float64]] = []
    for p in parts:
        idx = getattr(p, which)
        y = p.labels[idx]
        texts.extend(p.texts[i] for i in idx)
        vectors.append(p.vectors[idx])
        labels.append(y)
        pos = max(1, int(y.sum()))
        neg = max(1, len(y) - int(y.sum()))
        w = np.where(y == 1, 0.5 / pos, 0.5 / neg) * SET_WEIGHT.get(p.data.name, 1.0)
        weights.append(w)
    w_all = np.concatenate(weights)
    return texts, np.vstack(vectors), np.concatenate(labels), w_all * len(w_all) / w_all.sum()


def _baseline(
    train_texts: list[str], y: NDArray[np.int_], w: NDArray[np.float64]
) -> Callable[[list[str]], NDArray[np.float64]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))
    model = LogisticRegression(C=1.0, max_iter=3000)
    model.fit(vectoriser.fit_transform(train_texts), y, sample_weight=w)

    def score(texts: list[str]) -> NDArray[np.float64]:
        result: NDArray[np.float64] = model.decision_function(vectoriser.transform(texts))
        return result

    return score


def _fit_lr(
    x: Any, y: NDArray[np.int_], w: NDArray[np.float64], c: float, solver: str
) -> tuple[NDArray[np.float32], float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000, solver=solver)
    model.fit(x, y, sample_weight=w)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def train(config: TrainConfig, log: Log = print) -> TrainReport:
    """Run the whole recipe; see the module docstring."""
    embedder = MiniLMEmbedder()
    prepared = prepare(config, embedder, log)
    featuriser = NgramFeaturiser()
    exemplars = load_exemplars()
    exemplar_scorer = ExemplarScorer.build(exemplars, embedder)
    categories = list(CATEGORY_SETS)
    ngram_weights = np.zeros((featuriser.n_buckets, len(categories)), dtype=np.float32)
    ngram_bias = np.zeros(len(categories), dtype=np.float32)
    heads: dict[str, LinearHead] = {}
    combiners: dict[str, Any] = {}
    report = TrainReport()
    for k, category in enumerate(categories):
        parts = [prepared[n] for n in CATEGORY_SETS[category]]
        tr_texts, tr_vec, tr_y, tr_w = _gather(parts, "train")
        log(f"{category}: fitting on {len(tr_y)} train examples ({int(tr_y.sum())} positive)")
        w, b = _fit_lr(featuriser.transform(tr_texts), tr_y, tr_w, NGRAM_C, "liblinear")
        ngram_weights[:, k], ngram_bias[k] = w, b
        hw, hb = _fit_lr(tr_vec, tr_y, tr_w, HEAD_C, "lbfgs")
        heads[category] = LinearHead(hw, hb)
        ngram = NgramModel([category], w[:, None], np.array([b], dtype=np.float32))
        has_exemplars = category in exemplars.categories

        def columns(
            texts: list[str],
            vectors: NDArray[np.float32],
            ngram: NgramModel = ngram,
            cat: str = category,
            use_ex: bool = has_exemplars,
        ) -> dict[str, NDArray[Any]]:
            cols: dict[str, NDArray[Any]] = {
                "ngram": ngram.decision(texts)[:, 0],
                "embedding": heads[cat].decision(vectors),
            }
            if use_ex:
                cols["exemplar"] = exemplar_scorer.contrast(vectors, cat)
            return cols

        ca_texts, ca_vec, ca_y, ca_w = _gather(parts, "calib")
        ca_cols = columns(ca_texts, ca_vec)
        combiner = _fit_combiner(ca_cols, ca_y, ca_w)
        ca_p = combiner.probabilities(ca_cols)
        threshold = best_f1_threshold(ca_y, ca_p)
        baseline = _baseline(tr_texts, tr_y, tr_w)
        per_set: dict[str, Any] = {}
        for part in parts:
            # Figures per set use thresholds picked on that set's calibration part, the same
            # way for every model (a deployment sets its own in thresholds.yaml).
            c_idx = part.calib
            c_texts = [part.texts[i] for i in c_idx]
            c_y = part.labels[c_idx]
            c_cols = columns(c_texts, part.vectors[c_idx])
            thresholds = {name: best_f1_threshold(c_y, c_cols[name]) for name in c_cols}
            thresholds["learned"] = best_f1_threshold(c_y, combiner.probabilities(c_cols))
            thresholds["baseline"] = best_f1_threshold(c_y, baseline(c_texts))
            idx = part.test
            texts = [part.texts[i] for i in idx]
            y = part.labels[idx]
            cols = columns(texts, part.vectors[idx])
            per_set[part.data.name] = {
                "test_examples": len(idx),
                "learned": figures_at(
                    y, combiner.probabilities(cols), thresholds["learned"]
                ).as_dict(),
                "baseline_tfidf_lr": figures_at(
                    y, baseline(texts), thresholds["baseline"]
                ).as_dict(),
                **{
                    f"{name}_only": figures_at(y, cols[name], thresholds[name]).as_dict()
                    for name in cols
                },
            }
            fig = per_set[part.data.name]
            ours, base = fig["learned"], fig["baseline_tfidf_lr"]
            log(
                f"  {part.data.name:18s} test AUC learned {ours['auc']} F1 {ours['f1']}"
                f" | baseline AUC {base['auc']} F1 {base['f1']}"
            )
        combiners[category] = {
            "combiner": combiner.to_dict(),
            "threshold": round(threshold, 6),
            "trained_on": list(CATEGORY_SETS[category]),
        }
        report.figures[category] = per_set
    config.out_dir.mkdir(parents=True, exist_ok=True)
    NgramModel(categories, ngram_weights, ngram_bias).save(config.out_dir / "ngram.npz")
    save_heads(config.out_dir / "heads.npz", heads)
    exemplar_scorer.save(config.out_dir / "exemplars.npz")
    manifest = {
        "version": MODEL_VERSION,
        "embedder": embedder.name,
        "split_seed": config.seed,
        "categories": combiners,
    }
    (config.out_dir / "combiners.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    report.files += [
        config.out_dir / f for f in ("ngram.npz", "heads.npz", "exemplars.npz", "combiners.json")
    ]
    if config.distil_static:
        log("distilling the static embedder from MiniLM")
        counts = token_frequencies(t for p in prepared.values() for t in p.texts)
        distil_static_embedder(embedder, counts).save(config.out_dir / "static_minilm.npz")
        report.files.append(config.out_dir / "static_minilm.npz")
    (config.out_dir / "figures.json").write_text(
        json.dumps(report.figures, indent=2) + "\n", "utf-8"
    )
    report.files.append(config.out_dir / "figures.json")
    return report


def _fit_combiner(
    columns: dict[str, NDArray[Any]], y: NDArray[np.int_], w: NDArray[np.float64]
) -> Combiner:
    from sklearn.linear_model import LogisticRegression

    names = tuple(columns)
    x = np.column_stack([columns[n] for n in names])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y, sample_weight=w)
    return Combiner(names, tuple(float(c) for c in model.coef_[0]), float(model.intercept_[0]))
