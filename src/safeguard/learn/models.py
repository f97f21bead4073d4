"""Where the packaged weight files live, and cached loaders for them.

Files under ``safeguard/data/models`` (written by ``safeguard train``):

    static_minilm.npz       distilled word-piece table (StaticEmbedder)
    heads.npz               per-category linear heads over MiniLM vectors ("<category>.<learner>")
    ngram.npz               per-category hashed n-gram linear model
    tfidf.npz               per-category hashed word/character TF-IDF linear model
    combiners.json          per-category combiner and calibration curve, thresholds, versions
    exemplars.npz           MiniLM vectors of the packaged exemplars (positives and negatives)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from safeguard.core.errors import DataFileError
from safeguard.learn.contrast_bank import ContrastBank
from safeguard.learn.embedder import Embedder, MiniLMEmbedder
from safeguard.learn.exemplar_scoring import (
    ExemplarScorer,
    load_exemplars,
    packaged_exemplar_scorer,
)
from safeguard.learn.heads import Combiner, LinearHead, load_heads
from safeguard.learn.ngram import NgramModel
from safeguard.learn.stages import StageScorer
from safeguard.learn.static_embedder import StaticEmbedder
from safeguard.learn.tfidf import TfidfModel


def models_dir() -> Path:
    """The packaged models directory."""
    return Path(str(resources.files("safeguard.data").joinpath("models")))


def model_file(name: str, directory: Path | None = None) -> Path:
    """A model file, or DataFileError naming it (run ``safeguard train`` to create it)."""
    path = (directory or models_dir()) / name
    if not path.is_file():
        raise DataFileError(f"model file {path} is missing; run 'safeguard train' to build it")
    return path


@lru_cache(maxsize=2)
def load_static_embedder(directory: Path | None = None) -> StaticEmbedder:
    """The distilled static embedder, loaded once."""
    return StaticEmbedder.load(model_file("static_minilm.npz", directory))


@dataclass(frozen=True, slots=True, eq=False)
class CategoryCombiner:
    """A category's calibrated combiner and alert threshold for single messages and posts,
    and combiners for other kinds of text where the category has them:

        window   recent chat messages taken together, read without MiniLM (grooming)
        history  everything one person wrote (C-SSRS grades users that way; no MiniLM)
    """

    combiner: Combiner
    threshold: float
    kinds: Mapping[str, tuple[Combiner, float]] = field(default_factory=dict)

    def for_kind(self, kind: str) -> Combiner:
        """The combiner for ``kind`` (the message combiner when there is none for it)."""
        entry = self.kinds.get(kind)
        return entry[0] if entry else self.combiner

    def threshold_for(self, kind: str) -> float:
        entry = self.kinds.get(kind)
        return entry[1] if entry else self.threshold


@dataclass(frozen=True, slots=True, eq=False)
class LearnedModels:
    """Everything the learned detector needs, loaded once (MiniLM itself loads lazily)."""

    version: str
    ngram: NgramModel
    tfidf: TfidfModel | None  # None for model files of version 1
    heads: Mapping[str, LinearHead]
    combiners: Mapping[str, CategoryCombiner]
    embedder: Embedder
    exemplars: ExemplarScorer
    stages: StageScorer
    static: StaticEmbedder
    static_exemplars: ExemplarScorer
    static_stages: StageScorer
    static_bank: ContrastBank  # the two above, stacked for the cascade's gate


def _category_combiner(entry: Mapping[str, Any]) -> CategoryCombiner:
    kinds = {
        str(kind): (Combiner.from_dict(e["combiner"]), float(e["threshold"]))
        for kind, e in entry.get("kinds", {}).items()
    }
    return CategoryCombiner(Combiner.from_dict(entry["combiner"]), float(entry["threshold"]), kinds)


def _read_manifest(path: Path) -> tuple[str, dict[str, CategoryCombiner]]:
    try:
        data = json.loads(path.read_text("utf-8"))
        version = str(data["version"])
        entries = data["categories"]
        combiners = {str(c): _category_combiner(e) for c, e in entries.items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(f"{path}: invalid model manifest ({exc})") from None
    return version, combiners


def load_models(directory: Path | None = None, embedder: Embedder | None = None) -> LearnedModels:
    """Load the packaged (or given) model files; fails with DataFileError naming a file."""
    folder = directory or models_dir()
    version, combiners = _read_manifest(model_file("combiners.json", folder))
    minilm = embedder or MiniLMEmbedder()
    static = load_static_embedder(folder)
    ngram = NgramModel.load(model_file("ngram.npz", folder))
    heads = load_heads(model_file("heads.npz", folder))
    exemplar_path = folder / "exemplars.npz"
    static_exemplars = ExemplarScorer.build(load_exemplars(), static)
    static_stages = StageScorer.build(static)
    return LearnedModels(
        version=version,
        ngram=ngram,
        tfidf=TfidfModel.load(folder / "tfidf.npz") if (folder / "tfidf.npz").is_file() else None,
        heads=heads,
        combiners=combiners,
        embedder=minilm,
        exemplars=packaged_exemplar_scorer(exemplar_path, minilm),
        stages=StageScorer.build(minilm),
        static=static,
        static_exemplars=static_exemplars,
        static_stages=static_stages,
        static_bank=ContrastBank.build(static_exemplars, static_stages),
    )


@lru_cache(maxsize=1)
def default_models() -> LearnedModels:
    """The packaged models, loaded on first use and shared."""
    return load_models()
