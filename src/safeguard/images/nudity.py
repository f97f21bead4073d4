"""Nudity risk from NudeNet's shipped ONNX detector, on onnxruntime (CPU), fully offline.

The image is decoded in memory, handed to the model as an array and dropped; it is never
displayed, written or cached. What remains is the labels the model found, their scores and a
risk level from the versioned table in ``data/images/nudity_labels.yaml``. The model is loaded
once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from PIL import Image, UnidentifiedImageError

from safeguard.core.datafile_reader import read_packaged_yaml
from safeguard.core.errors import DataFileError
from safeguard.core.levels import RiskLevel
from safeguard.images.image_hashes import MAX_PIXELS, ImageReadError

LABELS_FILE = "images/nudity_labels.yaml"
NUDENET_LABELS = frozenset(
    {
        "FEMALE_GENITALIA_COVERED",
        "FACE_FEMALE",
        "BUTTOCKS_EXPOSED",
        "FEMALE_BREAST_EXPOSED",
        "FEMALE_GENITALIA_EXPOSED",
        "MALE_BREAST_EXPOSED",
        "ANUS_EXPOSED",
        "FEET_EXPOSED",
        "BELLY_COVERED",
        "FEET_COVERED",
        "ARMPITS_COVERED",
        "ARMPITS_EXPOSED",
        "FACE_MALE",
        "BELLY_EXPOSED",
        "MALE_GENITALIA_EXPOSED",
        "ANUS_COVERED",
        "FEMALE_BREAST_COVERED",
        "BUTTOCKS_COVERED",
    }
)


class NudityModel(Protocol):
    """What the scorer needs from a detector: detections for a BGR pixel array."""

    def detect(self, image: npt.NDArray[np.uint8]) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class NudityLabel:
    """One label the model found, its best score, and the group it belongs to."""

    label: str
    score: float
    group: str


@dataclass(frozen=True, slots=True)
class LabelGroup:
    name: str
    description: str
    labels: frozenset[str]
    floors: tuple[tuple[RiskLevel, float], ...]  # highest level first

    def level_for(self, score: float) -> RiskLevel:
        for level, floor in self.floors:
            if score >= floor:
                return level
        return RiskLevel.NONE


@dataclass(frozen=True, slots=True)
class NudityPolicy:
    """The label table: which labels raise which level at which score."""

    version: int
    model: str
    groups: tuple[LabelGroup, ...]

    def group_of(self, label: str) -> LabelGroup | None:
        for group in self.groups:
            if label in group.labels:
                return group
        return None


@dataclass(frozen=True, slots=True)
class NudityResult:
    """The model's verdict on one image: labels found (best score each) and the risk."""

    labels: tuple[NudityLabel, ...]
    risk: RiskLevel
    model: str
    policy_version: int

    @property
    def reason(self) -> str:
        """Plain English for a DSL: which kind of labels, and the risk."""
        raising = [label for label in self.labels if label.group != "neutral"]
        if self.risk is RiskLevel.NONE:
            return "local nudity model: no nudity labels found, risk none"
        groups = dict.fromkeys(label.group for label in raising)
        kinds = " and ".join(group.replace("_", "-") for group in groups)
        return f"local nudity model: {kinds} labels found, risk {self.risk.value}"


def load_nudity_policy() -> NudityPolicy:
    """The packaged label table, validated; DataFileError names the problem."""
    return _policy_from(read_packaged_yaml(LABELS_FILE))


