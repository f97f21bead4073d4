"""The start page: what this person can do, in the order they most often need it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework.records import Actor, AlertStatus, CaseStatus
from safeguard.casework.roles import Permission, allowed
from safeguard.casework.transfer import transfers_needing_action
from safeguard.web.plumbing import needs, new_uow, render

router = APIRouter()
SIGNED_IN = Depends(needs(Permission.SIGNED_IN))


@router.get("/")
def home(request: Request, actor: Actor = SIGNED_IN) -> Response:
    counts: dict[str, int] = {}
    if allowed(actor.role, Permission.WORK_CASES):
        # Counts only: no case content is read, so nothing to audit here.
        with new_uow(request) as uow:
            counts["open_alerts"] = uow.alerts.list(AlertStatus.OPEN, 0, 1).total
            counts["open_cases"] = uow.cases.list(CaseStatus.OPEN, 0, 1).total
        counts["transfers_to_act"] = transfers_needing_action(new_uow(request))
    return render(request, "home.html", {"counts": counts, "role": actor.role.value})
