"""Facts about an image attachment that a finding rests on — hashes, bank match, model labels.

Never the image: an :class:`ImageEvidence` holds only what Safeguard keeps about an image (its
PDQ, SHA-256 and MD5, the bank entry it matched and how closely, the nudity model's labels), so
reports and dashboards can show a grey placeholder with these facts instead of the picture.
"""

from __future__ import annotations

from collections.abc import Mapping
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


_HEX_LENGTHS = {"sha256": 64, "md5": 32, "pdq": 64}


def image_evidence_from_dict(data: object) -> ImageEvidence:
    """Read an evidence item's ``image`` object back; ValueError names the field at fault.

    Only facts are accepted: hashes must be hexadecimal of the right length, so no image data
    can travel through this object.
    """
    if not isinstance(data, Mapping):
        raise ValueError("expected a JSON object")
    hashes: dict[str, str] = {}
    for key, length in _HEX_LENGTHS.items():
        value = data.get(key)
        if not isinstance(value, str) or not _is_hex(value, length):
            raise ValueError(f"{key}: expected {length} hexadecimal digits")
        hashes[key] = value.lower()
    quality = data.get("quality")
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 100:
        raise ValueError("quality: expected a whole number from 0 to 100")
    match = _match(data.get("match"))
    model_name, model_risk, labels = _model(data.get("model"))
    return ImageEvidence(
        path=_text(data.get("path", ""), "path", 1000),
        sha256=hashes["sha256"],
        md5=hashes["md5"],
        pdq=hashes["pdq"],
        quality=quality,
        match=match,
        model=model_name,
        model_risk=model_risk,
        model_labels=labels,
    )


def _is_hex(value: str, length: int) -> bool:
    return len(value) == length and all(c in "0123456789abcdefABCDEF" for c in value)


def _text(value: object, field: str, limit: int = 200) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"{field}: expected a string of at most {limit} characters")
    return value


def _whole(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 256:
        raise ValueError(f"{field}: expected a whole number from 0 to 256")
    return value


def _match(data: object) -> ImageBankMatch | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise ValueError("match: expected a JSON object or null")
    labels = data.get("labels", [])
    if not isinstance(labels, list):
        raise ValueError("match.labels: expected a list of strings")
    return ImageBankMatch(
        bank=_text(data.get("bank"), "match.bank"),
        entry=_text(data.get("entry"), "match.entry"),
        hash_type=_text(data.get("hash_type"), "match.hash_type", 20),
        distance=_whole(data.get("distance"), "match.distance"),
        threshold=_whole(data.get("threshold"), "match.threshold"),
        labels=tuple(_text(label, "match.labels", 64) for label in labels),
    )


def _model(data: object) -> tuple[str, str, tuple[ImageModelLabel, ...]]:
    if data is None:
        return "", "", ()
    if not isinstance(data, Mapping):
        raise ValueError("model: expected a JSON object or null")
    raw = data.get("labels", [])
    if not isinstance(raw, list):
        raise ValueError("model.labels: expected a list")
    labels: list[ImageModelLabel] = []
    for item in raw:
        score = item.get("score") if isinstance(item, Mapping) else None
        if (
            not isinstance(item, Mapping)
            or isinstance(score, bool)
            or not isinstance(score, int | float)
            or not 0 <= score <= 1
        ):
            raise ValueError("model.labels: expected objects with a label and a score from 0 to 1")
        labels.append(ImageModelLabel(_text(item.get("label"), "model.labels.label", 64), score))
    return (
        _text(data.get("name"), "model.name"),
        _text(data.get("risk"), "model.risk", 20),
        tuple(labels),
    )
