"""Printable advice sheets for a child, parents or staff, chosen by category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from safeguard.core.agencies import Agency, AgencyDirectory
from safeguard.core.errors import DataFileError
from safeguard.core.taxonomy import load_taxonomy
from safeguard.web.guidance_panel import protocol_actions

AUDIENCES = {"child": "child", "parents": "parent", "staff": "professional"}
_FILE = Path(__file__).with_name("advice.yaml")


@dataclass(frozen=True, slots=True)
class AdviceTexts:
    version: int
    reviewed_on: date
    general: dict[str, tuple[str, ...]]
    protocols: dict[str, dict[str, tuple[str, ...]]]


def _lines(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{_FILE.name}: {where}: expected a list of sentences")
    return tuple(value)


@lru_cache(maxsize=1)
def advice_texts() -> AdviceTexts:
    """The validated advice file, loaded once."""
    raw = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("version") != 1:
        raise DataFileError(f"{_FILE.name}: expected version 1")
    general = {k: _lines(raw["general"].get(k), f"general.{k}") for k in ("child", "parent")}
    protocols: dict[str, dict[str, tuple[str, ...]]] = {}
    for protocol, texts in (raw.get("protocols") or {}).items():
        protocols[str(protocol)] = {
            k: _lines(texts.get(k), f"protocols.{protocol}.{k}") for k in ("child", "parent")
        }
    reviewed = raw.get("reviewed_on")
    if not isinstance(reviewed, date):
        raise DataFileError(f"{_FILE.name}: reviewed_on must be a date")
    return AdviceTexts(1, reviewed, general, protocols)


@dataclass(frozen=True, slots=True)
class AdviceSheet:
    category: str
    label: str
    audience: str
    lines: tuple[tuple[str, str, bool], ...]  # (kind, text, verified)
    agencies: tuple[Agency, ...]


def advice_sheet(
    category: str, audience: str, directory: AgencyDirectory, jurisdiction: str
) -> AdviceSheet:
    """The sheet for ``audience`` (child, parents or staff) about ``category``."""
    definition = load_taxonomy().category(category)
    who = AUDIENCES[audience]
    if audience == "staff":
        lines = tuple(protocol_actions(category))
    else:
        texts = advice_texts()
        extra = texts.protocols.get(definition.protocol, {}).get(who, ())
        lines = tuple(("do", text, False) for text in (*extra, *texts.general[who]))
    ids = [a for a in definition.agencies if a in directory.ids]
    agencies = tuple(
        directory.agency(a)
        for a in ids
        if who in directory.agency(a).audience and directory.agency(a).serves(jurisdiction)
    )
    return AdviceSheet(category, definition.label, audience, lines, agencies)
