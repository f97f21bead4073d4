"""Where the packaged weight files live, and cached loaders for them.

Files under ``safeguard/data/models`` (written by ``safeguard train``):

    static_minilm.npz       distilled word-piece table (StaticEmbedder)
    heads.npz               per-category linear heads over MiniLM embeddings
    ngram.npz               per-category hashed n-gram linear model
    combiners.json          per-category combiner and calibration curve, thresholds, versions
    exemplars.npz           MiniLM vectors of the packaged exemplars (positives and negatives)
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from safeguard.core.errors import DataFileError
from safeguard.learn.static_embedder import StaticEmbedder


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
