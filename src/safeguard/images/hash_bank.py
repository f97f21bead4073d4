"""Hash banks: named lists of known-image hashes with labels, an allow-list and quarantines.

A bank holds *match* entries (hashes of known images to find) and *allow* entries (hashes of
known false positives that must never raise a finding), a PDQ distance threshold (default 31
of 256; never higher, because false matches climb quickly above it) and a quality gate (default
50: a PDQ hash of a featureless image is too unreliable to match on). Entries whose match rate
surges are quarantined (see :mod:`safeguard.images.surge`) until a person releases them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

from safeguard.images.pdq import normalise_pdq

DEFAULT_PDQ_THRESHOLD = 31
MAX_PDQ_THRESHOLD = 31
DEFAULT_QUALITY_GATE = 50

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$")
_HEX = re.compile(r"^[0-9a-f]+$")


class SignalType(Enum):
    """The kinds of hash a bank can hold."""

    PDQ = "pdq"
    MD5 = "md5"
    SHA256 = "sha256"

    @classmethod
    def parse(cls, text: str) -> SignalType:
        """A signal type from its name or a ThreatExchange alias (``photo_md5``, ``video_md5``)."""
        key = text.strip().lower().replace("-", "_")
        found = _ALIASES.get(key)
        if found is None:
            choices = ", ".join(sorted(_ALIASES))
            raise ValueError(f"unknown signal type {text!r}; expected one of {choices}")
        return found

    def normalise(self, signal: str) -> str:
        """The signal as lower-case hex of the right length; ValueError otherwise."""
        if self is SignalType.PDQ:
            return normalise_pdq(signal)
        value = signal.strip().lower()
        length = 32 if self is SignalType.MD5 else 64
        if len(value) != length or not _HEX.match(value):
            raise ValueError(f"not a {self.value} hash (expected {length} hex digits)")
        return value


_ALIASES = {
    "pdq": SignalType.PDQ,
    "photo_pdq": SignalType.PDQ,
    "md5": SignalType.MD5,
    "photo_md5": SignalType.MD5,
    "video_md5": SignalType.MD5,
    "sha256": SignalType.SHA256,
    "photo_sha256": SignalType.SHA256,
}


@dataclass(frozen=True, slots=True)
class BankEntry:
    """One hash in a bank, with its own labels and a short note (never image content)."""

    entry_id: str
    signal_type: SignalType
    signal: str
    labels: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def create(
        cls,
        signal_type: SignalType,
        signal: str,
        *,
        labels: Iterable[str] = (),
        note: str = "",
        entry_id: str | None = None,
    ) -> BankEntry:
        """A validated entry; the id defaults to the signal type and the hash's first 16 digits."""
        value = signal_type.normalise(signal)
        return cls(
            entry_id=entry_id or f"{signal_type.value}-{value[:16]}",
            signal_type=signal_type,
            signal=value,
            labels=validate_labels(labels),
            note=note.strip(),
        )

    @property
    def key(self) -> tuple[SignalType, str]:
        return (self.signal_type, self.signal)


@dataclass(frozen=True, slots=True)
class Quarantine:
    """An entry paused because it suddenly matched far more than usual."""

    entry_id: str
    since: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class HashBank:
    """A named bank of known-image hashes and its matching rules."""

    name: str
    labels: tuple[str, ...] = ()
    description: str = ""
    pdq_threshold: int = DEFAULT_PDQ_THRESHOLD
    quality_gate: int = DEFAULT_QUALITY_GATE
    entries: tuple[BankEntry, ...] = ()
    allowed: tuple[BankEntry, ...] = ()
    quarantined: tuple[Quarantine, ...] = field(default=())

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(
                f"bank name {self.name!r} must be 1-64 of a-z, 0-9, '.', '_' or '-' "
                "and start with a letter or digit"
            )
        if not 0 <= self.pdq_threshold <= MAX_PDQ_THRESHOLD:
            raise ValueError(
                f"PDQ threshold must be between 0 and {MAX_PDQ_THRESHOLD}, got {self.pdq_threshold}"
            )
        if not 0 <= self.quality_gate <= 100:
            raise ValueError(f"quality gate must be between 0 and 100, got {self.quality_gate}")
        validate_labels(self.labels)
        ids = [entry.entry_id for entry in (*self.entries, *self.allowed)]
        if len(ids) != len(set(ids)):
            raise ValueError(f"bank {self.name!r} has duplicate entry ids")

    def with_entries(self, new: Iterable[BankEntry], *, allow: bool = False) -> HashBank:
        """This bank plus ``new`` entries (on the allow-list if ``allow``).

        A hash already in the same list keeps its id and gains the new labels; ids are made
        unique within the bank.
        """
        current = list(self.allowed if allow else self.entries)
        by_key = {entry.key: i for i, entry in enumerate(current)}
        taken = {entry.entry_id for entry in (*self.entries, *self.allowed)}
        for entry in new:
            if entry.key in by_key:
                i = by_key[entry.key]
                merged = tuple(dict.fromkeys((*current[i].labels, *entry.labels)))
                current[i] = replace(current[i], labels=merged, note=current[i].note or entry.note)
                continue
            entry_id = _unique_id(entry.entry_id, taken)
            taken.add(entry_id)
            by_key[entry.key] = len(current)
            current.append(replace(entry, entry_id=entry_id))
        if allow:
            return replace(self, allowed=tuple(current))
        return replace(self, entries=tuple(current))

    def quarantine(self, quarantine: Quarantine) -> HashBank:
        """This bank with ``quarantine`` recorded (replacing an older one for the same entry)."""
        kept = tuple(q for q in self.quarantined if q.entry_id != quarantine.entry_id)
        return replace(self, quarantined=(*kept, quarantine))

    def release(self, entry_id: str) -> HashBank:
        """This bank with ``entry_id`` back in use; KeyError if it was not quarantined."""
        if self.quarantine_of(entry_id) is None:
            raise KeyError(entry_id)
        kept = tuple(q for q in self.quarantined if q.entry_id != entry_id)
        return replace(self, quarantined=kept)

    def quarantine_of(self, entry_id: str) -> Quarantine | None:
        for quarantine in self.quarantined:
            if quarantine.entry_id == entry_id:
                return quarantine
        return None

    def entry(self, entry_id: str) -> BankEntry:
        """The match or allow entry with this id; KeyError if none."""
        for entry in (*self.entries, *self.allowed):
            if entry.entry_id == entry_id:
                return entry
        raise KeyError(entry_id)


def validate_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Labels as a tuple without duplicates; ValueError names a malformed one."""
    cleaned = tuple(dict.fromkeys(label.strip() for label in labels if label.strip()))
    for label in cleaned:
        if not _LABEL.match(label):
            raise ValueError(
                f"label {label[:70]!r} must be 1-64 of letters, digits and _ . : / - "
                "starting with a letter or digit"
            )
    return cleaned


def _unique_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"
