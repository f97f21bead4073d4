"""The use cases: one function per thing a person does, each taking a unit of work.

Every function checks the actor's permission, validates its input, changes records through
the repositories, records the audit events and commits, all in one transaction. The web layer
only translates requests into these calls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from safeguard.casework import events as ev
from safeguard.casework.case_view import CaseView, build_case_view
from safeguard.casework.concern_form import CONCERN_FIELDS, HIGH_CATEGORIES
from safeguard.casework.entries import EntryKind, entry_form
from safeguard.casework.errors import (
    ConflictError,
    ImageRefused,
    NotFound,
    NotPermitted,
    ValidationFailed,
)
from safeguard.casework.fields import FieldSpec, clean_form, full_name
from safeguard.casework.intake import alerts_from_assessments, record_alerts
from safeguard.casework.ports import UnitOfWork
from safeguard.casework.records import (
    Actor,
    Alert,
    AlertSource,
    AlertStatus,
    Case,
    CaseStatus,
    Child,
    Concern,
    Entry,
    Page,
    Signal,
    new_id,
    utcnow,
)
from safeguard.casework.roles import Permission, allowed
from safeguard.core.assessment import Assessment
from safeguard.core.taxonomy import load_taxonomy

RawForm = Mapping[str, str | list[str]]


def require(actor: Actor, permission: Permission) -> None:
    """Raise NotPermitted unless ``actor``'s role holds ``permission``."""
    if not allowed(actor.role, permission):
        raise NotPermitted(f"{actor.role.value} may not {permission.value}")


# --- concerns -----------------------------------------------------------------------------


def _find_or_add_child(uow: UnitOfWork, name: str, now: datetime) -> Child:
    clean = " ".join(name.split())
    matches = uow.children.find(clean)
    if matches:
        return matches[0]
    child = Child(id=new_id(), full_name=clean, created_at=now)
    uow.children.add(child)
    return child


def log_concern(
    uow: UnitOfWork, actor: Actor, form: RawForm, now: datetime | None = None
) -> Concern:
    """Record a concern about a child and raise an alert for the DSL."""
    require(actor, Permission.LOG_CONCERN)
    data = clean_form(CONCERN_FIELDS, form)
    linked_names = [n.strip() for n in str(data.get("linked_children") or "").splitlines()]
    linked_names = [n for n in linked_names if n]
    bad = [n for n in linked_names if full_name(n)]
    if bad:
        raise ValidationFailed({"linked_children": "write each child's full name, not initials"})
    now = now or utcnow()
    with uow:
        child = _find_or_add_child(uow, str(data["child_name"]), now)
        linked = tuple(
            _find_or_add_child(uow, name, now).id
            for name in linked_names
            if name.casefold() != child.full_name.casefold()
        )
        category = str(data["category"])
        concern = Concern(
            id=new_id(),
            child_id=child.id,
            author_id=actor.user_id,
            category=category,
            account=str(data["account"]),
            opinion=str(data.get("opinion") or ""),
            dsl_told_in_person=data["dsl_told"] == "yes",
            device_secured=str(data.get("device") or "no_device"),
            device_notes=str(data.get("device_notes") or ""),
            linked_child_ids=linked,
            created_at=now,
        )
        uow.concerns.add(concern)
        level = "high" if category in HIGH_CATEGORIES else "medium"
        alert = Alert(
            id=new_id(),
            source=AlertSource.CONCERN,
            level=level,
            category=category,
            summary=f"Concern logged by {actor.name}",
            created_at=now,
            signals=(Signal(f"concern:{category}", level),),
            child_id=child.id,
            concern_id=concern.id,
        )
        uow.alerts.add(alert)
        uow.audit.record(actor, ev.ConcernLogged(child.id, concern.id, category, len(linked)))
        uow.audit.record(actor, ev.AlertRaised(alert.id, alert.source.value, level))
        uow.commit()
    return concern


def my_concerns(uow: UnitOfWork, actor: Actor, offset: int = 0, limit: int = 50) -> Page:
    """The concerns ``actor`` logged, newest first."""
    require(actor, Permission.VIEW_OWN_CONCERNS)
    with uow:
        page = uow.concerns.by_author(actor.user_id, offset, limit)
        uow.audit.record(actor, ev.ConcernsListed(len(page.items)))
        uow.commit()
    return page


@dataclass(frozen=True, slots=True)
class ConcernDetail:
    concern: Concern
    child: Child
    linked: tuple[Child, ...]


