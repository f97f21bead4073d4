"""The open child-protection file format (``safeguard-cp-file`` version 2).

A JSON document holding one child's whole safeguarding record: concerns, cases with every
entry version, and the chronology. It is tamper-evident:

- ``manifest`` maps each section (``child``, ``transfer``, ``concerns``, ``cases/<id>``,
  ``chronology``, ``attachments``) to the SHA-256 of its canonical JSON, so a damaged or altered
  section is named;
- ``sha256`` covers the canonical JSON of everything but itself and ``signature``;
- ``signature`` is an HMAC-SHA256 over everything but itself, with the transfer's key (see
  ``signing``): only someone holding the transfer code can check it, and nobody without the
  sending setting's key can forge it.

Images are never included: the ``attachments`` manifest lists facts and hashes only. The JSON
Schema is in ``docs/cp-file.schema.json``; the format is described in ``docs/cp-file.md``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from safeguard.casework import signing
from safeguard.casework.chronology import Chronology
from safeguard.casework.entries import EntryKind
from safeguard.casework.errors import ValidationFailed
from safeguard.casework.record_rules import retain_until
from safeguard.casework.records import Case, Child, Concern, Entry, OutgoingTransfer, Setting

FORMAT = "safeguard-cp-file"
VERSION = 2
RECEIPT_FORMAT = "safeguard-cp-receipt"
RECEIPT_VERSION = 2
_SECTIONS = ("child", "transfer", "concerns", "chronology", "attachments")


def canonical_json(document: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes ``sha256`` covers."""
    return signing.canonical(document, "sha256", "signature")


def checksum(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()


def manifest(document: Mapping[str, Any]) -> dict[str, str]:
    """SHA-256 of each section of ``document``, so a changed section can be named."""
    out = {name: signing.digest(document.get(name)) for name in _SECTIONS}
    for case in document.get("cases") or []:
        case_id = case.get("id") if isinstance(case, dict) else None
        out[f"cases/{case_id}"] = signing.digest(case)
    return out


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "data": entry.data,
        "author": entry.author_name,
        "created_at": entry.created_at.isoformat(),
        "supersedes": entry.supersedes,
        "correction_reason": entry.correction_reason,
        "version": entry.version,
    }


def build_document(
    setting: Setting,
    child: Child,
    concerns: Sequence[Concern],
    author_names: Mapping[str, str],
    child_names: Mapping[str, str],
    cases: Sequence[Case],
    entries: Mapping[str, Sequence[Entry]],
    chronology: Chronology,
    exported_at: datetime,
    exported_by: str,
    *,
    export_id: str,
    root_key: bytes,
    transfer: OutgoingTransfer | None = None,
) -> dict[str, Any]:
    """The signed export document for ``child``.

    ``export_id`` is the transfer's id when the file goes to a new setting (its transfer code
    then checks the signature) or a fresh id for a print copy.
    """
    attachments = [
        {
            "case_id": case.id,
            "entry_id": e.id,
            "item": e.data.get("item"),
            "sha256": e.data.get("sha256"),
            "md5": e.data.get("md5"),
            "pdq": e.data.get("pdq"),
        }
        for case in cases
        for e in entries.get(case.id, ())
        if e.kind == EntryKind.EVIDENCE.value
    ]
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "export_id": export_id,
        "exported_at": exported_at.isoformat(),
        "exported_by": exported_by,
        "source_setting": {"name": setting.name, "jurisdiction": setting.jurisdiction},
        "child": {
            "id": child.id,
            "full_name": child.full_name,
            "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
            "year_group": child.year_group,
            "retain_until": (
                retain_until(child.date_of_birth).isoformat() if child.date_of_birth else None
            ),
        },
        "transfer": (
            {
                "new_setting": transfer.new_setting,
                "move": transfer.move.value,
                "starts_on": transfer.starts_on.isoformat(),
                "due_on": transfer.due_on.isoformat(),
            }
            if transfer is not None
            else None
        ),
        "concerns": [
            {
                "id": c.id,
                "category": c.category,
                "account": c.account,
                "opinion": c.opinion,
                "dsl_told_in_person": c.dsl_told_in_person,
                "device_secured": c.device_secured,
                "device_notes": c.device_notes,
                "created_at": c.created_at.isoformat(),
                "author": author_names.get(c.author_id, "unknown"),
                "subject": c.child_id == child.id,
                "linked_children": [child_names.get(i, "unknown") for i in c.linked_child_ids],
                "case_id": c.case_id,
            }
            for c in concerns
        ],
        "cases": [
            {
                "id": case.id,
                "title": case.title,
                "category": case.category,
                "status": case.status.value,
                "opened_at": case.opened_at.isoformat(),
                "closed_at": case.closed_at.isoformat() if case.closed_at else None,
                "outcome": case.outcome,
                "imported_from": case.imported_from,
                "entries": [_entry(e) for e in entries.get(case.id, ())],
            }
            for case in cases
        ],
        "chronology": [
            {"at": item.at.isoformat(), "kind": item.kind, "title": item.title}
            for item in chronology.items
        ],
        "attachments": attachments,
    }
    document["manifest"] = manifest(document)
    document["sha256"] = checksum(document)
    document["signature"] = {
        **signing.sign(signing.transfer_key(root_key, export_id), document),
        "key_id": signing.key_id(root_key),
    }
    return document


