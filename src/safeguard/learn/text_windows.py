"""Cutting long texts into pieces MiniLM can read whole (it stops at 256 word pieces)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from safeguard.learn.embedder import Embedder, FloatMatrix

MAX_WORDS = 150


def chunks(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Consecutive runs of at most ``max_words`` words (at least one, possibly empty)."""
    words = text.split()
    if len(words) <= max_words:
        return [" ".join(words)]
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]


def encode_long(
    embedder: Embedder, texts: Sequence[str], max_words: int = MAX_WORDS
) -> FloatMatrix:
    """One unit vector per text: the normalised mean of its chunks' embeddings."""
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for piece in chunks(text, max_words):
            pieces.append(piece)
            owner.append(i)
    vectors = embedder.encode(pieces)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    np.add.at(out, np.asarray(owner, dtype=np.intp), vectors)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: FloatMatrix = out / norms
    return result
