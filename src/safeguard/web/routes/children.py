"""Children: search, the per-child chronology with its timeline and file status, details, print."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import child_file, handlers, transfer
from safeguard.casework.errors import ValidationFailed
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.web.plumbing import Posted, PostedForm, flash, needs, new_uow, redirect, render
from safeguard.web.routes.transfer import pdf_download
from safeguard.web.timeline import timeline

router = APIRouter()
WORK = Depends(needs(Permission.WORK_CASES))
HISTORY = Depends(needs(Permission.READ_CHILD_HISTORY))
TRANSFER = Depends(needs(Permission.TRANSFER_FILES))
PAGE_SIZE = 50


@router.get("/children")
def children(request: Request, q: str = "", page: int = 1, actor: Actor = WORK) -> Response:
    number = max(page, 1)
    result = handlers.children_list(new_uow(request), actor, q, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    return render(
        request,
        "children.html",
        {"page": result, "q": q, "number": number, "today": date.today()},
    )


def _chronology_page(
    request: Request,
    actor: Actor,
    child_id: str,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    file = child_file.child_file(new_uow(request), actor, child_id)
    child = file.child
    shown = values or {
        "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else "",
        "year_group": child.year_group,
    }
    return render(
        request,
        "child.html",
        {
            "file": file,
            "chron": file.chronology,
            "timeline": timeline(file.chronology),
            "today": date.today(),
            "details_fields": child_file.DETAILS_FIELDS,
            "values": shown,
            "errors": errors or {},
        },
        status,
    )


@router.get("/children/{child_id}")
def chronology(request: Request, child_id: str, actor: Actor = HISTORY) -> Response:
    return _chronology_page(request, actor, child_id)


@router.post("/children/{child_id}/details")
def save_details(
    request: Request, child_id: str, form: Posted = PostedForm, actor: Actor = HISTORY
) -> Response:
    try:
        child_file.update_child_details(new_uow(request), actor, child_id, form.fields)
    except ValidationFailed as exc:
        return _chronology_page(request, actor, child_id, dict(form.fields), exc.errors, 422)
    flash(request, "Details saved.")
    return redirect(f"/children/{child_id}")


@router.get("/children/{child_id}/export.pdf")
def export_pdf(request: Request, child_id: str, actor: Actor = TRANSFER) -> Response:
    """A print copy of the whole file for the setting's own use (audited)."""
    document = transfer.export_cp_file(new_uow(request), actor, child_id, "pdf")
    return pdf_download(document)
