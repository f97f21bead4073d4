"""Texts as pieces MiniLM reads whole, and piece vectors pooled back into one text vector.

MiniLM stops reading at 256 word pieces, so a long post or a user's whole history cannot be
embedded in one go. A text is cut at sentence ends and line breaks (before normalisation,
which removes both); its sentences are normalised the way the learned models read text
(:func:`learned_text`) and packed greedily into pieces of at most ``PIECE_WORDS`` words.
A chat message is one piece.

A text's vector is then the pooled piece vectors: their normalised **mean** (what the text
is about overall) next to their element-wise **max** (the strongest single passage, so one
sentence of suicidal intent in a long history is not averaged away). For a one-piece text
both halves are the piece's own vector.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from safeguard.core.normaliser import normalise
from safeguard.learn.embedder import Embedder, FloatMatrix
from safeguard.learn.text_prep import model_text

PIECE_WORDS = 60
PIECES_VERSION = "pieces-1"  # change when the cutting changes (it keys the embedding cache)
_BREAK = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")


def learned_text(raw: str) -> str:
    """A raw text as the learned models read it (normalised, emoji removed)."""
    return model_text(normalise(raw).text, raw)


def pack(sentences: Sequence[str], max_words: int = PIECE_WORDS) -> list[str]:
    """Normalised sentences packed greedily into pieces of at most ``max_words`` words."""
    out: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        words = sentence.split()
        if not words:
            continue
        if len(current) + len(words) <= max_words:
            current += words
            continue
        if current:
            out.append(" ".join(current))
        while len(words) > max_words:
            out.append(" ".join(words[:max_words]))
            words = words[max_words:]
        current = words
    if current or not out:
        out.append(" ".join(current))
    return out


def pieces(raw: str, max_words: int = PIECE_WORDS) -> list[str]:
    """The normalised pieces of a raw text: its sentences, normalised, then :func:`pack`-ed."""
    return pack([learned_text(s) for s in _BREAK.split(raw)], max_words)


def message_pieces(raw: str, text: str, max_words: int = PIECE_WORDS) -> list[str]:
    """Pieces of a chat message already read as ``text``: itself, unless it is long."""
    if len(text.split()) <= max_words:
        return [text]
    return pieces(raw, max_words)


@dataclass(frozen=True, slots=True, eq=False)
class PieceVectors:
    """Vectors of every piece of a list of texts; ``owner[k]`` is the text of piece ``k``."""

    vectors: FloatMatrix
    owner: NDArray[np.intp]
    n_texts: int

    def select(self, indices: Sequence[int] | NDArray[np.intp]) -> PieceVectors:
        """The pieces of the texts ``indices`` (renumbered 0..len-1 in that order)."""
        order = np.asarray(indices, dtype=np.intp)
        new_id = np.full(self.n_texts, -1, dtype=np.intp)
        new_id[order] = np.arange(len(order))
        keep = new_id[self.owner] >= 0
        owners = new_id[self.owner[keep]]
        sort = np.argsort(owners, kind="stable")
        return PieceVectors(self.vectors[keep][sort], owners[sort], len(order))

    def mean(self) -> FloatMatrix:
        """Per text, the unit-length mean of its piece vectors."""
        out = np.zeros((self.n_texts, self.vectors.shape[1]), dtype=np.float32)
        np.add.at(out, self.owner, self.vectors)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        result: FloatMatrix = out / norms
        return result

    def max(self) -> FloatMatrix:
        """Per text, the element-wise maximum of its piece vectors."""
        out = np.full((self.n_texts, self.vectors.shape[1]), -np.inf, dtype=np.float32)
        np.maximum.at(out, self.owner, self.vectors)
        out[~np.isfinite(out)] = 0.0
        return out

    def pooled(self) -> FloatMatrix:
        """Per text, ``[mean | max]`` (twice the embedding width): what the heads read."""
        return np.hstack([self.mean(), self.max()])

    def reduce_scores(self, scores: NDArray[np.float32], how: str) -> NDArray[np.float32]:
        """Per text, the ``"max"`` or ``"mean"`` of per-piece ``scores``."""
        if how == "max":
            out = np.full(self.n_texts, -np.inf, dtype=np.float32)
            np.maximum.at(out, self.owner, scores.astype(np.float32))
            out[~np.isfinite(out)] = 0.0
            return out
        sums = np.zeros(self.n_texts, dtype=np.float64)
        np.add.at(sums, self.owner, scores)
        counts = np.bincount(self.owner, minlength=self.n_texts).astype(np.float64)
        result: NDArray[np.float32] = (sums / np.maximum(counts, 1.0)).astype(np.float32)
        return result


def embed_piece_lists(embedder: Embedder, piece_lists: Sequence[Sequence[str]]) -> PieceVectors:
    """Embed texts already cut into pieces, all in one batched pass."""
    counts = [max(1, len(ps)) for ps in piece_lists]
    flat = [p for ps in piece_lists for p in (ps or [""])]
    owner = np.repeat(np.arange(len(piece_lists), dtype=np.intp), counts)
    return PieceVectors(embedder.encode(flat), owner, len(piece_lists))


def embed_pieces(embedder: Embedder, texts: Sequence[str]) -> PieceVectors:
    """Cut every raw text into pieces and embed them all in one batched pass."""
    return embed_piece_lists(embedder, [pieces(t) for t in texts])
