"""Everything a DSL sees on a case page, derived from its append-only entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from safeguard.casework.entries import EntryKind
from safeguard.casework.records import Alert, Case, Child, Concern, Entry
from safeguard.casework.timescales import referral_warning
from safeguard.casework.ukcis_flow import UkcisStatus, evaluate_case


@dataclass(frozen=True, slots=True)
class EntryHistory:
    """The current version of an entry and the versions it replaced (newest first)."""

    current: Entry
    earlier: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class ReferralStatus:
    entry: Entry
    warning: str


@dataclass(frozen=True, slots=True)
class CaseView:
    case: Case
    child: Child
    entries: tuple[EntryHistory, ...]
    concerns: tuple[Concern, ...]
    alerts: tuple[Alert, ...]
    open_actions: tuple[Entry, ...]
    overdue_actions: tuple[Entry, ...]
    referrals: tuple[ReferralStatus, ...]
    parents: Entry | None
    has_decision: bool
    ukcis: UkcisStatus

    @property
    def gaps(self) -> tuple[str, ...]:
        """What the record still lacks for a complete, defensible file (KCSIE)."""
        out = []
        if not self.has_decision:
            out.append("No decision recorded yet (record decisions not to refer too).")
        if self.parents is None:
            out.append("Parents or carers: record that they were informed, or why not.")
        return tuple(out)


def current_versions(entries: Sequence[Entry]) -> tuple[EntryHistory, ...]:
    """Collapse correction chains: each entry's latest version with its earlier ones."""
    by_id = {entry.id: entry for entry in entries}
    superseded = {entry.supersedes for entry in entries if entry.supersedes}
    out = []
    for entry in entries:
        if entry.id in superseded:
            continue
        earlier = []
        cursor = entry.supersedes
        while cursor and cursor in by_id:
            earlier.append(by_id[cursor])
            cursor = by_id[cursor].supersedes
        out.append(EntryHistory(entry, tuple(earlier)))
    return tuple(out)


def build_case_view(
    case: Case,
    child: Child,
    entries: Sequence[Entry],
    concerns: Sequence[Concern],
    alerts: Sequence[Alert],
    now: datetime,
    *,
    jurisdiction: str = "england",
    images_expected: bool = False,
) -> CaseView:
    """The case page's content, with warnings computed for ``now``."""
    histories = current_versions(entries)
    current = [h.current for h in histories]
    actions = [e for e in current if e.kind == EntryKind.ACTION.value]
    open_actions = tuple(e for e in actions if e.data.get("status") != "done")
    today = now.date()
    overdue = tuple(e for e in open_actions if _due(e) is not None and _due(e) < today)  # type: ignore[operator]
    referrals = tuple(
        ReferralStatus(
            e,
            referral_warning(
                str(e.data.get("agency")),
                datetime.fromisoformat(str(e.data.get("referred_at"))).replace(tzinfo=now.tzinfo),
                bool(e.data.get("outcome")),
                now,
            ),
        )
        for e in current
        if e.kind == EntryKind.REFERRAL.value
    )
    parents = next((e for e in reversed(current) if e.kind == EntryKind.PARENTS.value), None)
    has_decision = any(e.kind == EntryKind.DECISION.value for e in current)
    return CaseView(
        case=case,
        child=child,
        entries=histories,
        concerns=tuple(concerns),
        alerts=tuple(alerts),
        open_actions=open_actions,
        overdue_actions=overdue,
        referrals=referrals,
        parents=parents,
        has_decision=has_decision,
        ukcis=evaluate_case(current, jurisdiction=jurisdiction, images_expected=images_expected),
    )


def _due(entry: Entry) -> date | None:
    raw = entry.data.get("due")
    return date.fromisoformat(str(raw)) if raw else None
