"""Jinja2 filters and globals: dates, labels and the choice tables the templates show."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jinja2 import Environment

from safeguard.casework.concern_form import CATEGORY_LABELS
from safeguard.casework.entries import ENTRY_FORMS, EntryKind, choice_label
from safeguard.casework.record_rules import retain_until
from safeguard.casework.records import AlertSource


def when(value: datetime | date | str | None) -> str:
    """A date and time as people read it: 2 Mar 2026 09:30."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return value.strftime("%-d %b %Y %H:%M")
    return value.strftime("%-d %b %Y")


def source_label(source: str, origin: str | None = None) -> str:
    """How an alert's source reads in an entry: "Scan upload: chat.txt"."""
    try:
        label = AlertSource(source).label
    except ValueError:
        label = str(source)
    return f"{label}: {origin}" if origin else label


def category(value: str) -> str:
    return CATEGORY_LABELS.get(value, value.replace("_", " "))


def field_value(kind: str, name: str, value: Any) -> str:
    """The readable value of field ``name`` of an entry of ``kind``."""
    if value is None or value == "" or value == []:
        return ""
    form = ENTRY_FORMS.get(EntryKind(kind))
    spec = next((f for f in form.fields if f.name == name), None) if form else None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if spec is not None and spec.choices:
        if isinstance(value, list):
            return "; ".join(choice_label(spec.choices, v) for v in value)
        return choice_label(spec.choices, value)
    if spec is not None and spec.kind == "yesno":
        return "Yes" if value == "yes" else "No"
    if spec is not None and spec.kind in {"date", "datetime"}:
        return when(str(value))
    return str(value)


def field_label(kind: str, name: str) -> str:
    form = ENTRY_FORMS.get(EntryKind(kind))
    spec = next((f for f in form.fields if f.name == name), None) if form else None
    return spec.label if spec else name.replace("_", " ").capitalize()


def install(env: Environment) -> None:
    env.filters["when"] = when
    env.filters["category"] = category
    env.globals["field_value"] = field_value
    env.globals["field_label"] = field_label
    env.globals["source_label"] = source_label
    env.globals["retain_until"] = retain_until
    env.globals["entry_forms"] = {kind.value: form for kind, form in ENTRY_FORMS.items()}
