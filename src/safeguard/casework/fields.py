"""Field specifications: one description of a form field drives rendering and validation.

A ``FieldSpec`` says what a field is called, what it asks, whether it is required and how its
text becomes a value. ``clean_form`` turns raw form text into JSON-ready values or raises
``ValidationFailed`` naming every bad field, so the web layer can re-show the form as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from safeguard.casework.errors import ValidationFailed

FieldKind = Literal["text", "textarea", "date", "datetime", "select", "yesno", "checkbox", "checks"]
Value = str | bool | list[str] | None

MAX_TEXT = 20_000


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One form field: its name, label, prompt and rules."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    default: str = ""
    # Extra rule run on a present value; returns an error message or None.
    check: Callable[[str], str | None] | None = None
    # Required only when another field has one of these values: (field, values).
    required_when: tuple[str, tuple[str, ...]] | None = None


def _parse_date(text: str) -> str:
    return date.fromisoformat(text).isoformat()


def _parse_datetime(text: str) -> str:
    return datetime.fromisoformat(text).isoformat(timespec="minutes")


def clean_form(specs: Sequence[FieldSpec], raw: Mapping[str, str | list[str]]) -> dict[str, Value]:
    """Validate ``raw`` form values against ``specs``; the cleaned values or ValidationFailed."""
    errors: dict[str, str] = {}
    out: dict[str, Value] = {}
    for spec in specs:
        value = raw.get(spec.name)
        if spec.kind == "checks":
            items = value if isinstance(value, list) else ([value] if value else [])
            allowed = {key for key, _ in spec.choices}
            bad = [item for item in items if item not in allowed]
            if bad:
                errors[spec.name] = "choose from the listed options"
            out[spec.name] = [item for item in items if item in allowed]
            continue
        text = (value[-1] if isinstance(value, list) and value else value) or ""
        assert isinstance(text, str)
        text = text.strip()
        if spec.kind == "checkbox":
            out[spec.name] = text in {"on", "yes", "true", "1"}
            continue
        needed = spec.required
        if spec.required_when is not None:
            other, values = spec.required_when
            other_value = raw.get(other)
            other_text = other_value[-1] if isinstance(other_value, list) else other_value
            needed = needed or (other_text or "").strip() in values
        if not text:
            if needed:
                errors[spec.name] = (
                    "this is required" if spec.kind != "yesno" else "choose yes or no"
                )
            out[spec.name] = None
            continue
        if len(text) > MAX_TEXT:
            errors[spec.name] = f"keep it under {MAX_TEXT} characters"
            continue
        try:
            out[spec.name] = _convert(spec, text)
        except ValueError as exc:
            errors[spec.name] = str(exc)
            continue
        if spec.check is not None and (message := spec.check(text)):
            errors[spec.name] = message
    if errors:
        raise ValidationFailed(errors)
    return out


def _convert(spec: FieldSpec, text: str) -> Value:
    if spec.kind == "date":
        try:
            return _parse_date(text)
        except ValueError:
            raise ValueError("enter a date as YYYY-MM-DD") from None
    if spec.kind == "datetime":
        try:
            return _parse_datetime(text)
        except ValueError:
            raise ValueError("enter a date and time as YYYY-MM-DDTHH:MM") from None
    if spec.kind in {"select", "yesno"}:
        choices = spec.choices if spec.kind == "select" else YES_NO
        if text not in {key for key, _ in choices}:
            raise ValueError("choose one of the listed options")
    return text


YES_NO: tuple[tuple[str, str], ...] = (("yes", "Yes"), ("no", "No"))


def hex_digest(length: int) -> Callable[[str], str | None]:
    """A check that the text is a hexadecimal digest of ``length`` characters."""
    pattern = re.compile(rf"^[0-9a-fA-F]{{{length}}}$")

    def check(text: str) -> str | None:
        return None if pattern.match(text) else f"expected {length} hexadecimal characters"

    return check


def full_name(text: str) -> str | None:
    """Names are recorded in full, not as initials."""
    parts = [p for p in re.split(r"[\s.]+", text) if p]
    if len(parts) < 2 or all(len(p) == 1 for p in parts):
        return "write the child's full name (first and last), not initials"
    return None
