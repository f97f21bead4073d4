"""Evaluate assessments against conversation labels: per-category AUC, F1, precision, recall, FPR.

Labels file: JSON Lines, one object per conversation, ``{"conversation_id": ..., "categories":
[...]}`` (extra keys are ignored; ``first_concern_message_id``, when present, is used for the
early-warning figure: messages between the first concerning message and the first flag).
A category counts as raised when its level reaches ``min_level`` (an alert is ``medium``);
its score (0 when absent) ranks conversations for the AUC.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeguard.core.assessment import Assessment
from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.conversation import Conversation
from safeguard.core.errors import RecordError
from safeguard.core.levels import RiskLevel
from safeguard.learn.metrics import figures_at


@dataclass(frozen=True, slots=True)
class ConversationLabel:
    conversation_id: str
    categories: frozenset[str]
    first_concern_message_id: str | None = None


def read_labels(path: Path) -> dict[str, ConversationLabel]:
    """Labels by conversation id; RecordError names the file, line and field."""
    labels: dict[str, ConversationLabel] = {}
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(str(path), line_no, f"not JSON: {exc.msg}") from None
            if not isinstance(data, dict) or not isinstance(data.get("conversation_id"), str):
                raise RecordError(str(path), line_no, "expected a string", field="conversation_id")
            cats = data.get("categories")
            if not isinstance(cats, list) or not all(c in CATEGORY_IDS for c in cats):
                raise RecordError(
                    str(path), line_no, "expected a list of category ids", field="categories"
                )
            first = data.get("first_concern_message_id")
            labels[data["conversation_id"]] = ConversationLabel(
                data["conversation_id"], frozenset(cats), first if isinstance(first, str) else None
            )
    return labels


def evaluate(
    conversations: Iterable[Conversation],
    assessments: Iterable[Assessment],
    labels: Mapping[str, ConversationLabel],
    *,
    min_level: RiskLevel = RiskLevel.MEDIUM,
) -> dict[str, Any]:
    """The evaluation report as a JSON-ready mapping."""
    rows: list[tuple[Conversation, Assessment, ConversationLabel]] = []
    for conversation, assessment in zip(conversations, assessments, strict=True):
        label = labels.get(conversation.id)
        if label is not None:
            rows.append((conversation, assessment, label))
    categories = sorted({c for _, _, lab in rows for c in lab.categories})
    per_category: dict[str, Any] = {}
    for category in categories:
        y: list[int] = []
        scores: list[float] = []
        for _, assessment, label in rows:
            found = assessment.category(category)
            raised = found is not None and found.level >= min_level
            y.append(int(category in label.categories))
            # rank by score; conversations not raised rank below every raised one
            scores.append((found.score if found else 0.0) + (1.0 if raised else 0.0))
        per_category[category] = figures_at(y, scores, 1.0).as_dict()
    any_y = [int(bool(lab.categories)) for _, _, lab in rows]
    any_s = [a.score + (1.0 if a.risk >= min_level else 0.0) for _, a, _ in rows]
    delays: list[int] = []
    for conversation, assessment, label in rows:
        if not label.categories or label.first_concern_message_id is None:
            continue
        ids = [m.id for m in conversation.messages]
        flags = [
            ids.index(c.first_flag_message_id)
            for c in assessment.categories
            if c.category in label.categories
            and c.level >= min_level
            and c.first_flag_message_id in ids
        ]
        if flags and label.first_concern_message_id in ids:
            delays.append(min(flags) - ids.index(label.first_concern_message_id))
    benign = [a for _, a, lab in rows if not lab.categories]
    return {
        "conversations": len(rows),
        "min_level": min_level.value,
        "categories": per_category,
        "any_risk": figures_at(any_y, any_s, 1.0).as_dict(),
        "false_alarms_on_benign": sum(1 for a in benign if a.risk >= min_level),
        "benign": len(benign),
        "messages_from_first_concern_to_flag": {
            "median": statistics.median(delays) if delays else None,
            "n": len(delays),
        },
    }
