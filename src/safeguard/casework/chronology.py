"""A child's chronology: every concern, alert, case, action, decision and referral over time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from safeguard.casework.case_view import current_versions
from safeguard.casework.entries import ENTRY_FORMS, EntryKind, choice_label
from safeguard.casework.records import Alert, Case, Child, Concern, Entry


@dataclass(frozen=True, slots=True)
class ChronologyItem:
    at: datetime
    kind: str  # concern, alert, case, closure, transfer or an entry kind
    title: str
    detail: str
    case_id: str | None = None
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class Chronology:
    child: Child
    items: tuple[ChronologyItem, ...]
    cases: tuple[Case, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds present, in a stable order (rows of the timeline chart)."""
        order = [
            "concern", "alert", "case", "note", "action", "decision", "referral", "parents",
            "evidence", "ukcis_review", "viewing", "closure", "transfer",
        ]  # fmt: skip
        present = {item.kind for item in self.items}
        return tuple(kind for kind in order if kind in present)


def _entry_summary(entry: Entry) -> str:
    form = ENTRY_FORMS[EntryKind(entry.kind)]
    value = entry.data.get(form.summary_field, "")
    spec = next((f for f in form.fields if f.name == form.summary_field), None)
    if spec is not None and spec.choices:
        value = choice_label(spec.choices, value)
    text = str(value or "")
    return text if len(text) <= 160 else text[:157] + "..."


def build_chronology(
    child: Child,
    concerns: Sequence[Concern],
    alerts: Sequence[Alert],
    cases: Sequence[Case],
    entries: Mapping[str, Sequence[Entry]],
) -> Chronology:
    """All events about ``child``, oldest first; corrected entries show their latest version."""
    items: list[ChronologyItem] = []
    for concern in concerns:
        role = "" if concern.child_id == child.id else " (as a linked child)"
        items.append(
            ChronologyItem(
                concern.created_at,
                "concern",
                f"Concern logged{role}: {concern.category.replace('_', ' ')}",
                concern.account[:160],
                concern.case_id,
            )
        )
    for alert in alerts:
        if alert.concern_id:
            continue  # the concern itself is already on the chronology
        items.append(
            ChronologyItem(
                alert.created_at,
                "alert",
                f"Alert ({alert.level}) from {alert.source_label}",
                alert.summary[:160],
                alert.case_id,
            )
        )
    for case in cases:
        items.append(
            ChronologyItem(case.opened_at, "case", f"Case opened: {case.title}", "", case.id)
        )
        for history in current_versions(entries.get(case.id, ())):
            entry = history.current
            if entry.kind == EntryKind.ALERT.value:
                continue
            title = ENTRY_FORMS[EntryKind(entry.kind)].title
            if history.earlier:
                title += f" (corrected, version {entry.version})"
            items.append(
                ChronologyItem(
                    entry.created_at, entry.kind, title, _entry_summary(entry), case.id, entry.id
                )
            )
    items.sort(key=lambda item: item.at)
    return Chronology(child, tuple(items), tuple(cases))