def _need(
    obj: Any, key: str, kind: type | tuple[type, ...], where: str, errors: dict[str, str]
) -> Any:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind):
        errors[f"{where}{key}"] = "missing or of the wrong type"
        return None
    return value


def validate_document(raw: Any) -> dict[str, Any]:
    """Check an uploaded document's shape, manifest and checksum (not yet its signature).

    ValidationFailed names each problem: a missing field, a section changed since export, a
    checksum that does not match.
    """
    errors: dict[str, str] = {}
    if not isinstance(raw, dict):
        raise ValidationFailed({"file": "expected a JSON object (a safeguard-cp-file)"})
    if raw.get("format") != FORMAT:
        raise ValidationFailed({"format": f"expected {FORMAT!r}"})
    if raw.get("version") == 1:
        raise ValidationFailed(
            {"version": "version 1 files carry no signature: ask the sending setting to export "
             "the file again from a transfer"}
        )  # fmt: skip
    if raw.get("version") != VERSION:
        raise ValidationFailed({"version": f"this version reads version {VERSION} only"})
    for key, kind in (
        ("export_id", str),
        ("exported_at", str),
        ("source_setting", dict),
        ("child", dict),
        ("concerns", list),
        ("cases", list),
        ("manifest", dict),
        ("sha256", str),
        ("signature", dict),
    ):
        _need(raw, key, kind, "", errors)
    child = raw.get("child") or {}
    _need(child, "full_name", str, "child.", errors)
    for i, concern in enumerate(raw.get("concerns") or []):
        for key, kind in (("category", str), ("account", str), ("created_at", str)):
            _need(concern, key, kind, f"concerns[{i}].", errors)
    for i, case in enumerate(raw.get("cases") or []):
        for key, kind in (("id", str), ("title", str), ("opened_at", str), ("entries", list)):
            _need(case, key, kind, f"cases[{i}].", errors)
        for j, entry in enumerate((case or {}).get("entries") or []):
            where = f"cases[{i}].entries[{j}]."
            for key, kind in (("id", str), ("kind", str), ("data", dict), ("created_at", str)):
                _need(entry, key, kind, where, errors)
            if isinstance(entry, dict) and entry.get("kind") not in {k.value for k in EntryKind}:
                errors[f"{where}kind"] = "unknown entry kind"
    if errors:
        raise ValidationFailed(errors)
    expected = manifest(raw)
    listed = raw["manifest"]
    changed = sorted(
        name for name in expected.keys() | listed.keys() if expected.get(name) != listed.get(name)
    )
    if changed:
        raise ValidationFailed(
            {"manifest": "changed or damaged since it was exported: " + ", ".join(changed)}
        )
    if checksum(raw) != raw["sha256"]:
        raise ValidationFailed(
            {"sha256": "the checksum does not match: the file was changed or damaged in transit"}
        )
    return raw


def receipt_document(
    receipt_id: str,
    document: Mapping[str, Any],
    details: Mapping[str, Any],
    key: bytes,
) -> dict[str, Any]:
    """The receipt the receiving setting sends back, signed with the same transfer key."""
    body: dict[str, Any] = {
        "format": RECEIPT_FORMAT,
        "version": RECEIPT_VERSION,
        "id": receipt_id,
        "receipt_for": document["sha256"],
        "export_id": document["export_id"],
        **details,
        "signature_checked": True,
    }
    body["signature"] = signing.sign(key, body)
    return body
