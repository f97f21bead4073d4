"""Typed audit events with stable names: every read and write of case data emits one.

Events are facts, written in the same transaction as the change they describe and chained by
hash (see ``audit_chain``). They carry ids and counts, never the text of a concern.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Base class: ``name`` is the stable event name; fields are its details."""

    name: ClassVar[str] = "event"
    subject_type: ClassVar[str] = ""

    @property
    def subject_id(self) -> str:
        return ""

    @property
    def child_id(self) -> str | None:
        return None

    def details(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _ChildEvent(AuditEvent):
    child: str

    @property
    def child_id(self) -> str | None:
        return self.child


@dataclass(frozen=True, slots=True)
class ConcernLogged(_ChildEvent):
    name: ClassVar[str] = "concern.logged"
    subject_type: ClassVar[str] = "concern"
    concern: str
    category: str
    linked_children: int

    @property
    def subject_id(self) -> str:
        return self.concern


@dataclass(frozen=True, slots=True)
class ConcernViewed(_ChildEvent):
    name: ClassVar[str] = "concern.viewed"
    subject_type: ClassVar[str] = "concern"
    concern: str

    @property
    def subject_id(self) -> str:
        return self.concern


@dataclass(frozen=True, slots=True)
class ConcernsListed(AuditEvent):
    name: ClassVar[str] = "concern.listed"
    subject_type: ClassVar[str] = "concern"
    count: int


@dataclass(frozen=True, slots=True)
class AlertRaised(AuditEvent):
    name: ClassVar[str] = "alert.raised"
    subject_type: ClassVar[str] = "alert"
    alert: str
    source: str
    level: str

    @property
    def subject_id(self) -> str:
        return self.alert


@dataclass(frozen=True, slots=True)
class ScanUploaded(AuditEvent):
    name: ClassVar[str] = "alert.scan_uploaded"
    subject_type: ClassVar[str] = "scan"
    file_sha256: str
    conversations: int
    alerts: int


@dataclass(frozen=True, slots=True)
class AlertsListed(AuditEvent):
    name: ClassVar[str] = "alert.listed"
    subject_type: ClassVar[str] = "alert"
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class AlertViewed(AuditEvent):
    name: ClassVar[str] = "alert.viewed"
    subject_type: ClassVar[str] = "alert"
    alert: str
    child: str | None

    @property
    def subject_id(self) -> str:
        return self.alert

    @property
    def child_id(self) -> str | None:
        return self.child


@dataclass(frozen=True, slots=True)
class AlertTriaged(AuditEvent):
    name: ClassVar[str] = "alert.triaged"
    subject_type: ClassVar[str] = "alert"
    alert: str
    outcome: str  # dismissed / escalated / merged
    case: str | None

    @property
    def subject_id(self) -> str:
        return self.alert


@dataclass(frozen=True, slots=True)
class CaseOpened(_ChildEvent):
    name: ClassVar[str] = "case.opened"
    subject_type: ClassVar[str] = "case"
    case: str

    @property
    def subject_id(self) -> str:
        return self.case


@dataclass(frozen=True, slots=True)
class CaseViewed(_ChildEvent):
    name: ClassVar[str] = "case.viewed"
    subject_type: ClassVar[str] = "case"
    case: str

    @property
    def subject_id(self) -> str:
        return self.case


@dataclass(frozen=True, slots=True)
class CasesListed(AuditEvent):
    name: ClassVar[str] = "case.listed"
    subject_type: ClassVar[str] = "case"
    status: str
    count: int


@dataclass(frozen=True, slots=True)
class EntryAdded(_ChildEvent):
    name: ClassVar[str] = "case.entry_added"
    subject_type: ClassVar[str] = "entry"
    case: str
    entry: str
    kind: str
    supersedes: str | None

    @property
    def subject_id(self) -> str:
        return self.entry


@dataclass(frozen=True, slots=True)
class CaseClosed(_ChildEvent):
    name: ClassVar[str] = "case.closed"
    subject_type: ClassVar[str] = "case"
    case: str
    outcome: str

    @property
    def subject_id(self) -> str:
        return self.case


@dataclass(frozen=True, slots=True)
class ImageRefusedEvent(AuditEvent):
    name: ClassVar[str] = "case.image_refused"
    subject_type: ClassVar[str] = "case"
    case: str
    content_type: str

    @property
    def subject_id(self) -> str:
        return self.case


@dataclass(frozen=True, slots=True)
class ChronologyViewed(_ChildEvent):
    name: ClassVar[str] = "child.chronology_viewed"
    subject_type: ClassVar[str] = "child"

    @property
    def subject_id(self) -> str:
        return self.child


@dataclass(frozen=True, slots=True)
class ChildrenListed(AuditEvent):
    name: ClassVar[str] = "child.listed"
    subject_type: ClassVar[str] = "child"
    count: int


@dataclass(frozen=True, slots=True)
class ChildDetailsChanged(_ChildEvent):
    name: ClassVar[str] = "child.details_changed"
    subject_type: ClassVar[str] = "child"
    fields: tuple[str, ...]

    @property
    def subject_id(self) -> str:
        return self.child


@dataclass(frozen=True, slots=True)
class CpFileExported(_ChildEvent):
    name: ClassVar[str] = "transfer.exported"
    subject_type: ClassVar[str] = "child"
    format: str
    sha256: str

    @property
    def subject_id(self) -> str:
        return self.child


@dataclass(frozen=True, slots=True)
class CpFileImported(_ChildEvent):
    name: ClassVar[str] = "transfer.imported"
    subject_type: ClassVar[str] = "child"
    sha256: str
    source_setting: str
    cases: int
    entries: int

    @property
    def subject_id(self) -> str:
        return self.child


@dataclass(frozen=True, slots=True)
class _TransferEvent(_ChildEvent):
    subject_type: ClassVar[str] = "transfer"
    transfer: str

    @property
    def subject_id(self) -> str:
        return self.transfer


@dataclass(frozen=True, slots=True)
class TransferStarted(_TransferEvent):
    name: ClassVar[str] = "transfer.started"
    move: str
    due_on: str


@dataclass(frozen=True, slots=True)
class TransferViewed(_TransferEvent):
    name: ClassVar[str] = "transfer.viewed"


@dataclass(frozen=True, slots=True)
class TransferSent(_TransferEvent):
    name: ClassVar[str] = "transfer.sent"
    sha256: str
    route: str


@dataclass(frozen=True, slots=True)
class TransferReceiptRecorded(_TransferEvent):
    name: ClassVar[str] = "transfer.receipt_recorded"
    verified: bool


@dataclass(frozen=True, slots=True)
class TransfersListed(AuditEvent):
    name: ClassVar[str] = "transfer.listed"
    subject_type: ClassVar[str] = "transfer"
    count: int


@dataclass(frozen=True, slots=True)
class ReceiptViewed(_ChildEvent):
    name: ClassVar[str] = "transfer.receipt_viewed"
    subject_type: ClassVar[str] = "receipt"
    receipt: str

    @property
    def subject_id(self) -> str:
        return self.receipt


@dataclass(frozen=True, slots=True)
class UserCreated(AuditEvent):
    name: ClassVar[str] = "user.created"
    subject_type: ClassVar[str] = "user"
    user: str
    role: str

    @property
    def subject_id(self) -> str:
        return self.user


@dataclass(frozen=True, slots=True)
class UserChanged(AuditEvent):
    name: ClassVar[str] = "user.changed"
    subject_type: ClassVar[str] = "user"
    user: str
    change: str

    @property
    def subject_id(self) -> str:
        return self.user


@dataclass(frozen=True, slots=True)
class SettingsChanged(AuditEvent):
    name: ClassVar[str] = "settings.changed"
    subject_type: ClassVar[str] = "setting"
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SignedIn(AuditEvent):
    name: ClassVar[str] = "auth.signed_in"
    subject_type: ClassVar[str] = "user"
    user: str

    @property
    def subject_id(self) -> str:
        return self.user


@dataclass(frozen=True, slots=True)
class SignInFailed(AuditEvent):
    name: ClassVar[str] = "auth.sign_in_failed"
    subject_type: ClassVar[str] = "user"
    reason: str


@dataclass(frozen=True, slots=True)
class SecondFactorVerified(AuditEvent):
    name: ClassVar[str] = "auth.second_factor_verified"
    subject_type: ClassVar[str] = "user"
    user: str

    @property
    def subject_id(self) -> str:
        return self.user


@dataclass(frozen=True, slots=True)
class AuditLogViewed(AuditEvent):
    name: ClassVar[str] = "audit.viewed"
    subject_type: ClassVar[str] = "audit"
    offset: int


@dataclass(frozen=True, slots=True)
class AuditVerified(AuditEvent):
    name: ClassVar[str] = "audit.verified"
    subject_type: ClassVar[str] = "audit"
    ok: bool
    events: int


EVENT_TYPES: tuple[type[AuditEvent], ...] = (
    ConcernLogged,
    ConcernViewed,
    ConcernsListed,
    AlertRaised,
    ScanUploaded,
    AlertsListed,
    AlertViewed,
    AlertTriaged,
    CaseOpened,
    CaseViewed,
    CasesListed,
    EntryAdded,
    CaseClosed,
    ImageRefusedEvent,
    ChronologyViewed,
    ChildrenListed,
    ChildDetailsChanged,
    CpFileExported,
    CpFileImported,
    TransferStarted,
    TransferViewed,
    TransferSent,
    TransferReceiptRecorded,
    TransfersListed,
    ReceiptViewed,
    UserCreated,
    UserChanged,
    SettingsChanged,
    SignedIn,
    SignInFailed,
    SecondFactorVerified,
    AuditLogViewed,
    AuditVerified,
)
