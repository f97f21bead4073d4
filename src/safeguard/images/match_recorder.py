"""Record the matches that counted, and quarantine entries whose match rate surges."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from safeguard.images.bank_matcher import MatchOutcome
from safeguard.images.bank_repository import HashBankRepository
from safeguard.images.hash_bank import Quarantine
from safeguard.images.surge import SurgePolicy


def record_matches(
    repository: HashBankRepository,
    outcomes: Sequence[MatchOutcome],
    *,
    when: datetime,
    policy: SurgePolicy | None = None,
) -> list[tuple[str, Quarantine]]:
    """Count each bank's matches and quarantine surging entries; returns (bank, quarantine)."""
    rules = policy or SurgePolicy()
    by_bank: dict[str, list[str]] = defaultdict(list)
    for outcome in outcomes:
        for match in outcome.matches:
            by_bank[match.bank].append(match.entry_id)
    quarantined: list[tuple[str, Quarantine]] = []
    for name, entry_ids in sorted(by_bank.items()):
        stats = repository.load_stats(name)
        stats.record(entry_ids, when, rules)
        stats.prune(when, rules)
        bank = repository.load(name)
        changed = False
        for entry_id in dict.fromkeys(entry_ids):
            if bank.quarantine_of(entry_id) is not None:
                continue
            surge = stats.surge(entry_id, when, rules)
            if surge is not None:
                bank = bank.quarantine(surge)
                quarantined.append((name, surge))
                changed = True
        if changed:
            repository.save(bank)
        repository.save_stats(name, stats)
    return quarantined
