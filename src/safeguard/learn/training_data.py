"""The training sets as tables the learners read: texts, pooled vectors, labels, weights, folds.

Each data set is split once (:mod:`safeguard.learn.splits`): its **test** part is put aside
for the figures; the rest (train and calibration parts together, the **dev** rows) is cut
into ``FOLDS`` cross-validation folds by a keyed hash of each text, so duplicates share a
fold. A :class:`Table` joins the dev (or test) rows of a category's sets; every set weighs
the same in it (classes balanced within a set), times ``SET_WEIGHT``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from safeguard.learn.datasets import LabelledSet, load_all
from safeguard.learn.embedder import Embedder, FloatMatrix
from safeguard.learn.embedding_cache import cached_piece_vectors
from safeguard.learn.pieces import PieceVectors, learned_text
from safeguard.learn.splits import split_texts

FOLDS = 5
# Formspring, the one set written by teenagers on a Q&A site like those children use, counts
# double among the bullying sets; every other set counts once, whatever its size.
SET_WEIGHT: dict[str, float] = {"formspring": 2.0}

Log = Callable[[str], None]


def fold_of(text: str, set_name: str, seed: int, folds: int = FOLDS) -> int:
    """The cross-validation fold of one dev text (keyed hash, like the split)."""
    digest = hashlib.sha256(f"{seed}:fold:{set_name}:{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


@dataclass(frozen=True, slots=True, eq=False)
class SetData:
    """One data set, normalised, embedded and split."""

    data: LabelledSet
    texts: tuple[str, ...]  # as the learned models read them
    labels: NDArray[np.int_]
    pieces: PieceVectors
    dev: NDArray[np.intp]
    test: NDArray[np.intp]
    folds: NDArray[np.int_]  # fold of each dev row, in ``dev`` order

    @property
    def name(self) -> str:
        return self.data.name


def prepare_sets(
    data_root: Path,
    names: Sequence[str],
    embedder: Embedder,
    cache_dir: Path,
    seed: int,
    log: Log,
) -> dict[str, SetData]:
    """Load, normalise, split and embed (through the cache) every named set."""
    out: dict[str, SetData] = {}
    for name, data in load_all(data_root, tuple(names)).items():
        log(f"{name}: {len(data.texts)} examples, {data.positives} positive")
        split = split_texts(data.texts, name, seed)
        dev = np.asarray(sorted(split.train + split.calib), dtype=np.intp)
        out[name] = SetData(
            data=data,
            texts=tuple(learned_text(t) for t in data.texts),
            labels=np.asarray(data.labels, dtype=np.int_),
            pieces=cached_piece_vectors(embedder, name, data.texts, cache_dir, log),
            dev=dev,
            test=np.asarray(split.test, dtype=np.intp),
            folds=np.asarray([fold_of(data.texts[i], name, seed) for i in dev], dtype=np.int_),
        )
    return out


@dataclass(frozen=True, slots=True, eq=False)
class Table:
    """Rows of one part (dev or test) of several sets, side by side."""

    set_names: tuple[str, ...]
    set_index: NDArray[np.int_]  # per row, its set's position in ``set_names``
    texts: list[str]
    labels: NDArray[np.int_]
    weights: NDArray[np.float64]
    folds: NDArray[np.int_]  # -1 for test rows
    pieces: PieceVectors

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def pooled(self) -> FloatMatrix:
        return self.pieces.pooled()

    def rows_of(self, set_name: str) -> NDArray[np.intp]:
        return np.flatnonzero(self.set_index == self.set_names.index(set_name))


def balanced_weights(labels: NDArray[np.int_], factor: float) -> NDArray[np.float64]:
    """Weights that give each class of one set half of ``factor``."""
    pos = max(1, int(labels.sum()))
    neg = max(1, len(labels) - int(labels.sum()))
    result: NDArray[np.float64] = np.where(labels == 1, 0.5 / pos, 0.5 / neg) * factor
    return result


def build_table(sets: Sequence[SetData], part: str) -> Table:
    """The ``"dev"`` or ``"test"`` rows of ``sets`` as one table (weights averaging 1)."""
    texts: list[str] = []
    labels, weights, folds, set_index, pieces = [], [], [], [], []
    for k, s in enumerate(sets):
        rows = s.dev if part == "dev" else s.test
        y = s.labels[rows]
        texts.extend(s.texts[i] for i in rows)
        labels.append(y)
        weights.append(balanced_weights(y, SET_WEIGHT.get(s.name, 1.0)))
        folds.append(s.folds if part == "dev" else np.full(len(rows), -1, dtype=np.int_))
        set_index.append(np.full(len(rows), k, dtype=np.int_))
        pieces.append(s.pieces.select(rows))
    w = np.concatenate(weights)
    offsets = np.cumsum([0] + [p.n_texts for p in pieces[:-1]])
    joined = PieceVectors(
        np.vstack([p.vectors for p in pieces]),
        np.concatenate([p.owner + o for p, o in zip(pieces, offsets, strict=True)]),
        sum(p.n_texts for p in pieces),
    )
    return Table(
        set_names=tuple(s.name for s in sets),
        set_index=np.concatenate(set_index),
        texts=texts,
        labels=np.concatenate(labels),
        weights=w * len(w) / w.sum(),
        folds=np.concatenate(folds),
        pieces=joined,
    )
