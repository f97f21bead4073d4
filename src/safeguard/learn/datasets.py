"""Loaders for the public training sets in ``../shared/data`` (read by training only).

Each loader returns a :class:`LabelledSet`: texts, binary labels for one Safeguard category,
and what a positive means. The files contain real abusive language: this module never logs
or prints their text.
"""

from __future__ import annotations

import ast
import csv
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from safeguard.core.errors import InputError

csv.field_size_limit(1 << 30)


class DataUnavailableError(InputError):
    """A training data file is missing or unreadable."""


@dataclass(frozen=True, slots=True)
class LabelledSet:
    """One data set as binary examples for one category."""

    name: str
    category: str
    texts: tuple[str, ...]
    labels: tuple[int, ...]
    kind: str  # "segment" (flattened chat run), "message", "post" or "history" (a user's posts)
    positive: str  # what label 1 means
    licence: str

    @property
    def positives(self) -> int:
        return sum(self.labels)


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle, delimiter=delimiter))
    except OSError as exc:
        raise DataUnavailableError(f"cannot read training data {path}: {exc.strerror}") from None


def _posts(cell: str) -> list[str]:
    """A C-SSRS cell is a Python list literal of posts; some are cut off mid-list."""
    try:
        value = ast.literal_eval(cell)
        if isinstance(value, list):
            return [str(v) for v in value]
    except (ValueError, SyntaxError):
        pass
    return [p for p in re.split(r"""['"], ['"]""", cell.strip("[]'\" ")) if p]


def load_vtpan(root: Path) -> LabelledSet:
    rows = _rows(root / "grooming/vtpan_segments_dev.csv")
    return LabelledSet(
        "vtpan",
        "grooming",
        tuple(r["segment"] for r in rows),
        tuple(int(r["label"]) for r in rows),
        "segment",
        "segment of a PAN 2012 predator conversation",
        "PAN 2012 research-use terms",
    )


def load_formspring(root: Path) -> LabelledSet:
    rows = _rows(root / "bullying/formspring_dev.csv")
    texts = tuple(html.unescape(r["post"]).replace("<br>", "\n") for r in rows)
    votes = (sum(r[f"ans{i}"].strip().lower() == "yes" for i in (1, 2, 3)) for r in rows)
    return LabelledSet(
        "formspring",
        "threats_abuse",
        texts,
        tuple(int(v >= 2) for v in votes),
        "post",
        "at least two of three crowd workers said the post is bullying",
        "research data (Reynolds et al. 2011)",
    )


def load_olid(root: Path) -> LabelledSet:
    rows = _rows(root / "bullying/olid/olid-training-v1.0.tsv", delimiter="\t")
    return LabelledSet(
        "olid",
        "threats_abuse",
        tuple(r["tweet"] for r in rows),
        tuple(int(r["subtask_a"] == "OFF") for r in rows),
        "message",
        "OffensEval subtask A: offensive",
        "CC BY 4.0",
    )


def load_davidson(root: Path) -> LabelledSet:
    rows = _rows(root / "bullying/davidson_labeled_data.csv")
    return LabelledSet(
        "davidson",
        "threats_abuse",
        tuple(html.unescape(r["tweet"]) for r in rows),
        tuple(int(r["class"] in ("0", "1")) for r in rows),
        "message",
        "majority label hate speech or offensive",
        "MIT",
    )


def load_cyberbullying(root: Path) -> LabelledSet:
    rows = _rows(root / "bullying/cyberbullying_tweets.csv")
    return LabelledSet(
        "cyberbullying",
        "threats_abuse",
        tuple(r["tweet_text"] for r in rows),
        tuple(int(r["cyberbullying_type"] != "not_cyberbullying") for r in rows),
        "message",
        "gender- or religion-based cyberbullying",
        "per original (Wang et al. 2020)",
    )


CSSRS_AT_RISK = frozenset({"Ideation", "Behavior", "Attempt"})


def load_cssrs(root: Path) -> LabelledSet:
    rows = _rows(root / "self_harm/reddit_cssrs_dev.csv")
    return LabelledSet(
        "cssrs",
        "self_harm_risk",
        tuple("\n".join(_posts(r["Post"])) for r in rows),
        tuple(int(r["Label"] in CSSRS_AT_RISK) for r in rows),
        "history",
        "clinician grade Ideation, Behavior or Attempt (not Supportive or Indicator)",
        "per original (Gaur et al. 2019, Zenodo)",
    )


def load_suicide_detection(root: Path) -> LabelledSet:
    rows = _rows(root / "self_harm/suicide_detection_dev.csv")
    return LabelledSet(
        "suicide_detection",
        "self_harm_risk",
        tuple(r["text"] for r in rows),
        tuple(int(r["class"] == "suicide") for r in rows),
        "post",
        "posted to r/SuicideWatch",
        "per original (Kaggle)",
    )


LOADERS: dict[str, Callable[[Path], LabelledSet]] = {
    "vtpan": load_vtpan,
    "formspring": load_formspring,
    "olid": load_olid,
    "davidson": load_davidson,
    "cyberbullying": load_cyberbullying,
    "cssrs": load_cssrs,
    "suicide_detection": load_suicide_detection,
}


def load_all(root: Path, names: tuple[str, ...] | None = None) -> dict[str, LabelledSet]:
    """Every data set (or those named), keyed by name."""
    if not root.is_dir():
        raise DataUnavailableError(f"training data directory {root} does not exist")
    return {name: LOADERS[name](root) for name in names or tuple(LOADERS)}
