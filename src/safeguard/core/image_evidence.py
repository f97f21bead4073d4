"""Facts about an image attachment that a finding rests on — hashes, bank match, model labels.

Never the image: an :class:`ImageEvidence` holds only what Safeguard keeps about an image (its
PDQ, SHA-256 and MD5, the bank entry it matched and how closely, the nudity model's labels), so
reports and dashboards can show a grey placeholder with these facts instead of the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ImageBankMatch:
    """Why an image matched a known-image bank: bank, entry, hash type, distance, threshold."""

    bank: str
    entry: str
    hash_type: str
    distance: int
    threshold: int
    labels: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank": self.bank,
            "entry": self.entry,
            "hash_type": self.hash_type,
            "distance": self.distance,
            "threshold": self.threshold,
            "labels": list(self.labels),
        }


@dataclass(frozen=True, slots=True)
class ImageModelLabel:
    """One label a local image model found, with its score."""

    label: str
    score: float


@dataclass(frozen=True, slots=True)
class ImageEvidence:
    """The facts of one image attachment behind a finding; ``match`` or ``model`` say how."""

    path: str
    sha256: str
    md5: str
    pdq: str
    quality: int
    match: ImageBankMatch | None = None
    model: str = ""
    model_risk: str = ""
    model_labels: tuple[ImageModelLabel, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "sha256": self.sha256,
            "md5": self.md5,
            "pdq": self.pdq,
            "quality": self.quality,
            "match": self.match.to_dict() if self.match is not None else None,
            "model": None,
        }
        if self.model:
            out["model"] = {
                "name": self.model,
                "risk": self.model_risk,
                "labels": [{"label": x.label, "score": x.score} for x in self.model_labels],
            }
        return out