def view_concern(uow: UnitOfWork, actor: Actor, concern_id: str) -> ConcernDetail:
    """A concern: its author may read it; DSLs may read any."""
    require(actor, Permission.VIEW_OWN_CONCERNS)
    with uow:
        concern = uow.concerns.get(concern_id)
        if concern is None or (
            concern.author_id != actor.user_id and not allowed(actor.role, Permission.WORK_CASES)
        ):
            raise NotFound("no such concern")
        child = _child(uow, concern.child_id)
        linked = tuple(_child(uow, cid) for cid in concern.linked_child_ids)
        uow.audit.record(actor, ev.ConcernViewed(child.id, concern.id))
        uow.commit()
    return ConcernDetail(concern, child, linked)


def _child(uow: UnitOfWork, child_id: str) -> Child:
    child = uow.children.get(child_id)
    if child is None:
        raise NotFound("no such child")
    return child


# --- alerts -------------------------------------------------------------------------------


def ingest_scan(
    uow: UnitOfWork,
    actor: Actor,
    assessments: Sequence[Assessment],
    raw: bytes,
    now: datetime | None = None,
    origin: str = "",
) -> list[Alert]:
    """Queue an alert for every conversation a scan put at medium risk or above.

    ``origin`` names the uploaded file, shown beside each alert in the queue.
    """
    require(actor, Permission.TRIAGE_ALERTS)
    now = now or utcnow()
    alerts = alerts_from_assessments(assessments, now, origin=origin)
    with uow:
        record_alerts(uow, actor, alerts)
        digest = hashlib.sha256(raw).hexdigest()
        uow.audit.record(actor, ev.ScanUploaded(digest, len(assessments), len(alerts)))
        uow.commit()
    return alerts


def alert_queue(
    uow: UnitOfWork,
    actor: Actor,
    status: AlertStatus | None = AlertStatus.OPEN,
    offset: int = 0,
    limit: int = 50,
) -> Page:
    """Alerts in ``status`` (all if None), most serious and newest first."""
    require(actor, Permission.TRIAGE_ALERTS)
    with uow:
        page = uow.alerts.list(status, offset, limit)
        uow.audit.record(actor, ev.AlertsListed(status.value if status else "all", len(page.items)))
        uow.commit()
    return page


@dataclass(frozen=True, slots=True)
class AlertDetail:
    alert: Alert
    child: Child | None
    concern: Concern | None


def view_alert(uow: UnitOfWork, actor: Actor, alert_id: str) -> AlertDetail:
    require(actor, Permission.TRIAGE_ALERTS)
    with uow:
        alert = _alert(uow, alert_id)
        child = uow.children.get(alert.child_id) if alert.child_id else None
        concern = uow.concerns.get(alert.concern_id) if alert.concern_id else None
        uow.audit.record(actor, ev.AlertViewed(alert.id, alert.child_id))
        if concern is not None:
            uow.audit.record(actor, ev.ConcernViewed(concern.child_id, concern.id))
        uow.commit()
    return AlertDetail(alert, child, concern)


def _alert(uow: UnitOfWork, alert_id: str, open_only: bool = False) -> Alert:
    alert = uow.alerts.get(alert_id)
    if alert is None:
        raise NotFound("no such alert")
    if open_only and alert.status is not AlertStatus.OPEN:
        raise ConflictError(f"this alert was already {alert.status.value}")
    return alert


DISMISS_FIELDS = (
    FieldSpec(
        "reason",
        "Why is this a false positive?",
        "textarea",
        required=True,
        help="Required: the reason is kept and counted against the signal.",
    ),
)


def dismiss_alert(
    uow: UnitOfWork, actor: Actor, alert_id: str, form: RawForm, now: datetime | None = None
) -> Alert:
    """Dismiss an alert as a false positive; a reason is required."""
    require(actor, Permission.TRIAGE_ALERTS)
    data = clean_form(DISMISS_FIELDS, form)
    now = now or utcnow()
    with uow:
        alert = _alert(uow, alert_id, open_only=True)
        uow.alerts.triage(
            alert.id, AlertStatus.DISMISSED, actor.user_id, now, str(data["reason"]), None, None
        )
        uow.audit.record(actor, ev.AlertTriaged(alert.id, "dismissed", None))
        uow.commit()
    return replace(alert, status=AlertStatus.DISMISSED)


ESCALATE_FIELDS = (
    FieldSpec("child_name", "Child's full name", required=True, check=full_name),
    FieldSpec("title", "Case title", required=True, help="A short factual title."),
)


