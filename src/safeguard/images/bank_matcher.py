"""Match an image's hashes against hash banks, and say why each match did or did not count.

The pipeline for one image, top to bottom:

1. exact look-ups of its MD5 and SHA-256 in every bank;
2. a PDQ range search (one index over all banks) within each bank's threshold, if the image's
   PDQ quality reaches the bank's quality gate;
3. per bank: a hit on the bank's allow-list (a known false positive) suppresses every match in
   that bank; a match on a quarantined entry is suppressed;
4. what remains are :class:`BankMatch` records; what was suppressed is kept with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from safeguard.images.hash_bank import BankEntry, HashBank, SignalType
from safeguard.images.image_hashes import ImageHashes
from safeguard.images.pdq import MAX_PDQ_DISTANCE, pdq_to_bytes
from safeguard.images.pdq_index import IndexKind, PdqIndex, build_pdq_index


@dataclass(frozen=True, slots=True)
class BankMatch:
    """Why an image matched: which bank and entry, on which hash, how close, at what quality."""

    bank: str
    entry_id: str
    signal_type: str
    distance: int
    quality: int
    threshold: int
    labels: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """Plain English for a DSL or an auditor."""
        if self.signal_type == SignalType.PDQ.value:
            how = (
                f"PDQ distance {self.distance} of {MAX_PDQ_DISTANCE}, quality {self.quality}, "
                f"threshold {self.threshold}"
            )
        else:
            how = f"exact {self.signal_type.upper()} match"
        return f"image matches known-image bank '{self.bank}' entry '{self.entry_id}' ({how})"

    def as_dict(self) -> dict[str, object]:
        return {
            "bank": self.bank,
            "entry_id": self.entry_id,
            "signal_type": self.signal_type,
            "distance": self.distance,
            "quality": self.quality,
            "threshold": self.threshold,
            "labels": list(self.labels),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class SuppressedMatch:
    """A match that does not count, and the reason (allow-list, quarantine, quality gate)."""

    match: BankMatch
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {**self.match.as_dict(), "suppressed": self.reason}


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    """Every bank match of one image: those that count, and those suppressed with reasons."""

    matches: tuple[BankMatch, ...] = ()
    suppressed: tuple[SuppressedMatch, ...] = ()


@dataclass(frozen=True, slots=True)
class _Row:
    bank: int
    entry: BankEntry
    allow: bool


class BankMatcher:
    """Matches image hashes against a fixed set of banks (build once, match many)."""

    def __init__(self, banks: Sequence[HashBank], *, index_kind: IndexKind = "auto") -> None:
        names = [bank.name for bank in banks]
        if len(names) != len(set(names)):
            raise ValueError("bank names must be unique")
        self.banks = tuple(banks)
        self._exact: dict[tuple[SignalType, str], list[_Row]] = {}
        pdq_rows: list[_Row] = []
        for position, bank in enumerate(self.banks):
            for entries, allow in ((bank.entries, False), (bank.allowed, True)):
                for entry in entries:
                    row = _Row(position, entry, allow)
                    if entry.signal_type is SignalType.PDQ:
                        pdq_rows.append(row)
                    else:
                        self._exact.setdefault(entry.key, []).append(row)
        self._pdq_rows = tuple(pdq_rows)
        self._radius = max((bank.pdq_threshold for bank in self.banks), default=0)
        self._index: PdqIndex = build_pdq_index(
            pdq_to_bytes([row.entry.signal for row in pdq_rows]), index_kind
        )

    @property
    def size(self) -> int:
        """How many hashes (match and allow entries) the matcher holds."""
        return len(self._pdq_rows) + sum(len(rows) for rows in self._exact.values())

    def match(self, hashes: ImageHashes) -> MatchOutcome:
        """The bank matches of one image."""
        return self.match_many([hashes])[0]

    def match_many(self, images: Sequence[ImageHashes]) -> list[MatchOutcome]:
        """The bank matches of each image, with one batched PDQ search."""
        if not images:
            return []
        hits = self._index.search(pdq_to_bytes([image.pdq for image in images]), self._radius)
        outcomes = []
        for position, image in enumerate(images):
            found: list[tuple[_Row, int]] = []
            for signal_type, value in (
                (SignalType.MD5, image.md5),
                (SignalType.SHA256, image.sha256),
            ):
                found.extend((row, 0) for row in self._exact.get((signal_type, value), ()))
            found.extend(
                (self._pdq_rows[row], distance) for row, distance in hits.for_query(position)
            )
            outcomes.append(self._judge(image, found))
        return outcomes

    def _judge(self, image: ImageHashes, found: list[tuple[_Row, int]]) -> MatchOutcome:
        matches: list[BankMatch] = []
        suppressed: list[SuppressedMatch] = []
        allow_hits: dict[int, BankMatch] = {}
        candidates: list[tuple[int, BankMatch]] = []
        for row, distance in found:
            bank = self.banks[row.bank]
            is_pdq = row.entry.signal_type is SignalType.PDQ
            if is_pdq and distance > bank.pdq_threshold:
                continue
            record = BankMatch(
                bank=bank.name,
                entry_id=row.entry.entry_id,
                signal_type=row.entry.signal_type.value,
                distance=distance,
                quality=image.quality,
                threshold=bank.pdq_threshold,
                labels=tuple(dict.fromkeys((*bank.labels, *row.entry.labels))),
            )
            if is_pdq and image.quality < bank.quality_gate:
                reason = (
                    f"image PDQ quality {image.quality} is below the bank's gate "
                    f"{bank.quality_gate}"
                )
                if not row.allow:
                    suppressed.append(SuppressedMatch(record, reason))
                continue
            if row.allow:
                allow_hits.setdefault(row.bank, record)
            else:
                candidates.append((row.bank, record))
        for bank_position, record in candidates:
            bank = self.banks[bank_position]
            allowed = allow_hits.get(bank_position)
            quarantine = bank.quarantine_of(record.entry_id)
            if allowed is not None:
                reason = (
                    "image is on the bank's allow-list of known false positives "
                    f"(entry '{allowed.entry_id}')"
                )
                suppressed.append(SuppressedMatch(record, reason))
            elif quarantine is not None:
                since = quarantine.since.date().isoformat()
                suppressed.append(
                    SuppressedMatch(record, f"entry quarantined since {since}: {quarantine.reason}")
                )
            else:
                matches.append(record)
        matches.sort(key=lambda m: (m.distance, m.bank, m.entry_id))
        return MatchOutcome(tuple(matches), tuple(suppressed))
