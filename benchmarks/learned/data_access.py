"""Held-out test parts of the shared data sets, for benchmarks (never shipped)."""

from __future__ import annotations

import os
from pathlib import Path

from safeguard.core.normaliser import normalise
from safeguard.learn.datasets import LabelledSet, load_all
from safeguard.learn.splits import split_texts

DATA_ROOT = Path(os.environ.get("SAFEGUARD_DATA", "../shared/data"))


def data_available() -> bool:
    return DATA_ROOT.is_dir()


def test_part(name: str) -> tuple[LabelledSet, list[str], list[str], list[int]]:
    """The set, and its test part: original texts, normalised texts, labels."""
    data = load_all(DATA_ROOT, (name,))[name]
    idx = split_texts(data.texts, name).test
    raw = [data.texts[i] for i in idx]
    return data, raw, [normalise(t).text.strip() for t in raw], [data.labels[i] for i in idx]
