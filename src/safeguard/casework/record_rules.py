"""Record-keeping rules for a child's CP file: transfer deadlines, chasing receipts, retention.

From PRACTICE.md B11. Each rule names its source and whether it has been verified; none of the
B11 rules carries a V tag there yet (KCSIE paragraph numbers and the IICSA hold are on the
verification backlog), so all are shown as needing verification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.casework.records import MoveKind, OutgoingTransfer, TransferStatus

SCHOOL_DAYS_TO_TRANSFER = 5
SCHOOL_DAYS_TO_RECEIPT = 5
RETENTION_YEARS = 25


@dataclass(frozen=True, slots=True)
class RecordRule:
    """One record-keeping rule, with its provenance."""

    id: str
    text: str
    source: str
    verified: bool


TRANSFER_WITHIN = RecordRule(
    "B11-transfer",
    "Send the child-protection file to the new setting within 5 school days of an in-year "
    "move, or within the first 5 school days of a new term; keep it separate from the pupil "
    "file, use a secure route, and get confirmation of receipt.",
    "KCSIE as restated by local authority guidance (PRACTICE.md B11 [93]-[96]); the current "
    "KCSIE paragraph is still to be confirmed",
    False,
)
TRANSFER_BEFORE_MOVE = RecordRule(
    "B11-before-move",
    "Consider sharing information with the new setting's DSL before the child moves. Parents "
    "cannot block the transfer.",
    "Local authority guidance (PRACTICE.md B11 [93]-[96])",
    False,
)
TRANSFER_ROUTE = RecordRule(
    "B11-route",
    "Never send the file by ordinary post or with the parents. If the new setting has not "
    "confirmed receipt within 5 school days, chase it; log what was sent, when, and who "
    "acknowledged it.",
    "North Northamptonshire Council guidance (PRACTICE.md B11 [95])",
    False,
)
RETENTION = RecordRule(
    "B11-retention",
    "Keep the child-protection file until the child's date of birth plus 25 years. The last "
    "known setting keeps it until it is told the child has enrolled somewhere new.",
    "IRMS toolkit and DfE data-protection toolkit (PRACTICE.md B11 [96][97])",
    False,
)
IICSA_HOLD = RecordRule(
    "B11-iicsa-hold",
    "The IICSA retention hold (in place in 2022) may forbid destroying the file: check whether "
    "it has been lifted before destroying anything.",
    "Derbyshire County Council (PRACTICE.md B11 [98]); status to verify",
    False,
)
TRANSFER_RULES = (TRANSFER_WITHIN, TRANSFER_BEFORE_MOVE, TRANSFER_ROUTE)


def add_school_days(start: date, days: int) -> date:
    """``start`` moved on by ``days`` school days (Monday to Friday; holidays are not known)."""
    current, remaining = start, days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def transfer_due(move: MoveKind, starts_on: date) -> date:
    """When the file must have gone: 5 school days after an in-year move, or by the 5th school
    day of the new term (its first day counts as day 1)."""
    if move is MoveKind.IN_YEAR:
        return add_school_days(starts_on, SCHOOL_DAYS_TO_TRANSFER)
    first = starts_on
    while first.weekday() >= 5:
        first += timedelta(days=1)
    return add_school_days(first, SCHOOL_DAYS_TO_TRANSFER - 1)


def chase_from(sent_on: date) -> date:
    """The first day to chase a receipt that has not come (5 school days after sending)."""
    return add_school_days(sent_on, SCHOOL_DAYS_TO_RECEIPT) + timedelta(days=1)


def last_unchased_day(today: date) -> date:
    """The latest sending day whose receipt is not yet due for chasing on ``today``.

    A transfer sent after this day is still within its 5 school days; one sent on or before
    it must be chased (``chase_from(day) <= today``).
    """
    day = today
    while chase_from(day) <= today:
        day += timedelta(days=1)
    while chase_from(day) > today:
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True, slots=True)
class TransferState:
    """Where a transfer stands on a given day, in words, and whether someone must act."""

    level: str  # "ok", "due", "overdue", "chase" or "done"
    message: str
    rule: RecordRule | None

    @property
    def needs_action(self) -> bool:
        return self.level in {"overdue", "chase"}


def transfer_state(transfer: OutgoingTransfer, today: date) -> TransferState:
    """The transfer's status and any warning, for ``today``."""
    due = transfer.due_on.strftime("%-d %b %Y")
    where = transfer.new_setting
    if transfer.status is TransferStatus.TO_SEND:
        if today > transfer.due_on:
            late = (today - transfer.due_on).days
            return TransferState(
                "overdue",
                f"Overdue: the file should have reached {where} by {due} ({late} days ago).",
                TRANSFER_WITHIN,
            )
        return TransferState("due", f"Send the file to {where} by {due}.", TRANSFER_WITHIN)
    if transfer.status is TransferStatus.SENT:
        assert transfer.sent_at is not None
        chase = chase_from(transfer.sent_at.date())
        if today >= chase:
            return TransferState(
                "chase",
                f"No confirmation of receipt from {where} within 5 school days of sending: "
                "chase it and record their answer.",
                TRANSFER_ROUTE,
            )
        return TransferState(
            "ok",
            f"Sent; waiting for {where} to confirm receipt (chase from "
            f"{chase.strftime('%-d %b %Y')}).",
            TRANSFER_ROUTE,
        )
    receipt = transfer.details.get("receipt") or {}
    checked = "signature checked" if receipt.get("verified") else "not signed: confirmed by hand"
    by = receipt.get("acknowledged_by") or "the new setting"
    return TransferState("done", f"Receipt confirmed by {by} at {where} ({checked}).", None)


def retain_until(date_of_birth: date) -> date:
    """The end of the retention period: date of birth plus 25 years (29 Feb -> 28 Feb)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + RETENTION_YEARS)
    except ValueError:
        return date_of_birth.replace(year=date_of_birth.year + RETENTION_YEARS, day=28)