def _policy_from(data: object) -> NudityPolicy:
    source = LABELS_FILE
    if not isinstance(data, Mapping):
        raise DataFileError(f"{source}: expected a mapping at the top")
    version, model, raw_groups = data.get("version"), data.get("model"), data.get("groups")
    if not isinstance(version, int) or not isinstance(model, str):
        raise DataFileError(f"{source}: 'version' (integer) and 'model' (string) are required")
    if not isinstance(raw_groups, Mapping) or not raw_groups:
        raise DataFileError(f"{source}: 'groups' must be a non-empty mapping")
    groups: list[LabelGroup] = []
    seen: set[str] = set()
    for name, raw in raw_groups.items():
        where = f"{source}: group '{name}'"
        if not isinstance(raw, Mapping) or set(raw) - {"description", "labels", "levels"}:
            raise DataFileError(f"{where}: expected description, labels and levels")
        labels = raw.get("labels")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise DataFileError(f"{where}: 'labels' must be a list of label names")
        unknown = sorted(set(labels) - NUDENET_LABELS)
        repeated = sorted(set(labels) & seen)
        if unknown or repeated:
            raise DataFileError(f"{where}: unknown {unknown} or repeated {repeated} labels")
        seen.update(labels)
        groups.append(
            LabelGroup(
                name=str(name),
                description=str(raw.get("description", "")),
                labels=frozenset(labels),
                floors=_floors(raw.get("levels"), where),
            )
        )
    missing = sorted(NUDENET_LABELS - seen)
    if missing:
        raise DataFileError(f"{source}: labels in no group: {', '.join(missing)}")
    return NudityPolicy(version=version, model=model, groups=tuple(groups))


def _floors(raw: object, where: str) -> tuple[tuple[RiskLevel, float], ...]:
    if not isinstance(raw, Mapping):
        raise DataFileError(f"{where}: 'levels' must be a mapping of level to score")
    floors: list[tuple[RiskLevel, float]] = []
    for level_name, floor in raw.items():
        try:
            level = RiskLevel.parse(str(level_name))
        except ValueError as exc:
            raise DataFileError(f"{where}: {exc}") from None
        if not isinstance(floor, int | float) or not 0 < float(floor) <= 1:
            raise DataFileError(f"{where}: floor of '{level_name}' must be in (0, 1]")
        floors.append((level, float(floor)))
    floors.sort(key=lambda pair: pair[0], reverse=True)
    return tuple(floors)


class NudityScorer:
    """Scores images with NudeNet's detector; the model loads lazily, once per process."""

    def __init__(
        self,
        policy: NudityPolicy | None = None,
        model_factory: Callable[[], NudityModel] | None = None,
    ) -> None:
        self._policy = policy
        self._model_factory = model_factory or shipped_nudenet_model

    @property
    def policy(self) -> NudityPolicy:
        if self._policy is None:
            self._policy = _cached_policy()
        return self._policy

    def score_file(self, path: Path | str) -> NudityResult:
        """Decode the image in memory and score it; ImageReadError if it cannot be decoded."""
        return self.score_pixels(_decode_rgb(path))

    def score_pixels(self, rgb: npt.NDArray[np.uint8]) -> NudityResult:
        """Score an ``(height, width, 3)`` RGB array."""
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        detections = self._model_factory().detect(bgr)
        return self.judge(detections)

    def judge(self, detections: Sequence[Mapping[str, Any]]) -> NudityResult:
        """The result for raw model detections (``class`` and ``score`` per detection)."""
        policy = self.policy
        best: dict[str, float] = {}
        for detection in detections:
            label, score = str(detection["class"]), float(detection["score"])
            best[label] = max(score, best.get(label, 0.0))
        labels: list[NudityLabel] = []
        risk = RiskLevel.NONE
        for label, score in sorted(best.items(), key=lambda item: -item[1]):
            group = policy.group_of(label)
            name = group.name if group is not None else "unknown"
            labels.append(NudityLabel(label=label, score=round(score, 3), group=name))
            if group is not None:
                risk = max(risk, group.level_for(score))
        return NudityResult(tuple(labels), risk, policy.model, policy.version)


@lru_cache(maxsize=1)
def shipped_nudenet_model() -> NudityModel:
    """NudeNet's detector with the ONNX model shipped inside the package (no download)."""
    from nudenet import NudeDetector  # onnxruntime loads only when nudity is scored

    model: NudityModel = NudeDetector()
    return model


@lru_cache(maxsize=1)
def _cached_policy() -> NudityPolicy:
    return load_nudity_policy()


def _decode_rgb(path: Path | str) -> npt.NDArray[np.uint8]:
    shown = str(path)
    try:
        with Image.open(path) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ImageReadError(f"{shown}: image too large ({image.width}x{image.height})")
            return np.asarray(image.convert("RGB"), dtype=np.uint8)
    except ImageReadError:
        raise
    except FileNotFoundError:
        raise ImageReadError(f"{shown}: cannot read the file (not found)") from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageReadError(f"{shown}: not a decodable image ({type(exc).__name__})") from None
