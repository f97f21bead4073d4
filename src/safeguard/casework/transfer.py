"""Transfer a child's CP file between settings: export with a checksum, import with a receipt."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from safeguard.casework import events as ev
from safeguard.casework.chronology import build_chronology
from safeguard.casework.cp_file import build_document, validate_document
from safeguard.casework.errors import ConflictError, NotFound, ValidationFailed
from safeguard.casework.handlers import require
from safeguard.casework.ports import UnitOfWork
from safeguard.casework.records import (
    Actor,
    Case,
    CaseStatus,
    Child,
    Entry,
    TransferReceipt,
    new_id,
    utcnow,
)
from safeguard.casework.roles import Permission


def export_cp_file(
    uow: UnitOfWork, actor: Actor, child_id: str, fmt: str = "json", now: datetime | None = None
) -> dict[str, Any]:
    """The child's whole CP file as a ``safeguard-cp-file`` document (export is audited)."""
    require(actor, Permission.TRANSFER_FILES)
    now = now or utcnow()
    with uow:
        child = uow.children.get(child_id)
        if child is None:
            raise NotFound("no such child")
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
        chronology = build_chronology(child, concerns, alerts, cases, entries)
        document = build_document(
            uow.settings.get(), child, concerns, authors, names, cases, entries, chronology, now,
            actor.name,
        )  # fmt: skip
        uow.audit.record(actor, ev.CpFileExported(child.id, fmt, document["sha256"]))
        uow.commit()
    return document


def _time(text: Any) -> datetime:
    value = datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError("timestamps must carry a time zone")
    return value


def import_cp_file(
    uow: UnitOfWork, actor: Actor, raw: bytes, now: datetime | None = None
) -> TransferReceipt:
    """Import a CP file from another setting; returns the receipt to send back."""
    require(actor, Permission.TRANSFER_FILES)
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed({"file": f"not a JSON file ({exc})"}) from None
    document = validate_document(parsed)
    now = now or utcnow()
    source = str(document["source_setting"].get("name", "unknown setting"))
    try:
        with uow:
            if uow.transfers.by_sha256(document["sha256"], "in") is not None:
                raise ConflictError("this exact file has already been imported")
            info = document["child"]
            child = Child(new_id(), " ".join(str(info["full_name"]).split()), created_at=now)
            uow.children.add(child)
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
            receipt = TransferReceipt(
                id=new_id(),
                direction="in",
                child_id=child.id,
                sha256=document["sha256"],
                other_setting=source,
                at=now,
                details={
                    "receipt_for": document["sha256"],
                    "child": child.full_name,
                    "from": source,
                    "received_by": actor.name,
                    "received_at": now.isoformat(),
                    "receiving_setting": uow.settings.get().name,
                    "cases": case_count,
                    "entries": entry_count,
                    "concerns": len(document["concerns"]),
                },
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


def receipt_for(uow: UnitOfWork, actor: Actor, receipt_id: str) -> TransferReceipt:
    require(actor, Permission.TRANSFER_FILES)
    with uow:
        receipt = uow.transfers.get(receipt_id)
    if receipt is None:
        raise NotFound("no such receipt")
    return receipt
