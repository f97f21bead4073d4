"""The auditor's view of the audit trail, and an on-demand chain check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import events as ev
from safeguard.casework.audit_chain import verify_chain
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.web.plumbing import needs, new_uow, render

router = APIRouter()
AUDIT = Depends(needs(Permission.READ_AUDIT))
PAGE_SIZE = 50
EVENT_NAMES = sorted(t.name for t in ev.EVENT_TYPES)


@router.get("/audit")
def audit_log(request: Request, event: str = "", page: int = 1, actor: Actor = AUDIT) -> Response:
    number = max(page, 1)
    chosen = event if event in EVENT_NAMES else ""
    with new_uow(request) as uow:
        result = uow.audit.page((number - 1) * PAGE_SIZE, PAGE_SIZE, chosen)
        uow.audit.record(actor, ev.AuditLogViewed(result.offset))
        uow.commit()
    return render(
        request,
        "audit.html",
        {"page": result, "event": chosen, "events": EVENT_NAMES, "number": number, "report": None},
    )


@router.get("/audit/verify")
def audit_verify(request: Request, actor: Actor = AUDIT) -> Response:
    with new_uow(request) as uow:
        report = verify_chain(uow.audit.all(), uow.audit.head())
        uow.audit.record(actor, ev.AuditVerified(report.ok, report.checked))
        uow.commit()
        result = uow.audit.page(0, PAGE_SIZE)
    return render(
        request,
        "audit.html",
        {"page": result, "event": "", "events": EVENT_NAMES, "number": 1, "report": report},
    )
