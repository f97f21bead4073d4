"""A static embedder distilled from MiniLM: one vector per word piece, averaged.

Distillation (done by ``safeguard train``, never at run time): every word piece of MiniLM's
vocabulary is run through MiniLM on its own, the vectors are reduced by PCA and weighted by
smooth inverse frequency (``a / (a + p(token))``, token frequencies from the training texts),
so that frequent pieces ("the", "you") count less. Encoding is then a table look-up and a
mean: tens of thousands of messages per second on one core, against a few hundred for MiniLM.
The quality cost is measured in ``benchmarks/learned`` and stated in the model card.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from safeguard.learn.embedder import Embedder, FloatMatrix, MiniLMEmbedder, minilm_model_path

SIF_A = 1e-3
_WORD_CACHE_LIMIT = 200_000


@lru_cache(maxsize=1)
def minilm_tokenizer() -> Any:
    """MiniLM's fast word-piece tokenizer, without padding or truncation."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(minilm_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


class StaticEmbedder(Embedder):
    """Mean of distilled word-piece vectors; unit-length rows like MiniLM's."""

    def __init__(self, table: FloatMatrix, *, name: str = "static-minilm") -> None:
        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self.dim = int(self.table.shape[1])
        self.name = name
        self._word_rows: dict[str, int] = {}
        self._words = np.zeros((1024, self.dim), dtype=np.float32)
        self._used = 1  # row 0 stays zero

    @classmethod
    def load(cls, path: Path) -> StaticEmbedder:
        """Load a table written by :meth:`save`."""
        with np.load(path) as data:
            table = data["table"].astype(np.float32) * data["scale"].astype(np.float32)[:, None]
        return cls(table, name=f"static-minilm-{table.shape[1]}")

    def save(self, path: Path) -> None:
        """Write the table as int8 rows with one float16 scale each (small enough to commit)."""
        scale = np.abs(self.table).max(axis=1) / 127.0
        scale[scale == 0] = 1.0
        q = np.round(self.table / scale[:, None]).astype(np.int8)
        np.savez_compressed(path, table=q, scale=scale.astype(np.float16))

    def _word_row(self, word: str) -> int:
        """Row of ``word``'s summed piece vectors in the word table (added on first sight)."""
        row = self._word_rows.get(word)
        if row is None:
            ids = minilm_tokenizer().encode(word, add_special_tokens=False).ids
            vector = self.table[ids].sum(axis=0) if ids else np.zeros(self.dim, np.float32)
            if self._used == len(self._words):
                grown = np.zeros((2 * len(self._words), self.dim), dtype=np.float32)
                grown[: self._used] = self._words
                self._words = grown
            self._words[self._used] = vector
            row = self._used
            self._used += 1
            if len(self._word_rows) < _WORD_CACHE_LIMIT:
                self._word_rows[word] = row
        return row

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Mean piece vector per text, unit length.

        The tokenizer splits on white space before cutting words into pieces, so a text's
        pieces are its words' pieces: each word's summed vector is computed once and cached.
        """
        if self._used > 2 * _WORD_CACHE_LIMIT:
            self._word_rows.clear()
            self._used = 1
        ids: list[int] = []
        starts: list[int] = []
        for text in texts:
            starts.append(len(ids))
            ids.append(0)  # the zero row keeps every segment non-empty
            ids.extend(self._word_row(w) for w in text.split())
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.add.reduceat(self._words[np.asarray(ids)], np.asarray(starts), axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        result: FloatMatrix = out / norms
        return result

    def encode_with_tokenizer(self, texts: Sequence[str]) -> FloatMatrix:
        """The same vectors as :meth:`encode`, tokenising whole texts (the reference)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = minilm_tokenizer().encode_batch(list(texts), add_special_tokens=False)
        for i, enc in enumerate(encodings):
            if enc.ids:
                out[i] = self.table[enc.ids].sum(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        result: FloatMatrix = out / norms
        return result


def token_frequencies(texts: Iterable[str]) -> Counter[int]:
    """Word-piece counts over ``texts`` (for the SIF weights)."""
    counts: Counter[int] = Counter()
    tok = minilm_tokenizer()
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == 512:
            for enc in tok.encode_batch(batch, add_special_tokens=False):
                counts.update(enc.ids)
            batch = []
    for enc in tok.encode_batch(batch, add_special_tokens=False):
        counts.update(enc.ids)
    return counts


def distil_static_embedder(
    minilm: MiniLMEmbedder,
    counts: Counter[int],
    *,
    dims: int = 256,
    batch_size: int = 512,
) -> StaticEmbedder:
    """Run every word piece through MiniLM alone, PCA to ``dims``, weight by SIF."""
    tok = minilm_tokenizer()
    vocab_size = tok.get_vocab_size()
    pieces = [tok.id_to_token(i) or "" for i in range(vocab_size)]
    # A piece like "##ing" is embedded as "ing": MiniLM has no other way to see it alone.
    words = [p[2:] if p.startswith("##") else p for p in pieces]
    raw = np.zeros((vocab_size, minilm.dim), dtype=np.float32)
    for start in range(0, vocab_size, batch_size):
        raw[start : start + batch_size] = minilm.encode(words[start : start + batch_size])
    mean = raw.mean(axis=0)
    centred = raw - mean
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:dims].T
    total = max(1, sum(counts.values()))
    freq = np.zeros(vocab_size, dtype=np.float64)
    for token_id, n in counts.items():
        if 0 <= token_id < vocab_size:
            freq[token_id] = n / total
    weights = SIF_A / (SIF_A + freq)
    special = [i for i, p in enumerate(pieces) if p.startswith("[") and p.endswith("]")]
    weights[special] = 0.0
    table = (reduced * weights[:, None]).astype(np.float32)
    return StaticEmbedder(table, name=f"static-minilm-{dims}")
