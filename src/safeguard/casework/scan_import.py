"""Read a ``safeguard scan --json`` file (DESIGN.md assessment objects, one per line).

Every problem is reported with the file name, line and field, so a DSL (or whoever ran the
scan) can find it. Blank lines are skipped.
"""

from __future__ import annotations

import json
from typing import Any

from safeguard.core.assessment import Assessment, CategoryAssessment, Evidence
from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.errors import RecordError
from safeguard.core.image_evidence import ImageEvidence, image_evidence_from_dict
from safeguard.core.levels import RiskLevel

MAX_LINES = 100_000


def parse_scan_json(text: str, path: str = "upload") -> list[Assessment]:
    """Assessments in ``text``; RecordError at the first invalid line or field."""
    out: list[Assessment] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number > MAX_LINES:
            raise RecordError(path, number, f"too many lines (limit {MAX_LINES})")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordError(path, number, f"not valid JSON ({exc.msg})") from None
        out.append(_assessment(obj, path, number))
    if not out:
        raise RecordError(path, None, "no assessments found (expected `safeguard scan --json`)")
    return out


def _assessment(obj: Any, path: str, line: int) -> Assessment:
    if not isinstance(obj, dict):
        raise RecordError(path, line, "expected a JSON object")
    conversation_id = _string(obj, "conversation_id", path, line)
    risk = _level(obj.get("risk"), "risk", path, line)
    score = _score(obj.get("score"), "score", path, line)
    raw_categories = obj.get("categories", [])
    if not isinstance(raw_categories, list):
        raise RecordError(path, line, "expected a list", field="categories")
    categories = tuple(
        _category(item, f"categories[{i}]", path, line) for i, item in enumerate(raw_categories)
    )
    return Assessment(
        conversation_id=conversation_id,
        risk=risk,
        score=score,
        categories=categories,
        actions=_strings(obj.get("actions", []), "actions", path, line),
        agencies=_strings(obj.get("agencies", []), "agencies", path, line),
    )


def _category(obj: Any, where: str, path: str, line: int) -> CategoryAssessment:
    if not isinstance(obj, dict):
        raise RecordError(path, line, "expected a JSON object", field=where)
    category = _string(obj, "category", path, line, prefix=where)
    if category not in CATEGORY_IDS:
        raise RecordError(path, line, f"unknown category {category!r}", field=f"{where}.category")
    first = obj.get("first_flag_message_id")
    if first is not None and not isinstance(first, str):
        raise RecordError(path, line, "expected a string", field=f"{where}.first_flag_message_id")
    raw_evidence = obj.get("evidence", [])
    if not isinstance(raw_evidence, list):
        raise RecordError(path, line, "expected a list", field=f"{where}.evidence")
    evidence = []
    for i, item in enumerate(raw_evidence):
        at = f"{where}.evidence[{i}]"
        if not isinstance(item, dict):
            raise RecordError(path, line, "expected a JSON object", field=at)
        evidence.append(
            Evidence(
                message_id=_string(item, "message_id", path, line, prefix=at),
                why=_string(item, "why", path, line, prefix=at),
                detector=str(item.get("detector", "")),
                rule=str(item.get("rule", "")),
                image=_image(item.get("image"), f"{at}.image", path, line),
            )
        )
    return CategoryAssessment(
        category=category,
        level=_level(obj.get("level"), f"{where}.level", path, line),
        score=_score(obj.get("score"), f"{where}.score", path, line),
        first_flag_message_id=first,
        evidence=tuple(evidence),
    )


def _image(value: Any, field: str, path: str, line: int) -> ImageEvidence | None:
    """An evidence item's image facts (hashes, bank match, model labels), if it has any."""
    if value is None:
        return None
    try:
        return image_evidence_from_dict(value)
    except ValueError as exc:
        raise RecordError(path, line, str(exc), field=field) from None


def _string(obj: dict[str, Any], key: str, path: str, line: int, prefix: str = "") -> str:
    value = obj.get(key)
    name = f"{prefix}.{key}" if prefix else key
    if not isinstance(value, str) or not value.strip():
        raise RecordError(path, line, "expected a non-empty string", field=name)
    return value


def _strings(value: Any, field: str, path: str, line: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(path, line, "expected a list of strings", field=field)
    return tuple(value)


def _level(value: Any, field: str, path: str, line: int) -> RiskLevel:
    if not isinstance(value, str):
        raise RecordError(path, line, "expected a risk level", field=field)
    try:
        return RiskLevel.parse(value)
    except ValueError as exc:
        raise RecordError(path, line, str(exc), field=field) from None


def _score(value: Any, field: str, path: str, line: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise RecordError(path, line, "expected a number from 0 to 1", field=field)
    return float(value)