def escalate_alert(
    uow: UnitOfWork, actor: Actor, alert_id: str, form: RawForm, now: datetime | None = None
) -> Case:
    """Open a case from an alert; the alert becomes the case's first entry."""
    require(actor, Permission.TRIAGE_ALERTS)
    data = clean_form(ESCALATE_FIELDS, form)
    now = now or utcnow()
    with uow:
        alert = _alert(uow, alert_id, open_only=True)
        child = (
            _child(uow, alert.child_id)
            if alert.child_id
            else _find_or_add_child(uow, str(data["child_name"]), now)
        )
        case = Case(
            id=new_id(),
            child_id=child.id,
            title=str(data["title"]),
            category=alert.category,
            opened_by=actor.user_id,
            opened_at=now,
        )
        uow.cases.add(case)
        uow.audit.record(actor, ev.CaseOpened(child.id, case.id))
        _attach_alert(uow, actor, alert, case, AlertStatus.ESCALATED, now)
        uow.commit()
    return case


def merge_alert(
    uow: UnitOfWork, actor: Actor, alert_id: str, case_id: str, now: datetime | None = None
) -> Case:
    """Add an alert to an existing open case."""
    require(actor, Permission.TRIAGE_ALERTS)
    now = now or utcnow()
    with uow:
        alert = _alert(uow, alert_id, open_only=True)
        case = uow.cases.get(case_id)
        if case is None:
            raise ValidationFailed({"case_id": "choose an existing case"})
        if case.status is CaseStatus.CLOSED:
            raise ConflictError("that case is closed")
        _attach_alert(uow, actor, alert, case, AlertStatus.MERGED, now)
        uow.commit()
    return case


def _attach_alert(
    uow: UnitOfWork, actor: Actor, alert: Alert, case: Case, status: AlertStatus, now: datetime
) -> None:
    uow.alerts.triage(alert.id, status, actor.user_id, now, "", case.id, case.child_id)
    if alert.concern_id:
        uow.concerns.link_case(alert.concern_id, case.id)
    entry = Entry(
        id=new_id(),
        case_id=case.id,
        kind=EntryKind.ALERT.value,
        data={
            "alert_id": alert.id,
            "source": alert.source.value,
            "origin": alert.origin,
            **({"images": [image.to_data() for image in alert.images]} if alert.images else {}),
            "level": alert.level,
            "category": alert.category,
            "summary": alert.summary,
            "conversation_id": alert.conversation_id,
            "concern_id": alert.concern_id,
            "raised_at": alert.created_at.isoformat(),
            "how": status.value,
        },
        author_id=actor.user_id,
        author_name=actor.name,
        created_at=now,
    )
    uow.entries.add(entry)
    uow.audit.record(actor, ev.AlertTriaged(alert.id, status.value, case.id))
    uow.audit.record(actor, ev.EntryAdded(case.child_id, case.id, entry.id, entry.kind, None))


def signal_stats(uow: UnitOfWork, actor: Actor) -> Sequence[tuple[str, int, int, int]]:
    """Per-signal alert volumes and how each was triaged, noisiest first."""
    require(actor, Permission.TRIAGE_ALERTS)
    with uow:
        return uow.alerts.signal_stats()


# --- cases --------------------------------------------------------------------------------


def case_list(
    uow: UnitOfWork,
    actor: Actor,
    status: CaseStatus | None = CaseStatus.OPEN,
    offset: int = 0,
    limit: int = 50,
) -> Page:
    require(actor, Permission.WORK_CASES)
    with uow:
        page = uow.cases.list(status, offset, limit)
        uow.audit.record(actor, ev.CasesListed(status.value if status else "all", len(page.items)))
        uow.commit()
    return page


def open_case_choices(uow: UnitOfWork, actor: Actor, limit: int = 200) -> list[tuple[str, str]]:
    """(case id, label) of open cases, for the merge control."""
    require(actor, Permission.TRIAGE_ALERTS)
    with uow:
        page = uow.cases.list(CaseStatus.OPEN, 0, limit)
        out = []
        for case in page.items:
            child = uow.children.get(case.child_id)
            out.append((case.id, f"{child.full_name if child else '?'}: {case.title}"))
        return out


def view_case(uow: UnitOfWork, actor: Actor, case_id: str, now: datetime | None = None) -> CaseView:
    """The case page; reading it is recorded in the audit trail."""
    require(actor, Permission.WORK_CASES)
    now = now or utcnow()
    with uow:
        view = _case_view(uow, case_id, now)
        uow.audit.record(actor, ev.CaseViewed(view.child.id, case_id))
        uow.commit()
    return view


