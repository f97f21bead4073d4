"""A disk cache of the piece vectors of each training set (vectors only, never text).

Embedding every training set with MiniLM takes tens of minutes on two cores; the vectors
are kept under a git-ignored folder (``build/learn-cache`` by default), in one file per
data set named after a hash of the embedder, the piece-cutting version and every text, so
a changed file, embedder or cutting rule is never served stale vectors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from safeguard.learn.embedder import Embedder
from safeguard.learn.pieces import PIECE_WORDS, PIECES_VERSION, PieceVectors, embed_pieces


def cache_key(embedder_name: str, texts: Sequence[str]) -> str:
    """Hash of the embedder, the cutting rule and the texts (16 hex digits)."""
    digest = hashlib.sha256(f"{embedder_name}|{PIECES_VERSION}|{PIECE_WORDS}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "replace") + b"\x00")
    return digest.hexdigest()[:16]


def cached_piece_vectors(
    embedder: Embedder,
    set_name: str,
    texts: Sequence[str],
    cache_dir: Path,
    log: Callable[[str], None] = lambda _: None,
) -> PieceVectors:
    """Piece vectors of ``texts`` from the cache, or embedded now and cached."""
    path = cache_dir / f"{embedder.name}_{set_name}_{cache_key(embedder.name, texts)}.npz"
    if path.is_file():
        with np.load(path) as data:
            return PieceVectors(
                data["vectors"].astype(np.float32), data["owner"].astype(np.intp), len(texts)
            )
    log(f"{set_name}: embedding {len(texts)} texts (cached for later runs)")
    result = embed_pieces(embedder, texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, vectors=result.vectors, owner=result.owner)
    tmp.replace(path)
    return result
