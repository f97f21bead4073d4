"""Helpers for the guidance tests: broken copies of the packaged data files."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from safeguard.core.datafile_reader import read_packaged_yaml


def packaged(name: str) -> Any:
    """A fresh, mutable copy of a shipped data file's parsed content."""
    return copy.deepcopy(read_packaged_yaml(name))


def broken_copy(tmp_path: Path, name: str, mutate: Callable[[Any], None]) -> Path:
    """Write ``name`` to ``tmp_path`` after ``mutate`` has changed its parsed content."""
    data = packaged(name)
    mutate(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def entry(data: Any, section: str, entry_id: str) -> dict[str, Any]:
    """The entry ``entry_id`` of the list ``section`` (for mutating)."""
    for item in data[section]:
        if item["id"] == entry_id:
            return item  # type: ignore[no-any-return]
    raise KeyError(entry_id)
