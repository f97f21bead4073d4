"""The agency directory (with local numbers and stale flags) and printable advice sheets."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import admin
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.core.agencies import months_before
from safeguard.core.taxonomy import load_taxonomy
from safeguard.web.advice import AUDIENCES, advice_sheet
from safeguard.web.guidance_panel import directory_for
from safeguard.web.plumbing import needs, new_uow, render

router = APIRouter()
SIGNED_IN = Depends(needs(Permission.SIGNED_IN))
STALE_MONTHS = 12


@router.get("/agencies")
def agencies(request: Request, actor: Actor = SIGNED_IN) -> Response:
    setting = admin.read_setting(new_uow(request), actor)
    directory = directory_for(setting)
    today = date.today()
    stale = {
        entry.agency.id: entry.reason for entry in directory.stale_entries(today, STALE_MONTHS)
    }
    return render(
        request,
        "agencies.html",
        {
            "agencies": directory.for_jurisdiction(setting.jurisdiction),
            "stale": stale,
            "setting": setting,
            "cutoff": months_before(today, STALE_MONTHS),
        },
    )


@router.get("/advice")
def advice(
    request: Request, category: str = "", audience: str = "staff", actor: Actor = SIGNED_IN
) -> Response:
    categories = [(c.id, c.label) for c in load_taxonomy().categories]
    sheet = None
    if category in {c for c, _ in categories} and audience in AUDIENCES:
        setting = admin.read_setting(new_uow(request), actor)
        sheet = advice_sheet(category, audience, directory_for(setting), setting.jurisdiction)
    return render(
        request,
        "advice.html",
        {
            "categories": categories,
            "audiences": list(AUDIENCES),
            "category": category,
            "audience": audience,
            "sheet": sheet,
        },
    )
