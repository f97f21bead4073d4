"""Case records: the list, the case page with its UKCIS panel, adding and correcting entries."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import handlers
from safeguard.casework.entries import ENTRY_FORMS, EntryKind
from safeguard.casework.errors import NotFound, ValidationFailed
from safeguard.casework.records import Actor, CaseStatus
from safeguard.casework.roles import Permission
from safeguard.web.guidance_panel import for_case
from safeguard.web.plumbing import Posted, PostedForm, flash, needs, new_uow, redirect, render

router = APIRouter()
WORK = Depends(needs(Permission.WORK_CASES))
HISTORY = Depends(needs(Permission.READ_CHILD_HISTORY))
PAGE_SIZE = 25

ADDABLE = tuple(kind for kind, form in ENTRY_FORMS.items() if form.written_by_people)


@router.get("/cases")
def case_list(
    request: Request, status: str = "open", page: int = 1, actor: Actor = WORK
) -> Response:
    chosen = CaseStatus(status) if status in {"open", "closed"} else None
    number = max(page, 1)
    result = handlers.case_list(
        new_uow(request), actor, chosen, (number - 1) * PAGE_SIZE, PAGE_SIZE
    )
    with new_uow(request) as uow:
        children = {c.child_id: uow.children.get(c.child_id) for c in result.items}
    return render(
        request,
        "cases.html",
        {
            "page": result,
            "children": children,
            "status": chosen.value if chosen else "all",
            "number": number,
        },
    )


def case_page(
    request: Request,
    actor: Actor,
    case_id: str,
    add: str = "",
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    correcting: str = "",
) -> Response:
    view = handlers.view_case(new_uow(request), actor, case_id)
    adding = EntryKind(add) if add in {k.value for k in ADDABLE} else None
    correct_entry = None
    if correcting:
        correct_entry = next((h.current for h in view.entries if h.current.id == correcting), None)
        if correct_entry is None:
            raise NotFound("no current entry with that id in this case")
        adding = EntryKind(correct_entry.kind)
        if values is None:
            values = dict(correct_entry.data)
    with new_uow(request) as uow:
        setting = uow.settings.get()
    return render(
        request,
        "case.html",
        {
            "view": view,
            "adding": ENTRY_FORMS[adding] if adding else None,
            "addable": [ENTRY_FORMS[k] for k in ADDABLE],
            "values": values or {},
            "errors": errors or {},
            "correcting": correct_entry,
            "panel": for_case(view, setting),
            "correction_fields": handlers.CORRECTION_FIELDS,
        },
        status,
    )


@router.get("/cases/{case_id}")
def show_case(request: Request, case_id: str, add: str = "", actor: Actor = HISTORY) -> Response:
    return case_page(request, actor, case_id, add)


@router.post("/cases/{case_id}/entries/{kind}")
def add_entry(
    request: Request, case_id: str, kind: str, form: Posted = PostedForm, actor: Actor = WORK
) -> Response:
    try:
        result = handlers.add_entry(new_uow(request), actor, case_id, kind, form.fields)
    except ValidationFailed as exc:
        return case_page(request, actor, case_id, kind, dict(form.fields), exc.errors, 422)
    flash(request, f"{ENTRY_FORMS[EntryKind(kind)].title} added to the record.")
    if result.view.ukcis.referral_needed_now:
        flash(request, "An immediate-referral trigger applies: see the box at the top.", "warn")
    return redirect(f"/cases/{case_id}#entry-{result.entry.id}")


@router.get("/cases/{case_id}/entries/{entry_id}/correct")
def correct_form(request: Request, case_id: str, entry_id: str, actor: Actor = HISTORY) -> Response:
    return case_page(request, actor, case_id, correcting=entry_id)


@router.post("/cases/{case_id}/entries/{entry_id}/correct")
def correct(
    request: Request, case_id: str, entry_id: str, form: Posted = PostedForm, actor: Actor = WORK
) -> Response:
    with new_uow(request) as uow:
        old = uow.entries.get(entry_id)
    if old is None or old.case_id != case_id:
        raise NotFound("no such entry in this case")
    try:
        result = handlers.add_entry(
            new_uow(request), actor, case_id, old.kind, form.fields, supersedes=entry_id
        )
    except ValidationFailed as exc:
        return case_page(
            request, actor, case_id, "", dict(form.fields), exc.errors, 422, correcting=entry_id
        )
    flash(request, "Correction added as a new version; the original is kept.")
    return redirect(f"/cases/{case_id}#entry-{result.entry.id}")


@router.post("/cases/{case_id}/attachments")
def attach(
    request: Request, case_id: str, form: Posted = PostedForm, actor: Actor = WORK
) -> Response:
    """Files are never stored in a case; images are refused with what to record instead."""
    upload = next(iter(form.files.values()), None)
    content_type = upload.content_type if upload else ""
    if upload is not None and handlers.looks_like_image_or_video(
        upload.filename, upload.content_type, upload.data[:16]
    ):
        handlers.refuse_image(new_uow(request), actor, case_id, content_type or "unknown")
    flash(
        request,
        "Files are not stored in the case record. Summarise the document in a note, and say "
        "where the original is kept.",
        "error",
    )
    return redirect(f"/cases/{case_id}")
