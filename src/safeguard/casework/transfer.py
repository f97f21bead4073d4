"""Transfer a child's CP file to a new setting, from the move to the confirmed receipt.

The sending DSL records the move (which gives the deadline: PRACTICE.md B11), downloads the
signed file, records how and when it was sent, and records the receipt when it comes back.
The receiving DSL imports the file with the transfer code (which checks its signature) and
gets a signed receipt to send back. Every step is audited.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

from safeguard.casework import events as ev
from safeguard.casework import signing
from safeguard.casework.chronology import Chronology, ChronologyItem, build_chronology
from safeguard.casework.cp_file import (
    RECEIPT_FORMAT,
    RECEIPT_VERSION,
    build_document,
    receipt_document,
    validate_document,
)
from safeguard.casework.errors import ConflictError, NotFound, ValidationFailed
from safeguard.casework.fields import FieldSpec, clean_form
from safeguard.casework.handlers import RawForm, require
from safeguard.casework.ports import UnitOfWork
from safeguard.casework.record_rules import (
    TRANSFER_RULES,
    RecordRule,
    TransferState,
    last_unchased_day,
    transfer_due,
    transfer_state,
)
from safeguard.casework.records import (
    Actor,
    Case,
    CaseStatus,
    Child,
    Entry,
    MoveKind,
    OutgoingTransfer,
    Page,
    TransferReceipt,
    TransferStatus,
    new_id,
    utcnow,
)
from safeguard.casework.roles import Permission

MOVES: tuple[tuple[str, str], ...] = (
    (MoveKind.IN_YEAR.value, "In-year move: the child left during a term"),
    (MoveKind.NEW_TERM.value, "At the start of a new term (e.g. moving on to secondary school)"),
)

# Secure routes only: never ordinary post, never the parents as couriers (PRACTICE.md B11 [95]).
ROUTES: tuple[tuple[str, str], ...] = (
    ("secure_system", "A secure transfer system (e.g. the local authority's, or Egress)"),
    ("encrypted_email", "Encrypted email to the new setting's DSL"),
    ("by_hand", "Handed over in person by a member of staff to the new DSL"),
)

START_FIELDS = (
    FieldSpec("new_setting", "New school or setting", required=True),
    FieldSpec(
        "new_setting_contact",
        "Their DSL, and how to reach them",
        help="Name, phone and secure email of the DSL who will receive the file.",
    ),
    FieldSpec("move", "When is the child moving?", "select", required=True, choices=MOVES),
    FieldSpec(
        "starts_on",
        "Date the child left (in-year) or first day of the new term",
        "date",
        required=True,
    ),
    FieldSpec(
        "shared_before_move",
        "Have you considered sharing information with the new DSL before the move?",
        "yesno",
        required=True,
        help="For example a call to their DSL about what the child needs from day one. "
        "Parents cannot block the transfer.",
    ),
    FieldSpec("notes", "Notes (optional)", "textarea"),
)

SENT_FIELDS = (
    FieldSpec(
        "route",
        "How was it sent?",
        "select",
        required=True,
        choices=ROUTES,
        help="Never by ordinary post or with the parents. Give the transfer code by a "
        "different route from the file, e.g. read it out on the phone to their DSL.",
    ),
    FieldSpec("sent_on", "Sent on", "date", required=True),
)

ACK_FIELDS = (
    FieldSpec(
        "acknowledged_by",
        "Who confirmed receipt (name and role)",
        required=True,
        help="Use this when the new setting cannot send a signed receipt file.",
    ),
    FieldSpec("acknowledged_on", "Confirmed on", "date", required=True),
    FieldSpec(
        "how",
        "How they confirmed it",
        required=True,
        help="e.g. an email from their DSL, or a phone call you made to them",
    ),
)

IMPORT_FIELDS = (
    FieldSpec(
        "code",
        "Transfer code",
        required=True,
        help="Six groups of four letters and digits, given to you by the sending DSL by phone "
        "or another route separate from the file.",
    ),
)


def _today(now: datetime) -> date:
    return now.astimezone(UTC).date()


def _not_future(value: Any, today: date, field: str, errors: dict[str, str]) -> date | None:
    if value is None:
        return None
    day = date.fromisoformat(str(value))
    if day > today:
        errors[field] = "this date is in the future"
    return day


# --- the sending setting ------------------------------------------------------------------


def start_transfer(
    uow: UnitOfWork, actor: Actor, child_id: str, form: RawForm, now: datetime | None = None
) -> OutgoingTransfer:
    """Record that a child is moving to a new setting; the file's deadline follows from it."""
    require(actor, Permission.TRANSFER_FILES)
    data = clean_form(START_FIELDS, form)
    now = now or utcnow()
    move = MoveKind(str(data["move"]))
    starts_on = date.fromisoformat(str(data["starts_on"]))
    with uow:
        child = uow.children.get(child_id)
        if child is None:
            raise NotFound("no such child")
        transfer = OutgoingTransfer(
            id=new_id(),
            child_id=child.id,
            new_setting=" ".join(str(data["new_setting"]).split()),
            move=move,
            starts_on=starts_on,
            due_on=transfer_due(move, starts_on),
            status=TransferStatus.TO_SEND,
            recorded_by=actor.user_id,
            recorded_at=now,
            details={
                "contact": str(data.get("new_setting_contact") or ""),
                "shared_before_move": data["shared_before_move"] == "yes",
                "notes": str(data.get("notes") or ""),
                "recorded_by_name": actor.name,
                "files": [],
            },
        )
        uow.transfers.add_outgoing(transfer)
        uow.audit.record(
            actor,
            ev.TransferStarted(child.id, transfer.id, move.value, transfer.due_on.isoformat()),
        )
        uow.commit()
    return transfer


