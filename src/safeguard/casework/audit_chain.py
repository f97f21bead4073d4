"""The audit trail's hash chain: each record's hash covers its content and the previous hash.

Changing, inserting or deleting any record breaks the chain from that point on, and the
stored chain head (last sequence number and hash) catches removal of records at the end.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One stored audit event."""

    seq: int
    at: str  # ISO 8601, UTC, as hashed
    actor_id: str
    actor_role: str
    event: str
    subject_type: str
    subject_id: str
    child_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


def record_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor_id: str,
    actor_role: str,
    event: str,
    subject_type: str,
    subject_id: str,
    child_id: str | None,
    details: dict[str, Any],
) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the record's content."""
    body = json.dumps(
        [seq, at, actor_id, actor_role, event, subject_type, subject_id, child_id, details],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def rehash(record: AuditRecord) -> str:
    """The hash ``record`` should carry given its content and previous hash."""
    return record_hash(
        record.prev_hash,
        record.seq,
        record.at,
        record.actor_id,
        record.actor_role,
        record.event,
        record.subject_type,
        record.subject_id,
        record.child_id,
        record.details,
    )


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The result of verifying the chain."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify_chain(
    records: Iterable[AuditRecord], head: tuple[int, str] | None = None
) -> ChainReport:
    """Check every link of ``records`` (in sequence order) and, if given, the stored head."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for record in records:
        if record.seq != expected_seq:
            return ChainReport(
                False, checked, record.seq, f"expected record {expected_seq}, found {record.seq}"
            )
        if record.prev_hash != prev_hash:
            return ChainReport(False, checked, record.seq, "previous-hash link does not match")
        if rehash(record) != record.hash:
            return ChainReport(False, checked, record.seq, "content does not match its hash")
        prev_hash = record.hash
        expected_seq += 1
        checked += 1
    last_seq = expected_seq - 1
    if head is not None and head != (last_seq, prev_hash):
        return ChainReport(
            False,
            checked,
            last_seq + 1,
            f"chain head says record {head[0]} but the log ends at {last_seq}",
        )
    return ChainReport(True, checked)
