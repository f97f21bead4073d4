"""Log a concern (any staff member) and see the concerns you logged."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import admin, handlers
from safeguard.casework.concern_form import CONCERN_FIELDS
from safeguard.casework.errors import ValidationFailed
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.web.guidance_panel import frontline_rails
from safeguard.web.plumbing import (
    Posted,
    PostedForm,
    StepUpRequired,
    flash,
    needs,
    new_uow,
    redirect,
    render,
    step_up_fresh,
)

router = APIRouter()
LOGGER = Depends(needs(Permission.LOG_CONCERN))
READER = Depends(needs(Permission.VIEW_OWN_CONCERNS))


def _form_page(
    request: Request, actor: Actor, values: dict[str, object], errors: dict[str, str], status: int
) -> Response:
    setting = admin.read_setting(new_uow(request), actor)
    return render(
        request,
        "concern_new.html",
        {
            "fields": CONCERN_FIELDS,
            "values": values,
            "errors": errors,
            "rails": frontline_rails(setting),
        },
        status,
    )


@router.get("/concerns/new")
def new_concern(request: Request, actor: Actor = LOGGER) -> Response:
    return _form_page(request, actor, {}, {}, 200)


@router.post("/concerns")
def create_concern(
    request: Request,
    form: Posted = PostedForm,
    actor: Actor = LOGGER,
) -> Response:
    if form.files and any(upload.data for upload in form.files.values()):
        return _form_page(
            request,
            actor,
            dict(form.fields),
            {"account": "Files are not accepted with a concern. Describe what you saw instead."},
            415,
        )
    try:
        concern = handlers.log_concern(new_uow(request), actor, form.fields)
    except ValidationFailed as exc:
        return _form_page(request, actor, dict(form.fields), exc.errors, 422)
    flash(request, "Concern logged. The DSL has been alerted.")
    return redirect(f"/concerns/{concern.id}")


@router.get("/concerns")
def my_concerns(request: Request, page: int = 1, actor: Actor = READER) -> Response:
    limit = 25
    result = handlers.my_concerns(new_uow(request), actor, (max(page, 1) - 1) * limit, limit)
    with new_uow(request) as uow:
        names = {c.child_id: (uow.children.get(c.child_id) or None) for c in result.items}
    return render(request, "concerns.html", {"page": result, "children": names, "number": page})


@router.get("/concerns/{concern_id}")
def show_concern(request: Request, concern_id: str, actor: Actor = READER) -> Response:
    with new_uow(request) as uow:
        concern = uow.concerns.get(concern_id)
    if concern is not None and concern.author_id != actor.user_id and not step_up_fresh(request):
        # Someone else's concern is part of a child's history: a fresh second factor first.
        raise StepUpRequired()
    detail = handlers.view_concern(new_uow(request), actor, concern_id)
    return render(request, "concern.html", {"detail": detail})