@dataclass(frozen=True, slots=True)
class TransferDetail:
    """What the transfer page shows."""

    transfer: OutgoingTransfer
    child: Child
    state: TransferState
    code: str  # the transfer code, for the receiving DSL
    rules: tuple[RecordRule, ...]

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.transfer.details.get("files") or [])

    @property
    def receipt(self) -> dict[str, Any]:
        return dict(self.transfer.details.get("receipt") or {})


def _outgoing(uow: UnitOfWork, transfer_id: str) -> OutgoingTransfer:
    transfer = uow.transfers.get_outgoing(transfer_id)
    if transfer is None:
        raise NotFound("no such transfer")
    return transfer


def _detail(uow: UnitOfWork, transfer: OutgoingTransfer, now: datetime) -> TransferDetail:
    child = uow.children.get(transfer.child_id)
    if child is None:
        raise NotFound("no such child")
    key = signing.transfer_key(uow.settings.signing_key(), transfer.id)
    state = transfer_state(transfer, _today(now))
    return TransferDetail(transfer, child, state, signing.transfer_code(key), TRANSFER_RULES)


def view_transfer(
    uow: UnitOfWork, actor: Actor, transfer_id: str, now: datetime | None = None
) -> TransferDetail:
    """One outgoing transfer, with its deadline or chase warning and its code (audited)."""
    require(actor, Permission.TRANSFER_FILES)
    now = now or utcnow()
    with uow:
        transfer = _outgoing(uow, transfer_id)
        detail = _detail(uow, transfer, now)
        uow.audit.record(actor, ev.TransferViewed(transfer.child_id, transfer.id))
        uow.commit()
    return detail


@dataclass(frozen=True, slots=True)
class TransferLine:
    transfer: OutgoingTransfer
    child_name: str
    state: TransferState


def transfer_list(
    uow: UnitOfWork,
    actor: Actor,
    open_only: bool = True,
    offset: int = 0,
    limit: int = 50,
    now: datetime | None = None,
) -> Page:
    """Outgoing transfers, earliest deadline first, each with its state (audited)."""
    require(actor, Permission.TRANSFER_FILES)
    today = _today(now or utcnow())
    with uow:
        page = uow.transfers.outgoing(offset, limit, open_only)
        lines = []
        for transfer in page.items:
            child = uow.children.get(transfer.child_id)
            name = child.full_name if child else "unknown"
            lines.append(TransferLine(transfer, name, transfer_state(transfer, today)))
        uow.audit.record(actor, ev.TransfersListed(len(lines)))
        uow.commit()
    return replace(page, items=tuple(lines))


def transfers_needing_action(uow: UnitOfWork, now: datetime | None = None) -> int:
    """How many transfers are overdue or need chasing (a count only: no record is read)."""
    today = _today(now or utcnow())
    with uow:
        return uow.transfers.count_needing_action(today, last_unchased_day(today))


def with_transfers(
    chronology: Chronology,
    transfers: tuple[OutgoingTransfer, ...],
    receipts: tuple[TransferReceipt, ...],
) -> Chronology:
    """The chronology with the CP file's transfers in and out added."""
    items = list(chronology.items)
    for t in transfers:
        items.append(
            ChronologyItem(t.recorded_at, "transfer", f"Moving to {t.new_setting}", "", None)
        )
        if t.sent_at is not None:
            items.append(
                ChronologyItem(t.sent_at, "transfer", f"CP file sent to {t.new_setting}", "")
            )
        if t.acknowledged_at is not None:
            items.append(
                ChronologyItem(
                    t.acknowledged_at, "transfer", f"{t.new_setting} confirmed receipt", ""
                )
            )
    for r in receipts:
        items.append(
            ChronologyItem(r.at, "transfer", f"CP file received from {r.other_setting}", "")
        )
    items.sort(key=lambda item: item.at)
    return replace(chronology, items=tuple(items))


