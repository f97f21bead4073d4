"""Nudity risk: the label table, the level rules, and NudeNet's shipped model running offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from safeguard.core.errors import DataFileError
from safeguard.core.levels import RiskLevel
from safeguard.images.image_hashes import ImageReadError
from safeguard.images.nudity import (
    NUDENET_LABELS,
    NudityScorer,
    _policy_from,
    load_nudity_policy,
    shipped_nudenet_model,
)

from .generated import save, shapes_image


class FakeModel:
    """Returns fixed detections and remembers what it was shown (shape only)."""

    def __init__(self, detections: list[dict[str, Any]]) -> None:
        self.detections = detections
        self.shapes: list[tuple[int, ...]] = []

    def detect(self, image: np.ndarray) -> list[dict[str, Any]]:
        self.shapes.append(image.shape)
        return self.detections


def _scorer(detections: list[dict[str, Any]]) -> NudityScorer:
    model = FakeModel(detections)
    return NudityScorer(model_factory=lambda: model)


def test_packaged_policy_covers_every_model_label_once() -> None:
    policy = load_nudity_policy()
    covered = [label for group in policy.groups for label in group.labels]
    assert sorted(covered) == sorted(NUDENET_LABELS)
    assert policy.version >= 1


@pytest.mark.parametrize(
    ("detections", "risk", "reason"),
    [
        ([], RiskLevel.NONE, "no nudity labels found, risk none"),
        ([("FACE_FEMALE", 0.9), ("FEET_EXPOSED", 0.8)], RiskLevel.NONE, "risk none"),
        ([("BUTTOCKS_EXPOSED", 0.3)], RiskLevel.LOW, "exposed-body labels found, risk low"),
        ([("FEMALE_BREAST_EXPOSED", 0.45)], RiskLevel.MEDIUM, "risk medium"),
        (
            [("MALE_GENITALIA_EXPOSED", 0.61)],
            RiskLevel.HIGH,
            "exposed-body labels found, risk high",
        ),
        ([("BUTTOCKS_COVERED", 0.7)], RiskLevel.LOW, "covered-intimate labels found, risk low"),
        ([("BUTTOCKS_COVERED", 0.4)], RiskLevel.NONE, "risk none"),
        ([("BELLY_EXPOSED", 0.99)], RiskLevel.NONE, "risk none"),
    ],
)
def test_level_table(detections: list[tuple[str, float]], risk: RiskLevel, reason: str) -> None:
    scorer = _scorer([])
    result = scorer.judge([{"class": label, "score": score} for label, score in detections])
    assert result.risk is risk
    assert reason in result.reason
    assert result.reason.startswith("local nudity model: ")


def test_labels_keep_best_score_sorted() -> None:
    result = _scorer([]).judge(
        [
            {"class": "FACE_MALE", "score": 0.5},
            {"class": "FACE_MALE", "score": 0.7},
            {"class": "ANUS_COVERED", "score": 0.9},
        ]
    )
    assert [(n.label, n.score) for n in result.labels] == [
        ("ANUS_COVERED", 0.9),
        ("FACE_MALE", 0.7),
    ]


def test_when_file_scored_then_model_sees_bgr_pixels_in_memory(tmp_path: Path) -> None:
    model = FakeModel([])
    scorer = NudityScorer(model_factory=lambda: model)
    scorer.score_file(save(shapes_image(1, (120, 80)), tmp_path / "a.png"))
    assert model.shapes == [(80, 120, 3)]


def test_when_file_not_image_then_read_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    path.write_bytes(b"nope")
    with pytest.raises(ImageReadError):
        _scorer([]).score_file(path)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "expected a mapping"),
        ({"version": 1, "model": "m", "groups": {}}, "non-empty"),
        (
            {"version": 1, "model": "m", "groups": {"g": {"labels": ["NOPE"], "levels": {}}}},
            "unknown",
        ),
        (
            {"version": 1, "model": "m", "groups": {"g": {"labels": ["FACE_MALE"], "levels": {}}}},
            "labels in no group",
        ),
        (
            {
                "version": 1,
                "model": "m",
                "groups": {"g": {"labels": ["FACE_MALE"], "levels": {"huge": 0.5}}},
            },
            "unknown risk level",
        ),
    ],
)
def test_when_policy_data_broken_then_data_file_error(data: object, problem: str) -> None:
    with pytest.raises(DataFileError, match=problem):
        _policy_from(data)


@pytest.mark.slow
def test_shipped_model_loads_offline_and_scores_generated_image() -> None:
    scorer = NudityScorer(model_factory=shipped_nudenet_model)
    result = scorer.score_pixels(np.asarray(shapes_image(3, (320, 320))))
    assert result.model == "nudenet-320n"
    assert result.risk is RiskLevel.NONE  # shapes and text are not nudity
    assert shipped_nudenet_model() is shipped_nudenet_model()  # loaded once
