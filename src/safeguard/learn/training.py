"""``safeguard train``: fit every learned model on the dev rows, report on the test rows.

The recipe, seeded and deterministic (LIBLINEAR and L-BFGS on fixed data, keyed-hash splits):

1. load each data set, split it (:mod:`safeguard.learn.splits`: 25% **test**, never seen by
   any step below; the other 75% are the **dev** rows), cut the dev rows into 5 folds;
2. cut every text into pieces and embed them with MiniLM, cached under ``cache_dir`` by a
   hash of the texts so reruns are quick (:mod:`safeguard.learn.embedding_cache`);
3. per category, on the union of its sets' dev rows (each set weighing the same): cross-fit
   the base learners (:mod:`safeguard.learn.learners`: hashed n-grams, hashed word and
   character TF-IDF, a head on pooled MiniLM pieces, a head on single pieces), add the
   exemplar contrast where the category has exemplars, fit the combiner on the out-of-fold
   scores (Platt-calibrated stacking) and the alert threshold (best F1), then refit every
   learner on all dev rows (:mod:`safeguard.learn.stacking`);
4. write the weight files into ``out_dir``, load them back, and measure on the test rows of
   each set through the same scoring path the detector uses (:mod:`safeguard.learn.scoring`):
   AUC, F1, precision, recall, FPR of the combined model, of each input alone, and of a
   TF-IDF + logistic regression baseline fitted on the same dev rows. Every threshold is
   picked on the set's out-of-fold dev scores, the same way for every model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from safeguard.learn.embedder import MiniLMEmbedder
from safeguard.learn.exemplar_scoring import ExemplarScorer, load_exemplars
from safeguard.learn.heads import Combiner, LinearHead, save_heads
from safeguard.learn.learners import (
    BaselineLearner,
    EmbeddingLearner,
    Learner,
    NgramLearner,
    PieceLearner,
    TfidfLearner,
)
from safeguard.learn.metrics import best_f1_threshold, figures_at, roc_auc
from safeguard.learn.models import load_models
from safeguard.learn.ngram import NgramFeaturiser, NgramModel
from safeguard.learn.scoring import combiner_columns, head_name
from safeguard.learn.splits import SPLIT_SEED
from safeguard.learn.stacking import Stack, cross_fit, fit_stack
from safeguard.learn.static_embedder import distil_static_embedder, token_frequencies
from safeguard.learn.tfidf import TfidfFeatures, TfidfModel
from safeguard.learn.training_data import SetData, Table, build_table, prepare_sets

CATEGORY_SETS: dict[str, tuple[str, ...]] = {
    "grooming": ("vtpan",),
    "threats_abuse": ("formspring", "olid", "davidson", "cyberbullying"),
    "self_harm_risk": ("cssrs", "suicide_detection"),
}
# Combiners for other kinds of text than single messages, and the data-set kinds they are
# fitted on. "window": recent chat messages read together, scored without MiniLM so that
# the cascade embeds only single messages (VTPAN segments are such runs of chat).
# "history": everything one person wrote (C-SSRS); in cross-validation on the dev rows the
# TF-IDF column alone did as well as with the embedding columns added.
KIND_INPUTS: dict[str, tuple[str, ...]] = {
    "window": ("ngram", "tfidf"),
    "history": ("tfidf",),
}
KIND_OF_SET = {"segment": "window", "history": "history"}
NGRAM_C = 1.0
TFIDF_C = 4.0
HEAD_C = 1.0
PIECE_C = 1.0
MODEL_VERSION = "2"

Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class TrainConfig:
    data_root: Path
    out_dir: Path
    cache_dir: Path = Path("build/learn-cache")
    seed: int = SPLIT_SEED
    distil_static: bool = False


@dataclass(slots=True)
class TrainReport:
    figures: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


@dataclass(slots=True)
class _Fitted:
    """What one category's training leaves for writing and measuring."""

    dev: Table
    test: Table
    kinds: tuple[str, ...]  # per set of the tables: "message", "window" or "history"
    stack: Stack
    combiners: dict[str, Combiner]  # per kind
    thresholds: dict[str, float]  # per kind
    baseline_oof: NDArray[np.float64]
    baseline_test: NDArray[np.float64]

    def rows_of_kind(self, table: Table, kind: str) -> NDArray[np.intp]:
        wanted = [k for k, kd in enumerate(self.kinds) if kd == kind]
        return np.flatnonzero(np.isin(table.set_index, wanted))


