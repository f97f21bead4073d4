"""UKCIS decision support for a case, re-checked over the whole record on every new entry.

Facts accumulate entry by entry: a UKCIS review answers each one (yes, no or not known) and any
note or decision can tick new facts. After each entry the facts so far go through
``safeguard.core.ukcis.evaluate_incident``; a trigger that fires (again) after the last
referral raises an immediate-referral prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from safeguard.casework.entries import FACT_QUESTIONS, EntryKind
from safeguard.casework.records import Entry
from safeguard.core.ukcis import FiredTrigger, IncidentFacts, UkcisDecision, evaluate_incident

REFERRAL_AGENCIES = frozenset(
    {
        "police_emergency",
        "police_non_emergency",
        "local_childrens_social_care",
        "out_of_hours_edt",
        "ceop_safety_centre",
    }
)

_FACTS = {fact for fact, _ in FACT_QUESTIONS}


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger that fired at an entry, and whether a referral has been recorded since."""

    trigger: FiredTrigger
    entry_id: str
    referred_since: bool


@dataclass(frozen=True, slots=True)
class UkcisStatus:
    """Where a case stands in the UKCIS flow."""

    reviewed: bool  # a UKCIS initial review has been recorded
    facts: IncidentFacts
    decision: UkcisDecision
    hits: tuple[TriggerHit, ...]
    viewing: str  # "undecided", "not_viewed" or "exception"

    @property
    def referral_needed_now(self) -> tuple[TriggerHit, ...]:
        return tuple(hit for hit in self.hits if not hit.referred_since)


def apply_entry(facts: IncidentFacts, data: dict[str, Any], kind: str) -> IncidentFacts:
    """``facts`` updated with what one entry records (later answers replace earlier ones)."""
    changes: dict[str, Any] = {}
    if kind == EntryKind.UKCIS_REVIEW.value:
        for fact in _FACTS:
            answer = data.get(f"f_{fact}")
            if answer in {"yes", "no"}:
                changes[fact] = answer == "yes"
        age = data.get("youngest_age")
        if age not in (None, ""):
            changes["youngest_age"] = int(str(age))
    for ticked in data.get("new_facts") or []:
        if ticked == "under_13_sexual_acts":
            changes["sexual_acts"] = True
            if facts.youngest_age is None or facts.youngest_age >= 13:
                changes["youngest_age"] = 12
        elif ticked in _FACTS:
            changes[ticked] = True
    return replace(facts, **changes) if changes else facts


def _is_referral(entry: Entry) -> bool:
    if entry.kind == EntryKind.REFERRAL.value:
        return entry.data.get("agency") in REFERRAL_AGENCIES
    if entry.kind == EntryKind.DECISION.value:
        return str(entry.data.get("decision", "")).startswith("refer_")
    return False


def _triggers_told(entry: Entry, jurisdiction: str) -> set[str]:
    """Triggers that the facts ticked on this one entry would fire on their own."""
    if not entry.data.get("new_facts"):
        return set()
    blank = IncidentFacts(images_involved=True, jurisdiction=jurisdiction)
    alone = apply_entry(blank, {"new_facts": entry.data["new_facts"]}, EntryKind.NOTE.value)
    return {t.id for t in evaluate_incident(alone).triggers_fired}


def evaluate_case(
    entries: Sequence[Entry], *, jurisdiction: str = "england", images_expected: bool = False
) -> UkcisStatus:
    """Walk ``entries`` (current versions, oldest first) re-evaluating after each one."""
    facts = IncidentFacts(
        images_involved=True if images_expected else None, jurisdiction=jurisdiction
    )
    fired_at: dict[str, tuple[FiredTrigger, int, str]] = {}
    last_referral = -1
    reviewed = False
    viewing = "undecided"
    previous: set[str] = set()
    for index, entry in enumerate(entries):
        facts = apply_entry(facts, entry.data, entry.kind)
        reviewed = reviewed or entry.kind == EntryKind.UKCIS_REVIEW.value
        if entry.kind == EntryKind.VIEWING.value:
            viewing = str(entry.data.get("decision") or "not_viewed")
        if _is_referral(entry):
            last_referral = index
        decision = evaluate_incident(facts)
        now_fired = {t.id: t for t in decision.triggers_fired}
        retold = _triggers_told(entry, jurisdiction)
        for trigger_id, trigger in now_fired.items():
            known = fired_at.get(trigger_id)
            newly = trigger_id not in previous
            # The same danger reported afresh after a referral is new information.
            repeated = known is not None and known[1] < last_referral and trigger_id in retold
            if known is None or newly or repeated:
                fired_at[trigger_id] = (trigger, index, entry.id)
        previous = set(now_fired)
    decision = evaluate_incident(facts)
    hits = tuple(
        TriggerHit(trigger, entry_id, referred_since=last_referral >= index)
        for trigger, index, entry_id in fired_at.values()
        if trigger.id in previous
    )
    return UkcisStatus(reviewed, facts, decision, hits, viewing)
