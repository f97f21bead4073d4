"""Binary classification figures: AUC, F1, precision, recall, false-positive rate."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import rankdata  # type: ignore[import-untyped]


@dataclass(frozen=True, slots=True)
class BinaryFigures:
    n: int
    positives: int
    auc: float | None
    f1: float
    precision: float
    recall: float
    fpr: float
    threshold: float

    def as_dict(self) -> dict[str, float | int | None]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def roc_auc(labels: ArrayLike, scores: ArrayLike) -> float | None:
    """Area under the ROC curve (ties count half); None when one class is absent."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = rankdata(s)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def figures_at(labels: ArrayLike, scores: ArrayLike, threshold: float) -> BinaryFigures:
    """Every figure with ``score >= threshold`` as the decision."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    flagged = s >= threshold
    tp = int((flagged & y).sum())
    fp = int((flagged & ~y).sum())
    fn = int((~flagged & y).sum())
    tn = int((~flagged & ~y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BinaryFigures(
        n=len(y),
        positives=int(y.sum()),
        auc=roc_auc(y, s),
        f1=f1,
        precision=precision,
        recall=recall,
        fpr=fp / (fp + tn) if fp + tn else 0.0,
        threshold=threshold,
    )


def best_f1_threshold(labels: ArrayLike, scores: ArrayLike) -> float:
    """The threshold that maximises F1 on these (calibration) examples."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    if len(s) == 0 or not y.any():
        return 0.5
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    tp = np.cumsum(y_sorted)
    flagged = np.arange(1, len(s) + 1)
    f1 = 2 * tp / (flagged + y.sum())
    # only cut where the score changes, so ties are decided together
    last_of_tie = np.r_[s_sorted[1:] != s_sorted[:-1], True]
    f1 = np.where(last_of_tie, f1, -1.0)
    return float(s_sorted[int(np.argmax(f1))])