def _learners(featuriser: NgramFeaturiser, tfidf: TfidfFeatures) -> list[Learner]:
    return [
        NgramLearner(featuriser, NGRAM_C),
        TfidfLearner(tfidf, TFIDF_C),
        EmbeddingLearner(HEAD_C),
        PieceLearner(PIECE_C),
    ]


def _fit_category(
    sets: list[SetData],
    learners: list[Learner],
    exemplar_scorer: ExemplarScorer,
    category: str,
    log: Log,
) -> _Fitted:
    dev, test = build_table(sets, "dev"), build_table(sets, "test")
    log(f"{category}: stacking on {len(dev)} dev rows ({int(dev.labels.sum())} positive)")
    features = {learner.name: learner.prepare(dev) for learner in learners}
    fixed = {}
    if category in exemplar_scorer.categories:
        fixed["exemplar"] = exemplar_scorer.contrast(dev.pieces.mean(), category).astype(np.float64)
    stack = fit_stack(learners, dev, features, fixed, log)
    kinds = tuple(KIND_OF_SET.get(s.data.kind, "message") for s in sets)
    fitted = _Fitted(dev, test, kinds, stack, {}, {}, np.zeros(0), np.zeros(0))
    every = np.arange(len(dev))
    message_rows = fitted.rows_of_kind(dev, "message")
    todo = [("message", tuple(stack.oof), message_rows if len(message_rows) else every)]
    todo += [
        (k, KIND_INPUTS[k], fitted.rows_of_kind(dev, k)) for k in sorted(set(kinds) - {"message"})
    ]
    for kind, inputs, rows in todo:
        combiner = stack.combiner_on(inputs, rows, dev)
        fitted.combiners[kind] = combiner
        fitted.thresholds[kind] = best_f1_threshold(
            dev.labels[rows], combiner.probabilities({n: stack.oof[n][rows] for n in inputs})
        )
    baseline = BaselineLearner()
    base_texts = baseline.prepare(dev)
    fitted.baseline_oof = cross_fit(baseline, dev, base_texts)
    base_final = baseline.fit(dev, base_texts, np.arange(len(dev)))
    fitted.baseline_test = base_final.score(baseline.prepare(test), np.arange(len(test)))
    return fitted


def _write_models(
    out_dir: Path,
    fitted: dict[str, _Fitted],
    featuriser: NgramFeaturiser,
    tfidf: TfidfFeatures,
    exemplar_scorer: ExemplarScorer,
    embedder_name: str,
    seed: int,
) -> list[Path]:
    categories = list(fitted)
    ngram_w = np.zeros((featuriser.n_buckets, len(categories)), dtype=np.float32)
    ngram_b = np.zeros(len(categories), dtype=np.float32)
    tfidf_w: dict[str, NDArray[np.float32]] = {}
    tfidf_b: dict[str, float] = {}
    heads: dict[str, LinearHead] = {}
    manifest: dict[str, Any] = {
        "version": MODEL_VERSION,
        "embedder": embedder_name,
        "split_seed": seed,
        "categories": {},
    }
    for k, (category, f) in enumerate(fitted.items()):
        learned = f.stack.fitted
        ngram = learned["ngram"]
        assert ngram.coef is not None and learned["tfidf"].coef is not None
        ngram_w[:, k], ngram_b[k] = ngram.coef, ngram.bias
        tfidf_w[category] = learned["tfidf"].coef
        tfidf_b[category] = learned["tfidf"].bias
        for name in ("embedding", "pieces"):
            coef = learned[name].coef
            assert coef is not None
            heads[head_name(category, name)] = LinearHead(coef, learned[name].bias)
        entry: dict[str, Any] = {
            "combiner": f.combiners["message"].to_dict(),
            "threshold": round(f.thresholds["message"], 6),
            "trained_on": list(f.dev.set_names),
        }
        kinds = sorted(set(f.combiners) - {"message"})
        if kinds:
            entry["kinds"] = {
                k: {
                    "combiner": f.combiners[k].to_dict(),
                    "threshold": round(f.thresholds[k], 6),
                }
                for k in kinds
            }
        manifest["categories"][category] = entry
    out_dir.mkdir(parents=True, exist_ok=True)
    NgramModel(categories, ngram_w, ngram_b).save(out_dir / "ngram.npz")
    TfidfModel(tfidf, tfidf_w, tfidf_b).save(out_dir / "tfidf.npz")
    save_heads(out_dir / "heads.npz", heads)
    exemplar_scorer.save(out_dir / "exemplars.npz")
    (out_dir / "combiners.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return [
        out_dir / name
        for name in ("ngram.npz", "tfidf.npz", "heads.npz", "exemplars.npz", "combiners.json")
    ]


