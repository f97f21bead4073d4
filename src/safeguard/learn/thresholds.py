"""Per-deployment thresholds of the learned detectors, from ``data/thresholds.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from safeguard.core.categories import check_category
from safeguard.core.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Thresholds:
    signal: Mapping[str, float]
    signal_default: float
    exemplar_midpoint: float
    exemplar_slope: float
    stage_min_contrast: float
    dyad_alert: float
    dyad_window_factor: float
    cascade_enabled: bool
    cascade_ngram_probability: float
    cascade_static_contrast: float
    window_messages: int

    def signal_for(self, category: str) -> float:
        return self.signal.get(category, self.signal_default)


def _number(data: Mapping[str, Any], key: str, where: str, lo: float, hi: float) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise DataFileError(f"thresholds: '{where}.{key}' must be a number in [{lo}, {hi}]")
    return float(value)


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise DataFileError(f"thresholds: '{key}' must be a mapping")
    return value


def parse_thresholds(text: str) -> Thresholds:
    """Validate thresholds YAML text; every error names the key."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise DataFileError("thresholds: expected a mapping with 'version: 1'")
    signal = _section(data, "signal")
    per_category: dict[str, float] = {}
    for key in signal:
        if key == "default":
            continue
        try:
            check_category(str(key))
        except ValueError as exc:
            raise DataFileError(f"thresholds: signal: {exc}") from None
        per_category[str(key)] = _number(signal, key, "signal", 0.0, 1.0)
    exemplar = _section(data, "exemplar")
    cascade = _section(data, "cascade")
    enabled = cascade.get("enabled")
    if not isinstance(enabled, bool):
        raise DataFileError("thresholds: 'cascade.enabled' must be true or false")
    return Thresholds(
        signal=per_category,
        signal_default=_number(signal, "default", "signal", 0.0, 1.0),
        exemplar_midpoint=_number(exemplar, "midpoint", "exemplar", -1.0, 1.0),
        exemplar_slope=_number(exemplar, "slope", "exemplar", 0.0, 1000.0),
        stage_min_contrast=_number(_section(data, "stage"), "min_contrast", "stage", -1.0, 1.0),
        dyad_alert=_number(_section(data, "dyad"), "alert", "dyad", 0.0, 1.0),
        dyad_window_factor=_number(_section(data, "dyad"), "window_factor", "dyad", 0.0, 1.0),
        cascade_enabled=enabled,
        cascade_ngram_probability=_number(cascade, "ngram_probability", "cascade", 0.0, 1.0),
        cascade_static_contrast=_number(cascade, "static_contrast", "cascade", -1.0, 1.0),
        window_messages=int(_number(cascade, "window_messages", "cascade", 1, 1000)),
    )


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Thresholds from ``path``, or the packaged defaults."""
    if path is None:
        return default_thresholds()
    try:
        return parse_thresholds(path.read_text("utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read thresholds file {path}: {exc.strerror}") from None


@lru_cache(maxsize=1)
def default_thresholds() -> Thresholds:
    text = resources.files("safeguard.data").joinpath("thresholds.yaml").read_text("utf-8")
    return parse_thresholds(text)