def export_cp_file(
    uow: UnitOfWork,
    actor: Actor,
    child_id: str,
    fmt: str = "json",
    now: datetime | None = None,
    transfer_id: str | None = None,
) -> dict[str, Any]:
    """The child's whole CP file as a signed ``safeguard-cp-file`` document (audited).

    With ``transfer_id`` the file is signed with that transfer's key and recorded on the
    transfer as prepared; without it, it is a print copy for the setting's own use.
    """
    require(actor, Permission.TRANSFER_FILES)
    now = now or utcnow()
    with uow:
        child = uow.children.get(child_id)
        if child is None:
            raise NotFound("no such child")
        transfer = None
        if transfer_id is not None:
            transfer = _outgoing(uow, transfer_id)
            if transfer.child_id != child.id:
                raise NotFound("no such transfer for this child")
        concerns = uow.concerns.for_child(child.id)
        cases = uow.cases.for_child(child.id)
        entries = {case.id: uow.entries.for_case(case.id) for case in cases}
        alerts = uow.alerts.for_child(child.id)
        authors = {u.id: u.display_name for u in uow.users.list()}
        names = {
            cid: (c.full_name if (c := uow.children.get(cid)) else "unknown")
            for concern in concerns
            for cid in concern.linked_child_ids
        }
        chronology = with_transfers(
            build_chronology(child, concerns, alerts, cases, entries),
            tuple(uow.transfers.outgoing_for_child(child.id)),
            tuple(uow.transfers.receipts_for_child(child.id)),
        )
        document = build_document(
            uow.settings.get(), child, concerns, authors, names, cases, entries, chronology, now,
            actor.name, export_id=transfer.id if transfer else new_id(),
            root_key=uow.settings.signing_key(), transfer=transfer,
        )  # fmt: skip
        if transfer is not None:
            prepared = {"sha256": document["sha256"], "format": fmt, "at": now.isoformat()}
            files = [*transfer.details.get("files", []), {**prepared, "by": actor.name}]
            uow.transfers.update_outgoing(
                replace(transfer, details={**transfer.details, "files": files})
            )
        uow.audit.record(actor, ev.CpFileExported(child.id, fmt, document["sha256"]))
        uow.commit()
    return document


def transfer_file(
    uow: UnitOfWork, actor: Actor, transfer_id: str, fmt: str, now: datetime | None = None
) -> dict[str, Any]:
    """The signed CP file for an outgoing transfer (see ``export_cp_file``)."""
    require(actor, Permission.TRANSFER_FILES)
    with uow:
        child_id = _outgoing(uow, transfer_id).child_id
    return export_cp_file(uow, actor, child_id, fmt, now, transfer_id=transfer_id)


def mark_sent(
    uow: UnitOfWork, actor: Actor, transfer_id: str, form: RawForm, now: datetime | None = None
) -> OutgoingTransfer:
    """Record how and when the file last prepared for this transfer was sent."""
    require(actor, Permission.TRANSFER_FILES)
    now = now or utcnow()
    data = clean_form(SENT_FIELDS, form)
    errors: dict[str, str] = {}
    sent_on = _not_future(data["sent_on"], _today(now), "sent_on", errors)
    with uow:
        transfer = _outgoing(uow, transfer_id)
        files = transfer.details.get("files") or []
        if not files:
            errors["file"] = "download the CP file (JSON or PDF) for this transfer first"
        if errors:
            raise ValidationFailed(errors)
        if transfer.status is TransferStatus.RECEIVED:
            raise ConflictError("the new setting has already confirmed receipt")
        assert sent_on is not None
        last = files[-1]
        details = {
            **transfer.details,
            "route": str(data["route"]),
            "sent_by": actor.name,
            "sent_sha256": last["sha256"],
            "sent_format": last["format"],
        }
        sent = replace(
            transfer,
            status=TransferStatus.SENT,
            sent_at=datetime.combine(sent_on, time(12, 0), tzinfo=UTC),
            details=details,
        )
        uow.transfers.update_outgoing(sent)
        uow.audit.record(
            actor, ev.TransferSent(sent.child_id, sent.id, last["sha256"], str(data["route"]))
        )
        uow.commit()
    return sent


