"""The images behind an alert, by their facts only: never the image.

A scan's ``sexual_imagery`` evidence carries each image's hashes, bank match and nudity-model
labels (:class:`~safeguard.core.image_evidence.ImageEvidence`). An alert keeps them so the DSL
sees, beside a grey placeholder, what was found and can quote the hashes in a referral or a
removal request, without anyone viewing the image.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safeguard.core.assessment import Assessment
from safeguard.core.image_evidence import ImageEvidence, image_evidence_from_dict


@dataclass(frozen=True, slots=True)
class AlertImage:
    """One image behind an alert: the message it came with, why it counted, and its facts."""

    message_id: str
    why: tuple[str, ...]
    facts: ImageEvidence

    def to_data(self) -> dict[str, Any]:
        """JSON-ready, for storage and for the placeholder templates."""
        return {"message_id": self.message_id, "why": list(self.why), **self.facts.to_dict()}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AlertImage:
        """Read back what :meth:`to_data` wrote; ValueError names a bad field."""
        message_id, why = data.get("message_id"), data.get("why", [])
        if not isinstance(message_id, str):
            raise ValueError("message_id: expected a string")
        if not isinstance(why, list) or not all(isinstance(w, str) for w in why):
            raise ValueError("why: expected a list of strings")
        return cls(message_id, tuple(why), image_evidence_from_dict(data))


def images_of(assessment: Assessment) -> tuple[AlertImage, ...]:
    """Each image behind the assessment's evidence once, in message order of first mention.

    One image can be evidence twice (a bank match and the nudity model): its reasons are
    merged, and the facts keep the bank match if any evidence item has one.
    """
    found: dict[tuple[str, str, str], AlertImage] = {}
    for category in assessment.categories:
        for evidence in category.evidence:
            facts = evidence.image
            if facts is None:
                continue
            key = (evidence.message_id, facts.path, facts.sha256)
            known = found.get(key)
            if known is None:
                found[key] = AlertImage(evidence.message_id, (evidence.why,), facts)
                continue
            why = known.why if evidence.why in known.why else (*known.why, evidence.why)
            keep = facts if known.facts.match is None and facts.match is not None else known.facts
            found[key] = AlertImage(known.message_id, why, keep)
    return tuple(found.values())
