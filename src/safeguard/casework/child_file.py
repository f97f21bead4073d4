"""A child's file as a whole: the chronology, where the file has gone, and how long to keep it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from safeguard.casework import events as ev
from safeguard.casework.chronology import Chronology, build_chronology
from safeguard.casework.errors import NotFound, ValidationFailed
from safeguard.casework.fields import FieldSpec, clean_form
from safeguard.casework.handlers import RawForm, require
from safeguard.casework.ports import UnitOfWork
from safeguard.casework.record_rules import (
    IICSA_HOLD,
    RETENTION,
    RecordRule,
    TransferState,
    retain_until,
    transfer_state,
)
from safeguard.casework.records import (
    Actor,
    Child,
    OutgoingTransfer,
    TransferReceipt,
    utcnow,
)
from safeguard.casework.roles import Permission
from safeguard.casework.transfer import with_transfers

DETAILS_FIELDS = (
    FieldSpec(
        "date_of_birth",
        "Date of birth",
        "date",
        help="Needed to work out how long the file must be kept.",
    ),
    FieldSpec("year_group", "Year group", help="e.g. Year 8"),
)


@dataclass(frozen=True, slots=True)
class ChildFile:
    """Everything the chronology page shows about one child."""

    chronology: Chronology
    transfers: tuple[tuple[OutgoingTransfer, TransferState], ...]
    receipts: tuple[TransferReceipt, ...]
    retain_until: date | None
    retention_rules: tuple[RecordRule, ...]

    @property
    def child(self) -> Child:
        return self.chronology.child

    def past_retention(self, today: date) -> bool:
        return self.retain_until is not None and today > self.retain_until


def child_file(
    uow: UnitOfWork, actor: Actor, child_id: str, now: datetime | None = None
) -> ChildFile:
    """The child's chronology with the file's transfers and retention (reading it is audited)."""
    require(actor, Permission.READ_CHILD_HISTORY)
    today = (now or utcnow()).date()
    with uow:
        child = uow.children.get(child_id)
        if child is None:
            raise NotFound("no such child")
        cases = uow.cases.for_child(child.id)
        transfers = tuple(uow.transfers.outgoing_for_child(child.id))
        receipts = tuple(uow.transfers.receipts_for_child(child.id))
        chronology = with_transfers(
            build_chronology(
                child,
                uow.concerns.for_child(child.id),
                uow.alerts.for_child(child.id),
                cases,
                {case.id: uow.entries.for_case(case.id) for case in cases},
            ),
            transfers,
            receipts,
        )
        uow.audit.record(actor, ev.ChronologyViewed(child.id))
        uow.commit()
    return ChildFile(
        chronology=chronology,
        transfers=tuple((t, transfer_state(t, today)) for t in transfers),
        receipts=receipts,
        retain_until=retain_until(child.date_of_birth) if child.date_of_birth else None,
        retention_rules=(RETENTION, IICSA_HOLD),
    )


def update_child_details(
    uow: UnitOfWork, actor: Actor, child_id: str, form: RawForm, now: datetime | None = None
) -> Child:
    """Record a child's date of birth and year group (the name stays as first recorded)."""
    require(actor, Permission.WORK_CASES)
    data = clean_form(DETAILS_FIELDS, form)
    today = (now or utcnow()).date()
    born = date.fromisoformat(str(data["date_of_birth"])) if data["date_of_birth"] else None
    if born is not None and born > today:
        raise ValidationFailed({"date_of_birth": "this date is in the future"})
    with uow:
        child = uow.children.get(child_id)
        if child is None:
            raise NotFound("no such child")
        changed = replace(child, date_of_birth=born, year_group=str(data["year_group"] or ""))
        fields = tuple(
            name
            for name in ("date_of_birth", "year_group")
            if getattr(child, name) != getattr(changed, name)
        )
        if fields:
            uow.children.update(changed)
            uow.audit.record(actor, ev.ChildDetailsChanged(child.id, fields))
            uow.commit()
    return changed