def _measure(out_dir: Path, fitted: dict[str, _Fitted], log: Log) -> dict[str, Any]:
    """Test-row figures per set, scored by the written weight files."""
    models = load_models(out_dir, MiniLMEmbedder())
    figures: dict[str, Any] = {}
    for category, f in fitted.items():
        per_set: dict[str, Any] = {}
        for k, name in enumerate(f.test.set_names):
            kind = f.kinds[k]
            d_rows, t_rows = f.dev.rows_of(name), f.test.rows_of(name)
            combiner = models.combiners[category].for_kind(kind)
            pieces = f.test.pieces.select(t_rows)
            texts = [f.test.texts[i] for i in t_rows]
            cols = combiner_columns(models, category, texts, pieces, kind=kind)
            test_scores = {
                "learned": combiner.probabilities(cols),
                "baseline_tfidf_lr": f.baseline_test[t_rows],
            }
            dev_scores = {
                "learned": combiner.probabilities({n: f.stack.oof[n][d_rows] for n in cols}),
                "baseline_tfidf_lr": f.baseline_oof[d_rows],
            }
            # every input alone (all are inputs of the message combiner), from the weights
            alone = combiner_columns(models, category, texts, pieces, kind="message")
            for n, values in alone.items():
                test_scores[f"{n}_only"] = np.asarray(values, dtype=np.float64)
                dev_scores[f"{n}_only"] = f.stack.oof[n][d_rows]
            if kind != "message":  # the message combiner (with MiniLM) on this kind, too
                full = models.combiners[category].combiner
                test_scores["learned_message_combiner"] = full.probabilities(alone)
                dev_scores["learned_message_combiner"] = full.probabilities(
                    {n: f.stack.oof[n][d_rows] for n in alone}
                )
            entry: dict[str, Any] = {
                "kind": kind,
                "test_examples": len(t_rows),
                "dev_examples": len(d_rows),
            }
            for model, scores in test_scores.items():
                cut = best_f1_threshold(f.dev.labels[d_rows], dev_scores[model])
                entry[model] = figures_at(f.test.labels[t_rows], scores, cut).as_dict()
                entry[model]["cv_auc"] = roc_auc(f.dev.labels[d_rows], dev_scores[model])
            per_set[name] = entry
            ours, base = entry["learned"], entry["baseline_tfidf_lr"]
            log(
                f"  {name:18s} test AUC learned {ours['auc']} F1 {ours['f1']}"
                f" | baseline AUC {base['auc']} F1 {base['f1']}"
            )
        figures[category] = per_set
    return figures


def train(config: TrainConfig, log: Log = print) -> TrainReport:
    """Run the whole recipe; see the module docstring."""
    embedder = MiniLMEmbedder()
    names = [n for sets in CATEGORY_SETS.values() for n in sets]
    sets = prepare_sets(config.data_root, names, embedder, config.cache_dir, config.seed, log)
    featuriser = NgramFeaturiser()
    tfidf = TfidfFeatures.fit([s.texts[i] for s in sets.values() for i in s.dev])
    learners = _learners(featuriser, tfidf)
    exemplar_scorer = ExemplarScorer.build(load_exemplars(), embedder)
    fitted = {
        category: _fit_category(
            [sets[n] for n in set_names], learners, exemplar_scorer, category, log
        )
        for category, set_names in CATEGORY_SETS.items()
    }
    report = TrainReport()
    report.files += _write_models(
        config.out_dir, fitted, featuriser, tfidf, exemplar_scorer, embedder.name, config.seed
    )
    if config.distil_static:
        log("distilling the static embedder from MiniLM")
        counts = token_frequencies(t for s in sets.values() for t in s.texts)
        distil_static_embedder(embedder, counts).save(config.out_dir / "static_minilm.npz")
        report.files.append(config.out_dir / "static_minilm.npz")
    report.figures = _measure(config.out_dir, fitted, log)
    (config.out_dir / "figures.json").write_text(
        json.dumps(report.figures, indent=2) + "\n", "utf-8"
    )
    report.files.append(config.out_dir / "figures.json")
    return report
