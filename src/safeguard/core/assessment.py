"""The assessment of a conversation: the output contract of DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from safeguard.core.image_evidence import ImageEvidence
from safeguard.core.levels import RiskLevel


@dataclass(frozen=True, slots=True)
class Evidence:
    """A message that supports a category, and why in plain words (``image``: image facts)."""

    message_id: str
    why: str
    detector: str = ""
    rule: str = ""
    weight: float = 0.0
    quote: str = ""
    sender: str = ""
    span: tuple[int, int] | None = None
    image: ImageEvidence | None = None

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"message_id": self.message_id, "why": self.why}
        if self.image is not None:
            out["image"] = self.image.to_dict()
        if detail:
            out.update(
                detector=self.detector,
                rule=self.rule,
                weight=round(self.weight, 3),
                quote=self.quote,
                sender=self.sender,
            )
            if self.span is not None:
                out["span"] = list(self.span)
        return out


@dataclass(frozen=True, slots=True)
class StageEvent:
    """A grooming stage first seen at a message."""

    stage: str
    message_id: str
    label: str


@dataclass(frozen=True, slots=True)
class CategoryAssessment:
    category: str
    level: RiskLevel
    score: float
    first_flag_message_id: str | None
    evidence: tuple[Evidence, ...]
    stages: tuple[StageEvent, ...] = ()
    escalated: bool = False

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "category": self.category,
            "level": self.level.value,
            "score": round(self.score, 3),
            "first_flag_message_id": self.first_flag_message_id,
            "evidence": [e.to_dict(detail=detail) for e in self.evidence],
        }
        if self.stages:
            out["stages"] = [
                {"stage": s.stage, "message_id": s.message_id, "label": s.label}
                for s in self.stages
            ]
        if self.escalated:
            out["escalated"] = True
        return out


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything Safeguard concludes about one conversation."""

    conversation_id: str
    risk: RiskLevel
    score: float
    categories: tuple[CategoryAssessment, ...]
    actions: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    message_count: int = 0
    risk_timeline: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    def category(self, category: str) -> CategoryAssessment | None:
        for item in self.categories:
            if item.category == category:
                return item
        return None

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        """The DESIGN.md output object; ``detail`` adds detector, rule, weight and quote."""
        return {
            "conversation_id": self.conversation_id,
            "risk": self.risk.value,
            "score": round(self.score, 3),
            "categories": [c.to_dict(detail=detail) for c in self.categories],
            "actions": list(self.actions),
            "agencies": list(self.agencies),
        }
