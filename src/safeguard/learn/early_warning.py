"""Early-warning figures in the manner of eSPD (Vogt et al. 2021).

A detector reads a conversation message by message and raises an alert at the first message
``k`` (1-based) where its score reaches the threshold. Latency-weighted F1 multiplies F1 by
``speed = 1 - median(penalty(k))`` over the true positives, with
``penalty(k) = -1 + 2 / (1 + exp(-p (k - 1)))`` (Sadeque et al. 2018); here ``p`` is set so a
warning after half the median positive length costs 0.5 (``p = ln 3 / (L / 2)``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    f1: float
    precision: float
    recall: float
    speed: float
    latency_weighted_f1: float
    median_messages_until_alert: float | None
    penalty_p: float


def penalty(k: int, p: float) -> float:
    return -1.0 + 2.0 / (1.0 + math.exp(-p * (k - 1)))


def early_warning(
    first_alerts: Sequence[int | None], labels: Sequence[int], lengths: Sequence[int]
) -> EarlyWarning:
    """Figures from each conversation's first alert (1-based message, or None), label, length."""
    tp = [k for k, y in zip(first_alerts, labels, strict=True) if y and k is not None]
    fp = sum(1 for k, y in zip(first_alerts, labels, strict=True) if not y and k is not None)
    positives = sum(labels)
    precision = len(tp) / (len(tp) + fp) if tp or fp else 0.0
    recall = len(tp) / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pos_lengths = [n for n, y in zip(lengths, labels, strict=True) if y]
    half = max(1.0, statistics.median(pos_lengths) / 2) if pos_lengths else 1.0
    p = math.log(3) / half
    speed = 1.0 - statistics.median([penalty(k, p) for k in tp]) if tp else 0.0
    return EarlyWarning(
        f1=f1,
        precision=precision,
        recall=recall,
        speed=speed,
        latency_weighted_f1=f1 * speed,
        median_messages_until_alert=float(statistics.median(tp)) if tp else None,
        penalty_p=p,
    )