def _case_view(uow: UnitOfWork, case_id: str, now: datetime) -> CaseView:
    case = uow.cases.get(case_id)
    if case is None:
        raise NotFound("no such case")
    child = _child(uow, case.child_id)
    entries = uow.entries.for_case(case.id)
    concerns = [c for c in uow.concerns.for_child(child.id) if c.case_id == case.id]
    alerts = [a for a in uow.alerts.for_child(child.id) if a.case_id == case.id]
    setting = uow.settings.get()
    images = case.category in load_taxonomy().image_categories
    return build_case_view(
        case,
        child,
        entries,
        concerns,
        alerts,
        now,
        jurisdiction=setting.jurisdiction,
        images_expected=images,
    )


CORRECTION_FIELDS = (
    FieldSpec(
        "correction_reason",
        "Why are you correcting this entry?",
        "textarea",
        required=True,
        help="The original stays in the record; your correction is added as a new version.",
    ),
)


@dataclass(frozen=True, slots=True)
class EntryResult:
    entry: Entry
    view: CaseView


def add_entry(
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    kind: str,
    form: RawForm,
    now: datetime | None = None,
    supersedes: str | None = None,
) -> EntryResult:
    """Append an entry (or a correction of one) and re-check the UKCIS triggers."""
    require(actor, Permission.WORK_CASES)
    try:
        spec = entry_form(kind)
    except ValueError:
        raise NotFound(f"no entry kind {kind!r}") from None
    if not spec.written_by_people:
        raise NotPermitted("this kind of entry is written by the system")
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    try:
        data = spec.clean(form)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    reason = ""
    if supersedes is not None:
        try:
            reason = str(clean_form(CORRECTION_FIELDS, form)["correction_reason"])
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if spec.kind is EntryKind.VIEWING and data.get("decision") == "exception":
        viewer, present = data.get("viewer"), data.get("present")
        if viewer and present and str(viewer).casefold() == str(present).casefold():
            errors["present"] = "another member of staff must be present"
    if errors:
        raise ValidationFailed(errors)
    now = now or utcnow()
    with uow:
        case = uow.cases.get(case_id)
        if case is None:
            raise NotFound("no such case")
        if case.status is CaseStatus.CLOSED:
            raise ConflictError("this case is closed; open a new case to record more")
        version = 1
        if supersedes is not None:
            old = uow.entries.get(supersedes)
            if old is None or old.case_id != case.id:
                raise NotFound("no such entry in this case")
            if old.kind != kind:
                raise ValidationFailed({"kind": "a correction keeps the kind of the entry"})
            later = [e for e in uow.entries.for_case(case.id) if e.supersedes == old.id]
            if later:
                raise ConflictError("this version was already corrected; correct the latest")
            version = old.version + 1
        entry = Entry(
            id=new_id(),
            case_id=case.id,
            kind=kind,
            data=data,
            author_id=actor.user_id,
            author_name=actor.name,
            created_at=now,
            supersedes=supersedes,
            correction_reason=reason,
            version=version,
        )
        uow.entries.add(entry)
        uow.audit.record(actor, ev.EntryAdded(case.child_id, case.id, entry.id, kind, supersedes))
        if spec.kind is EntryKind.CLOSURE:
            uow.cases.close(case.id, now, str(data["outcome"]))
            uow.audit.record(actor, ev.CaseClosed(case.child_id, case.id, str(data["outcome"])))
        view = _case_view(uow, case.id, now)
        uow.commit()
    return EntryResult(entry, view)


IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"RIFF", b"BM", b"\x00\x00\x00")
IMAGE_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".heic", ".heif", ".tif", ".tiff",
    ".mp4", ".mov", ".avi", ".webm", ".3gp",
)  # fmt: skip


def looks_like_image_or_video(filename: str, content_type: str, head: bytes) -> bool:
    """Whether an upload is (or claims to be) an image or video."""
    kind = content_type.split(";")[0].strip().lower()
    return (
        kind.startswith(("image/", "video/"))
        or filename.lower().endswith(IMAGE_SUFFIXES)
        or head.startswith(IMAGE_MAGIC)
    )


def refuse_image(uow: UnitOfWork, actor: Actor, case_id: str, content_type: str) -> None:
    """Record that an image was offered for a case, then refuse it; nothing is kept."""
    with uow:
        uow.audit.record(actor, ev.ImageRefusedEvent(case_id, content_type[:80]))
        uow.commit()
    raise ImageRefused()


# --- children -----------------------------------------------------------------------------


def children_list(
    uow: UnitOfWork, actor: Actor, query: str = "", offset: int = 0, limit: int = 50
) -> Page:
    require(actor, Permission.WORK_CASES)
    with uow:
        page = uow.children.list(offset, limit, query.strip())
        uow.audit.record(actor, ev.ChildrenListed(len(page.items)))
        uow.commit()
    return page