def _receipt_from_file(raw: bytes, transfer: OutgoingTransfer, key: bytes) -> dict[str, Any]:
    try:
        receipt = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed({"receipt": f"not a JSON file ({exc})"}) from None
    if not isinstance(receipt, dict) or receipt.get("format") != RECEIPT_FORMAT:
        raise ValidationFailed({"receipt": f"expected a {RECEIPT_FORMAT} file"})
    if receipt.get("version") != RECEIPT_VERSION:
        raise ValidationFailed({"receipt": f"this version reads receipt version {RECEIPT_VERSION}"})
    if receipt.get("export_id") != transfer.id:
        raise ValidationFailed({"receipt": "this receipt is for a different transfer"})
    sent = {f["sha256"] for f in transfer.details.get("files") or []}
    if receipt.get("receipt_for") not in sent:
        raise ValidationFailed(
            {"receipt": "this receipt names a file this transfer never prepared"}
        )
    if not signing.signature_matches(key, receipt):
        raise ValidationFailed(
            {"receipt": "the receipt's signature does not match: it was changed, or it was not "
             "made with this transfer's code"}
        )  # fmt: skip
    return receipt


def record_receipt(
    uow: UnitOfWork,
    actor: Actor,
    transfer_id: str,
    raw: bytes | None,
    form: RawForm,
    now: datetime | None = None,
) -> OutgoingTransfer:
    """Record the new setting's confirmation of receipt.

    Either ``raw`` is their signed receipt file (checked against this transfer's key and the
    files it sent), or ``form`` says who confirmed it, when and how (not signed).
    """
    require(actor, Permission.TRANSFER_FILES)
    now = now or utcnow()
    manual: dict[str, Any] = {}
    if raw is None:
        manual = clean_form(ACK_FIELDS, form)
        errors: dict[str, str] = {}
        _not_future(manual["acknowledged_on"], _today(now), "acknowledged_on", errors)
        if errors:
            raise ValidationFailed(errors)
    with uow:
        transfer = _outgoing(uow, transfer_id)
        if transfer.status is TransferStatus.TO_SEND:
            raise ConflictError("record how and when the file was sent first")
        if transfer.status is TransferStatus.RECEIVED:
            raise ConflictError("receipt was already confirmed")
        if raw is not None:
            key = signing.transfer_key(uow.settings.signing_key(), transfer.id)
            signed = _receipt_from_file(raw, transfer, key)
            at = datetime.fromisoformat(str(signed.get("received_at")))
            receipt = {
                "verified": True,
                "acknowledged_by": str(signed.get("received_by", "")),
                "receiving_setting": str(signed.get("receiving_setting", "")),
                "acknowledged_at": at.isoformat(),
                "receipt_id": str(signed.get("id", "")),
                "receipt_for": signed["receipt_for"],
                "how": "signed receipt file",
            }
        else:
            at = datetime.combine(
                date.fromisoformat(str(manual["acknowledged_on"])), time(12, 0), tzinfo=UTC
            )
            receipt = {
                "verified": False,
                "acknowledged_by": str(manual["acknowledged_by"]),
                "acknowledged_at": at.isoformat(),
                "how": str(manual["how"]),
            }
        receipt["recorded_by"] = actor.name
        done = replace(
            transfer,
            status=TransferStatus.RECEIVED,
            acknowledged_at=at if at.tzinfo else at.replace(tzinfo=UTC),
            details={**transfer.details, "receipt": receipt},
        )
        uow.transfers.update_outgoing(done)
        uow.audit.record(
            actor, ev.TransferReceiptRecorded(done.child_id, done.id, bool(receipt["verified"]))
        )
        uow.commit()
    return done


# --- the receiving setting ----------------------------------------------------------------


def _time(text: Any) -> datetime:
    value = datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError("timestamps must carry a time zone")
    return value


