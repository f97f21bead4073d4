"""The agency directory: who to contact, how, when and on what evidence (``data/agencies.yaml``).

Every entry carries its provenance (source URLs, when it was retrieved, when it was last
verified and the PRACTICE.md tag), so the product can say how far to trust a number.
Local entries (children's social care, the out-of-hours team, the LADO) ship without a number
and are filled in per setting with :func:`load_directory`.

    directory = load_directory({"lado": {"contacts": [{"kind": "phone", "value": "0114 000 0000",
                                                       "note": "LADO duty line"}],
                                          "last_verified": "2026-09-01"}})
    directory.agency("lado").one_liner()
    directory.stale_entries(date.today())
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from safeguard.core.datafile_reader import (
    EntryReader,
    document,
    entries,
    read_packaged_yaml,
    read_yaml,
)
from safeguard.core.errors import DataFileError

JURISDICTIONS: Final[tuple[str, ...]] = (
    "england",
    "wales",
    "scotland",
    "ni",
    "uk",
    "us",
    "au",
    "global",
)
UK_NATIONS: Final[frozenset[str]] = frozenset({"england", "wales", "scotland", "ni"})
AUDIENCES: Final[tuple[str, ...]] = ("child", "parent", "professional", "adult")
CONTACT_KINDS: Final[tuple[str, ...]] = ("phone", "email", "url")
TAGS: Final[tuple[str, ...]] = ("V", "S", "R")

_FILE = "agencies.yaml"
_OVERRIDABLE = ("name", "contacts", "hours", "hours_verified", "notes", "source_urls")


@dataclass(frozen=True, slots=True)
class Contact:
    """One way to reach an agency; ``verify`` marks a value the sources disagree on."""

    kind: str
    value: str
    note: str | None = None
    verify: bool = False

    def render(self) -> str:
        text = self.value
        if self.note:
            text += f" ({self.note})"
        if self.verify:
            text += " [verify]"
        return text


@dataclass(frozen=True, slots=True)
class AgeRange:
    """Ages (inclusive) of the child a service is for; ``None`` means no bound."""

    min: int | None = None
    max: int | None = None

    def admits(self, age: int) -> bool:
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)


@dataclass(frozen=True, slots=True)
class Agency:
    """One directory entry with its provenance."""

    id: str
    name: str
    use_for: str
    contacts: tuple[Contact, ...]
    hours: str
    hours_verified: bool
    jurisdiction: tuple[str, ...]
    audience: tuple[str, ...]
    anonymous: bool | None
    child_age: AgeRange | None
    configurable: bool
    source_urls: tuple[str, ...]
    retrieved_at: date
    last_verified: date | None
    verification: str
    notes: str | None

    @property
    def configured(self) -> bool:
        """False for a local entry that still has no contact (needs the setting's number)."""
        return bool(self.contacts) or not self.configurable

    @property
    def verified(self) -> bool:
        """Checked against its live source at least once (``last_verified`` is set)."""
        return self.last_verified is not None

    @property
    def information_date(self) -> date:
        """How old the information is: the last verification, else the retrieval date."""
        return self.last_verified or self.retrieved_at

    def serves(self, jurisdiction: str) -> bool:
        """Whether the service is available to someone in ``jurisdiction``."""
        check_jurisdiction(jurisdiction)
        if jurisdiction in self.jurisdiction or "global" in self.jurisdiction:
            return True
        return jurisdiction in UK_NATIONS and "uk" in self.jurisdiction

    def suits_child_age(self, age: int | None) -> bool:
        """False only when the child's age is known and outside the service's range."""
        return age is None or self.child_age is None or self.child_age.admits(age)

    def one_liner(self) -> str:
        """A line a DSL can act on: name, what for, how to reach them, when."""
        if not self.configured:
            return f"{self.name} — {self.use_for}: NOT CONFIGURED, add your local number"
        contacts = "; ".join(contact.render() for contact in self.contacts)
        hours = self.hours if self.hours_verified else f"{self.hours} [hours to verify]"
        return f"{self.name} — {self.use_for}: {contacts} — {hours}"


@dataclass(frozen=True, slots=True)
class StaleEntry:
    """A directory entry that needs checking, and why."""

    agency: Agency
    reason: str


@dataclass(frozen=True, slots=True)
class AgencyDirectory:
    """The validated directory, in file order."""

    version: int
    reviewed_on: date
    agencies: tuple[Agency, ...]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(agency.id for agency in self.agencies)

    def agency(self, agency_id: str) -> Agency:
        """The entry ``agency_id``; KeyError names the unknown id."""
        for agency in self.agencies:
            if agency.id == agency_id:
                return agency
        raise KeyError(f"unknown agency {agency_id!r}")

    def for_jurisdiction(self, jurisdiction: str) -> tuple[Agency, ...]:
        return tuple(agency for agency in self.agencies if agency.serves(jurisdiction))

    def stale_entries(self, today: date, max_age_months: int = 12) -> tuple[StaleEntry, ...]:
        """Entries not configured, never verified, or not verified within ``max_age_months``."""
        cutoff = months_before(today, max_age_months)
        stale: list[StaleEntry] = []
        for agency in self.agencies:
            if not agency.configured:
                reason = "not configured: add your local number"
            elif agency.last_verified is None:
                reason = "never verified against its live source"
            elif agency.last_verified < cutoff:
                reason = (
                    f"last verified {agency.last_verified.isoformat()}, "
                    f"more than {max_age_months} months ago"
                )
            else:
                continue
            stale.append(StaleEntry(agency, reason))
        return tuple(stale)

    def with_overrides(
        self, overrides: Mapping[str, Mapping[str, Any]], *, source: str = "local overrides"
    ) -> AgencyDirectory:
        """A copy with a setting's local details merged into its configurable entries.

        ``overrides`` maps an entry id to fields replacing the shipped ones: ``contacts``
        (required), ``last_verified`` (date or null), and optionally ``name``, ``hours``,
        ``hours_verified``, ``notes``, ``source_urls``. Only ``configurable`` entries accept them.
        """
        if not isinstance(overrides, Mapping):
            raise DataFileError(f"{source}: expected a mapping of agency id to local details")
        merged = {agency.id: agency for agency in self.agencies}
        for agency_id, fields in overrides.items():
            reader = EntryReader(fields, source, str(agency_id))
            base = merged.get(str(agency_id))
            if base is None:
                raise reader.fail(None, f"unknown agency; expected one of {_sorted(merged)}")
            if not base.configurable:
                raise reader.fail(None, "is not a local (configurable) entry and cannot be changed")
            merged[base.id] = _apply_override(base, reader)
        return replace(self, agencies=tuple(merged[agency.id] for agency in self.agencies))


def check_jurisdiction(jurisdiction: str) -> str:
    """Return ``jurisdiction`` if known; ValueError names the choices."""
    if jurisdiction not in JURISDICTIONS:
        raise ValueError(
            f"unknown jurisdiction {jurisdiction!r}; expected one of {', '.join(JURISDICTIONS)}"
        )
    return jurisdiction


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_directory(data: object, source: str = _FILE) -> AgencyDirectory:
    """Validate a parsed ``agencies.yaml`` document."""
    top = document(data, source)
    version = top.integer("version")
    reviewed_on = top.day("reviewed_on")
    agencies = tuple(
        _agency(reader) for _, reader in entries(top.raw("agencies"), source, "agencies")
    )
    top.finish()
    assert version is not None
    return AgencyDirectory(version=version, reviewed_on=reviewed_on, agencies=agencies)


def read_directory(path: Path) -> AgencyDirectory:
    """Load and validate a directory file (e.g. a broken copy in a test)."""
    return parse_directory(read_yaml(path), path.name)


@lru_cache(maxsize=1)
def packaged_directory() -> AgencyDirectory:
    """The shipped directory, loaded once on first use."""
    return parse_directory(read_packaged_yaml(_FILE))


def load_directory(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> AgencyDirectory:
    """The shipped directory with a setting's local numbers merged in (see ``with_overrides``)."""
    directory = packaged_directory()
    return directory.with_overrides(overrides) if overrides else directory


def stale_entries(
    today: date, max_age_months: int = 12, directory: AgencyDirectory | None = None
) -> tuple[StaleEntry, ...]:
    """Entries of ``directory`` (default: the shipped one) that need checking."""
    return (directory or load_directory()).stale_entries(today, max_age_months)


def _agency(reader: EntryReader) -> Agency:
    configurable = reader.flag("configurable")
    contacts = _contacts(reader)
    if not contacts and not configurable:
        raise reader.fail("contacts", "is empty; only configurable (local) entries may be")
    agency = Agency(
        id=reader.text("id"),
        name=reader.text("name"),
        use_for=reader.text("use_for"),
        contacts=contacts,
        hours=reader.text("hours"),
        hours_verified=reader.flag("hours_verified"),
        jurisdiction=reader.text_list("jurisdiction", choices=JURISDICTIONS),
        audience=reader.text_list("audience", choices=AUDIENCES),
        anonymous=reader.tristate("anonymous"),
        child_age=_age_range(reader),
        configurable=configurable,
        source_urls=reader.text_list("source_urls"),
        retrieved_at=reader.day("retrieved_at"),
        last_verified=reader.optional_day("last_verified"),
        verification=reader.choice("verification", TAGS),
        notes=reader.optional_text("notes"),
    )
    if agency.last_verified is not None and agency.last_verified < agency.retrieved_at:
        raise reader.fail("last_verified", "is before retrieved_at")
    reader.finish()
    return agency


def _contacts(reader: EntryReader) -> tuple[Contact, ...]:
    out: list[Contact] = []
    for index, item in enumerate(reader.items("contacts", required=False)):
        sub = EntryReader(item, reader.source, f"{reader.entry}.contacts[{index}]")
        out.append(
            Contact(
                kind=sub.choice("kind", CONTACT_KINDS),
                value=sub.text("value"),
                note=sub.optional_text("note"),
                verify=sub.flag("verify", default=False),
            )
        )
        sub.finish()
    return tuple(out)


def _age_range(reader: EntryReader) -> AgeRange | None:
    if reader.raw("child_age") is None:
        return None
    sub = EntryReader(reader.mapping("child_age"), reader.source, f"{reader.entry}.child_age")
    low, high = sub.integer("min", required=False), sub.integer("max", required=False)
    sub.finish()
    if low is None and high is None:
        raise reader.fail("child_age", "needs min and/or max, or null")
    if low is not None and high is not None and low > high:
        raise reader.fail("child_age", f"min {low} is above max {high}")
    return AgeRange(low, high)


def _apply_override(base: Agency, reader: EntryReader) -> Agency:
    if "contacts" not in reader.data:
        raise reader.fail("contacts", "is missing; a local entry needs at least one contact")
    contacts = _contacts(reader)
    if not contacts:
        raise reader.fail("contacts", "is empty; a local entry needs at least one contact")
    changes: dict[str, Any] = {"contacts": contacts}
    if "last_verified" in reader.data:
        changes["last_verified"] = reader.optional_day("last_verified")
    else:
        changes["last_verified"] = None
    for key in _OVERRIDABLE:
        if key == "contacts" or key not in reader.data:
            continue
        if key == "hours_verified":
            changes[key] = reader.flag(key)
        elif key == "source_urls":
            changes[key] = reader.text_list(key)
        elif key == "notes":
            changes[key] = reader.optional_text(key)
        else:
            changes[key] = reader.text(key)
    reader.finish()
    return replace(base, **changes)


def _sorted(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids))
