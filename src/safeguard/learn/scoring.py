"""Calibrated category probabilities for whole texts (segments, posts, windows)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from safeguard.learn.models import LearnedModels
from safeguard.learn.text_prep import model_text
from safeguard.learn.text_windows import encode_long


def text_probabilities(
    models: LearnedModels, category: str, texts: Sequence[str]
) -> NDArray[np.float64]:
    """The shipped combined model's probability for each (normalised) text."""
    texts = [model_text(t) for t in texts]
    vectors = encode_long(models.embedder, texts)
    col = models.ngram.categories.index(category)
    columns: dict[str, NDArray[np.float32]] = {
        "ngram": models.ngram.decision(texts)[:, col],
        "embedding": models.heads[category].decision(vectors),
    }
    entry = models.combiners[category]
    if "exemplar" in entry.combiner.inputs:
        columns["exemplar"] = models.exemplars.contrast(vectors, category)
    return entry.combiner.probabilities(columns)