def _date(text: Any) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def import_cp_file(
    uow: UnitOfWork, actor: Actor, raw: bytes, code: str, now: datetime | None = None
) -> TransferReceipt:
    """Import a CP file from another setting, checking it with the transfer code.

    Returns the receipt (signed with the same code) for the sending setting.
    """
    require(actor, Permission.TRANSFER_FILES)
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed({"file": f"not a JSON file ({exc})"}) from None
    document = validate_document(parsed)
    key = signing.parse_code(code)
    if key is None:
        raise ValidationFailed(
            {"code": "enter the transfer code the sending DSL gave you: six groups of four "
             "letters and digits"}
        )  # fmt: skip
    if not signing.signature_matches(key, document):
        raise ValidationFailed(
            {"code": "this code does not match the file. Check the code with the sending DSL; "
             "if it is right, the file was altered and must not be used"}
        )  # fmt: skip
    now = now or utcnow()
    source = str(document["source_setting"].get("name", "unknown setting"))
    try:
        with uow:
            if uow.transfers.by_sha256(document["sha256"], "in") is not None:
                raise ConflictError("this exact file has already been imported")
            info = document["child"]
            child = Child(
                new_id(),
                " ".join(str(info["full_name"]).split()),
                date_of_birth=_date(info.get("date_of_birth")),
                year_group=str(info.get("year_group") or ""),
                created_at=now,
            )
            uow.children.add(child)
            case_count, entry_count = _import_records(uow, actor, document, child, source, now)
            receipt_id = new_id()
            details: Mapping[str, Any] = {
                "child": child.full_name,
                "from": source,
                "received_by": actor.name,
                "received_at": now.isoformat(),
                "receiving_setting": uow.settings.get().name,
                "cases": case_count,
                "entries": entry_count,
                "concerns": len(document["concerns"]),
            }
            receipt = TransferReceipt(
                id=receipt_id,
                direction="in",
                child_id=child.id,
                sha256=document["sha256"],
                other_setting=source,
                at=now,
                details=receipt_document(receipt_id, document, details, key),
            )
            uow.transfers.add(receipt)
            uow.audit.record(
                actor,
                ev.CpFileImported(child.id, document["sha256"], source, case_count, entry_count),
            )
            uow.commit()
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed({"file": f"a record in the file is invalid ({exc})"}) from None
    return receipt


def _import_records(
    uow: UnitOfWork,
    actor: Actor,
    document: Mapping[str, Any],
    child: Child,
    source: str,
    now: datetime,
) -> tuple[int, int]:
    case_count = entry_count = 0
    for old in document["cases"]:
        case = Case(
            id=new_id(),
            child_id=child.id,
            title=str(old["title"]),
            category=str(old.get("category") or "other"),
            opened_by=actor.user_id,
            opened_at=_time(old["opened_at"]),
            status=CaseStatus(old.get("status") or "open"),
            closed_at=_time(old["closed_at"]) if old.get("closed_at") else None,
            outcome=str(old.get("outcome") or ""),
            imported_from=source,
        )
        uow.cases.add(case)
        case_count += 1
        ids: dict[str, str] = {}
        for item in old["entries"]:
            ids[item["id"]] = new_id()
            uow.entries.add(
                Entry(
                    id=ids[item["id"]],
                    case_id=case.id,
                    kind=item["kind"],
                    data=dict(item["data"]),
                    author_id="imported",
                    author_name=f"{item.get('author', 'unknown')} ({source})",
                    created_at=_time(item["created_at"]),
                    supersedes=ids.get(item.get("supersedes") or ""),
                    correction_reason=str(item.get("correction_reason") or ""),
                    version=int(item.get("version") or 1),
                )
            )
            entry_count += 1
    if document["concerns"]:
        # Concerns arrive as one case of notes: their authors are not users here.
        holder = Case(
            new_id(), child.id, f"Concerns recorded at {source}", "other",
            actor.user_id, now, CaseStatus.CLOSED, now, "child_left", source,
        )  # fmt: skip
        uow.cases.add(holder)
        for concern in document["concerns"]:
            author = f"{concern.get('author', 'unknown')} ({source})"
            data = {
                "text": concern["account"],
                "opinion": concern.get("opinion", ""),
                "category": concern["category"],
                "original_author": concern.get("author", "unknown"),
                "dsl_told_in_person": concern.get("dsl_told_in_person"),
            }
            when = _time(concern["created_at"])
            note = Entry(new_id(), holder.id, "note", data, "imported", author, when)
            uow.entries.add(note)
            entry_count += 1
    return case_count, entry_count


def receipt_for(uow: UnitOfWork, actor: Actor, receipt_id: str) -> TransferReceipt:
    """A receipt issued on import (reading it is audited)."""
    require(actor, Permission.TRANSFER_FILES)
    with uow:
        receipt = uow.transfers.get(receipt_id)
        if receipt is None:
            raise NotFound("no such receipt")
        uow.audit.record(actor, ev.ReceiptViewed(receipt.child_id, receipt.id))
        uow.commit()
    return receipt


__all__ = [
    "ACK_FIELDS",
    "IMPORT_FIELDS",
    "ROUTES",
    "SENT_FIELDS",
    "START_FIELDS",
    "TransferDetail",
    "TransferLine",
    "export_cp_file",
    "import_cp_file",
    "mark_sent",
    "receipt_for",
    "record_receipt",
    "start_transfer",
    "transfer_file",
    "transfer_list",
    "transfers_needing_action",
    "view_transfer",
    "with_transfers",
]
