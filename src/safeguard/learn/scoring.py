"""Calibrated category probabilities for texts of any length, from the shipped weights.

One path serves training's held-out figures, the benchmarks and the detector: a text is cut
into pieces (:mod:`safeguard.learn.pieces`), the pieces are embedded, and every input of the
category's combiner is computed from the text and its piece vectors:

    ngram      hashed n-gram logit (the cascade's first stage)
    tfidf      hashed word/character TF-IDF logit
    embedding  head on the pooled [mean | max] piece vectors
    pieces     head on each piece, averaged over the text's pieces
    exemplar   contrast of the mean vector to the category's own exemplars
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from safeguard.core.errors import DataFileError
from safeguard.learn.heads import Combiner
from safeguard.learn.models import LearnedModels
from safeguard.learn.pieces import PieceVectors, embed_pieces, learned_text


def head_name(category: str, learner: str) -> str:
    """The key of a category's head in ``heads.npz``."""
    return f"{category}.{learner}"


VECTOR_INPUTS = frozenset({"embedding", "pieces", "exemplar"})


def needs_vectors(combiner: Combiner) -> bool:
    """Whether a combiner reads MiniLM piece vectors (or only n-gram and TF-IDF scores)."""
    return bool(VECTOR_INPUTS & set(combiner.inputs))


def combiner_columns(
    models: LearnedModels,
    category: str,
    texts: Sequence[str],
    pieces: PieceVectors | None,
    ngram: NDArray[np.float32] | None = None,
    kind: str = "message",
    tfidf: NDArray[np.float32] | None = None,
) -> dict[str, NDArray[np.float32]]:
    """Every input the category's combiner for ``kind`` reads, one value per text.

    ``texts`` are as the learned models read them (:func:`learned_text`); ``pieces`` holds
    their piece vectors (may be None when the combiner reads no embedding); ``ngram`` may
    pass n-gram logits already computed by the cascade, ``tfidf`` TF-IDF logits already
    computed (:func:`tfidf_logits`).
    """
    inputs = models.combiners[category].for_kind(kind).inputs
    if pieces is None and VECTOR_INPUTS & set(inputs):
        raise ValueError(f"the {kind} combiner of {category} needs piece vectors")
    cols: dict[str, NDArray[np.float32]] = {}
    if "ngram" in inputs:
        if ngram is None:
            ngram = models.ngram.decision(texts)[:, models.ngram.categories.index(category)]
        cols["ngram"] = ngram
    if "tfidf" in inputs:
        if tfidf is None:
            if models.tfidf is None:
                raise DataFileError("model file tfidf.npz is missing; run 'safeguard train'")
            tfidf = models.tfidf.decision(texts, category)
        cols["tfidf"] = tfidf
    if pieces is None:
        return cols
    if "embedding" in inputs:
        head = models.heads.get(head_name(category, "embedding"))
        if head is not None:
            cols["embedding"] = head.decision(pieces.pooled())
        else:  # model files of version 1: one head on the (mean) vector
            cols["embedding"] = models.heads[category].decision(pieces.mean())
    if "pieces" in inputs:
        per_piece = models.heads[head_name(category, "pieces")].decision(pieces.vectors)
        cols["pieces"] = pieces.reduce_scores(per_piece, "mean")
    if "exemplar" in inputs:
        cols["exemplar"] = models.exemplars.contrast(pieces.mean(), category)
    return cols


def probabilities(
    models: LearnedModels,
    category: str,
    texts: Sequence[str],
    pieces: PieceVectors | None,
    ngram: NDArray[np.float32] | None = None,
    kind: str = "message",
    tfidf: NDArray[np.float32] | None = None,
) -> NDArray[np.float64]:
    """The calibrated probability of ``category`` for each text (see :func:`combiner_columns`).

    ``kind`` picks the category's combiner for that kind of text where it has one:
    ``"window"`` (recent chat messages together) or ``"history"`` (everything one person
    wrote, as C-SSRS grades users); see :class:`~safeguard.learn.models.CategoryCombiner`.
    """
    if not texts:
        return np.zeros(0, dtype=np.float64)
    cols = combiner_columns(models, category, texts, pieces, ngram, kind, tfidf)
    return models.combiners[category].for_kind(kind).probabilities(cols)


def tfidf_logits(
    models: LearnedModels, categories: Sequence[str], texts: Sequence[str], kind: str = "message"
) -> dict[str, NDArray[np.float32]]:
    """TF-IDF logits of ``texts`` for those ``categories`` whose combiner for ``kind`` reads
    them, from one feature transform (the same numbers as one transform per category)."""
    wanted = [c for c in categories if "tfidf" in models.combiners[c].for_kind(kind).inputs]
    if not wanted or models.tfidf is None or not texts:
        return {}
    return models.tfidf.decisions(texts, wanted)


def text_probabilities(
    models: LearnedModels, category: str, texts: Sequence[str], kind: str = "message"
) -> NDArray[np.float64]:
    """The shipped combined model's probability for each raw (or normalised) text."""
    combiner = models.combiners[category].for_kind(kind)
    pieces = embed_pieces(models.embedder, texts) if needs_vectors(combiner) else None
    return probabilities(models, category, [learned_text(t) for t in texts], pieces, kind=kind)
