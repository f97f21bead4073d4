"""UKCIS decision support for a case: the scope gate and the immediate-referral triggers.

The triggers are OR-rules that can fire at any time, so they are re-evaluated over the whole
case record every time something new is recorded. A trigger that fired after the last
referral raises an immediate-referral prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from safeguard.casework.entries import FACT_CHOICES, EntryKind
from safeguard.casework.records import Entry

REFERRAL_AGENCIES = frozenset({"police_999", "police_101", "mash", "edt", "ceop"})


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One immediate-referral trigger, with its source and verification status."""

    id: str
    fact: str
    text: str
    source: str
    jurisdiction: str
    verified: bool


@dataclass(frozen=True, slots=True)
class TriggerHit:
    rule: TriggerRule
    entry_id: str
    referred_since: bool


@dataclass(frozen=True, slots=True)
class UkcisStatus:
    """Where a case stands in the UKCIS flow."""

    nude_imagery: bool | None  # None: the initial review has not been recorded
    adult_involved: bool
    hits: tuple[TriggerHit, ...]
    viewing: str  # "undecided", "not_viewed" or "exception"

    @property
    def out_of_scope_adult(self) -> bool:
        """Scope gate: an adult involved means child sexual abuse, not youth-produced imagery."""
        return self.adult_involved

    @property
    def referral_needed_now(self) -> tuple[TriggerHit, ...]:
        return tuple(hit for hit in self.hits if not hit.referred_since)


_TRIGGER_IDS = {
    "adult_involved": "T1",
    "coercion": "T2",
    "consent_capacity": "T2",
    "unusual_acts": "T3",
    "under_13": "T4",
    "immediate_risk": "T5",
    "financial_sextortion": "T6",
    "harmed_or_at_risk": "T7",
}


@lru_cache(maxsize=1)
def trigger_rules() -> tuple[TriggerRule, ...]:
    """The immediate-referral triggers, keyed by the fact that fires each."""
    source = "UKCIS, Sharing nudes and semi-nudes (2024), decision points"
    labels = dict(FACT_CHOICES)
    return tuple(
        TriggerRule(
            trigger,
            fact,
            labels[fact],
            source,
            "england",
            verified=trigger not in {"T5"},
        )
        for fact, trigger in _TRIGGER_IDS.items()
    )


def evaluate_case(entries: Sequence[Entry]) -> UkcisStatus:
    """Evaluate the scope gate and triggers over ``entries`` (current versions, oldest first)."""
    rules = {rule.fact: rule for rule in trigger_rules()}
    first_seen: dict[str, str] = {}
    order: dict[str, int] = {}
    last_referral = -1
    nude: bool | None = None
    adult = False
    viewing = "undecided"
    for index, entry in enumerate(entries):
        order[entry.id] = index
        data = entry.data
        facts = list(data.get("new_facts") or [])
        if entry.kind == EntryKind.UKCIS_REVIEW.value:
            nude = data.get("nude_imagery") == "yes"
            if data.get("adult_involved") == "yes":
                adult = True
                facts.append("adult_involved")
        if entry.kind == EntryKind.REFERRAL.value and data.get("agency") in REFERRAL_AGENCIES:
            last_referral = index
        if entry.kind == EntryKind.DECISION.value and str(data.get("decision", "")).startswith(
            "refer_"
        ):
            last_referral = max(last_referral, index)
        if entry.kind == EntryKind.VIEWING.value:
            viewing = str(data.get("decision") or "not_viewed")
        for fact in facts:
            if fact == "adult_involved":
                adult = True
            # A fact seen again after a referral counts as new information.
            if fact in rules and (
                fact not in first_seen or order[first_seen[fact]] <= last_referral
            ):
                first_seen[fact] = entry.id
    hits = tuple(
        TriggerHit(rules[fact], entry_id, referred_since=last_referral >= order[entry_id])
        for fact, entry_id in first_seen.items()
    )
    return UkcisStatus(nude, adult, hits, viewing)
