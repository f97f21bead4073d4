"""Frozen records of the casework domain, as repositories return and accept them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from safeguard.casework.alert_images import AlertImage
from safeguard.casework.roles import Role


def new_id() -> str:
    """A fresh record id (random, so records move between settings without clashes)."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class User:
    id: str
    username: str
    display_name: str
    role: Role
    password_hash: str
    totp_secret: str | None = None
    active: bool = True
    created_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: enough of a user for permission checks and the audit trail."""

    user_id: str
    role: Role
    name: str

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.role, user.display_name)


SYSTEM = Actor("system", Role.ADMIN, "system")


@dataclass(frozen=True, slots=True)
class Child:
    id: str
    full_name: str
    date_of_birth: date | None = None
    year_group: str = ""
    created_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True, slots=True)
class Concern:
    id: str
    child_id: str
    author_id: str
    category: str
    account: str  # what was seen or heard, the child's own words in quotes
    opinion: str
    dsl_told_in_person: bool
    device_secured: str
    device_notes: str
    linked_child_ids: tuple[str, ...]
    created_at: datetime
    case_id: str | None = None


class AlertStatus(Enum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"
    MERGED = "merged"


class AlertSource(Enum):
    """Where an alert came from; ``Alert.origin`` names the file, API source or product."""

    CONCERN = "concern"  # logged by a member of staff in the dashboard
    SCAN = "scan"  # a chat export or `safeguard scan --json` file uploaded by a DSL
    API = "api"  # the ingestion API (a service children use, scoring its messages)
    MONITORING = "monitoring"  # a school monitoring product (Smoothwall, Impero, ...) via the API

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    AlertSource.CONCERN: "Concern logged by staff",
    AlertSource.SCAN: "Scan upload",
    AlertSource.API: "Ingestion API",
    AlertSource.MONITORING: "Monitoring product",
}


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason an alert was raised, counted in the per-signal volume statistics."""

    name: str  # category id, or category:rule when the scan gave detector detail
    level: str
    why: str = ""


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    source: AlertSource
    level: str
    category: str
    summary: str
    created_at: datetime
    signals: tuple[Signal, ...] = ()
    status: AlertStatus = AlertStatus.OPEN
    child_id: str | None = None
    concern_id: str | None = None
    conversation_id: str | None = None
    case_id: str | None = None
    triaged_by: str | None = None
    triaged_at: datetime | None = None
    triage_reason: str = ""
    origin: str = ""  # the uploaded file, API source or monitoring product, when known
    images: tuple[AlertImage, ...] = ()  # facts of the images behind it, never the images

    @property
    def source_label(self) -> str:
        """e.g. "Scan upload: chat.txt" or "Monitoring product: Smoothwall Monitor"."""
        label = self.source.label
        return f"{label}: {self.origin}" if self.origin else label


class CaseStatus(Enum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    child_id: str
    title: str
    category: str
    opened_by: str
    opened_at: datetime
    status: CaseStatus = CaseStatus.OPEN
    closed_at: datetime | None = None
    outcome: str = ""
    imported_from: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One append-only entry of a case record; corrections supersede, never overwrite."""

    id: str
    case_id: str
    kind: str
    data: dict[str, Any]
    author_id: str
    author_name: str
    created_at: datetime
    supersedes: str | None = None
    correction_reason: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True)
class LocalContacts:
    """Numbers a setting must configure: local children's social care, out of hours, LADO."""

    mash_phone: str = ""
    edt_phone: str = ""
    lado_phone: str = ""
    police_contact: str = ""


@dataclass(frozen=True, slots=True)
class Setting:
    """The school, college or organisation this installation serves."""

    name: str = "Unnamed setting"
    jurisdiction: str = "england"
    contacts: LocalContacts = field(default_factory=LocalContacts)
    device_rule: str = "flight_mode"  # what staff are told to do with a device


@dataclass(frozen=True, slots=True)
class Page:
    """A slice of a list plus how many there are in all."""

    items: tuple[Any, ...]
    total: int
    offset: int
    limit: int


class MoveKind(Enum):
    """When a child moves setting: the CP file's deadline depends on it (PRACTICE.md B11)."""

    IN_YEAR = "in_year"
    NEW_TERM = "new_term"


class TransferStatus(Enum):
    TO_SEND = "to_send"
    SENT = "sent"
    RECEIVED = "received"  # the new setting confirmed receipt


@dataclass(frozen=True, slots=True)
class OutgoingTransfer:
    """A child's CP file on its way to their new setting, from the move to the receipt.

    ``details`` holds what was recorded along the way: the new setting's contact, whether
    information was shared before the move, each file prepared (sha256, format, when), how and
    by whom it was sent, and the receipt (who acknowledged it, when, whether its signature was
    checked).
    """

    id: str
    child_id: str
    new_setting: str
    move: MoveKind
    starts_on: date
    due_on: date
    status: TransferStatus
    recorded_by: str
    recorded_at: datetime
    details: dict[str, Any]
    sent_at: datetime | None = None
    acknowledged_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TransferReceipt:
    """Proof that a CP file was received: what, from whom, when, by whom, with its checksum."""

    id: str
    direction: str  # "in" or "out"
    child_id: str
    sha256: str
    other_setting: str
    at: datetime
    details: dict[str, Any]
