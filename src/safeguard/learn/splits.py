"""The fixed, seeded split of every dev file into train, calibration and test parts.

A text's part is decided by a keyed hash of the text itself (SHA-256 of ``seed:set:text``),
so the split does not depend on row order, and duplicate texts always land in the same part
(no leakage of a repeated post from train into test). Proportions: 25% test (held out: never
seen by training, used for every reported figure), 15% calibration (never seen by the
classifiers; fits the combiner and the calibration curve), 60% train.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SPLIT_SEED = 20240611
TEST_PERCENT = 25
CALIB_PERCENT = 15


@dataclass(frozen=True, slots=True)
class Split:
    train: tuple[int, ...]
    calib: tuple[int, ...]
    test: tuple[int, ...]


def part_of(text: str, set_name: str, seed: int = SPLIT_SEED) -> str:
    """``"test"``, ``"calib"`` or ``"train"`` for one text of one data set."""
    digest = hashlib.sha256(f"{seed}:{set_name}:{text}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % 100
    if bucket < TEST_PERCENT:
        return "test"
    if bucket < TEST_PERCENT + CALIB_PERCENT:
        return "calib"
    return "train"


def split_texts(texts: tuple[str, ...], set_name: str, seed: int = SPLIT_SEED) -> Split:
    """Indices of each part, in the original order."""
    parts: dict[str, list[int]] = {"train": [], "calib": [], "test": []}
    for i, text in enumerate(texts):
        parts[part_of(text, set_name, seed)].append(i)
    return Split(tuple(parts["train"]), tuple(parts["calib"]), tuple(parts["test"]))
