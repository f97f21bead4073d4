"""The DSL's alerts queue: upload scans, triage (dismiss, escalate, merge), signal volumes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import handlers
from safeguard.casework.errors import ImageRefused, ValidationFailed
from safeguard.casework.records import Actor, AlertStatus
from safeguard.casework.roles import Permission
from safeguard.casework.scan_import import parse_scan_json
from safeguard.core.assessment import Assessment
from safeguard.core.errors import InputError, SafeguardError
from safeguard.web.plumbing import (
    Posted,
    PostedForm,
    Upload,
    flash,
    needs,
    new_uow,
    redirect,
    render,
)

router = APIRouter()
TRIAGE = Depends(needs(Permission.TRIAGE_ALERTS))
PAGE_SIZE = 25


def _status(value: str) -> AlertStatus | None:
    try:
        return AlertStatus(value)
    except ValueError:
        return None


@router.get("/alerts")
def queue(request: Request, status: str = "open", page: int = 1, actor: Actor = TRIAGE) -> Response:
    chosen = _status(status)
    number = max(page, 1)
    result = handlers.alert_queue(
        new_uow(request), actor, chosen, (number - 1) * PAGE_SIZE, PAGE_SIZE
    )
    return render(
        request,
        "alerts.html",
        {"page": result, "status": chosen.value if chosen else "all", "number": number},
    )


def read_upload(upload: Upload) -> list[Assessment]:
    """Assessments from a `safeguard scan --json` file or, failing that, a chat export."""
    text = upload.data.decode("utf-8", errors="strict")
    first = next((line for line in text.splitlines() if line.strip()), "")
    name = Path(upload.filename).name or "upload"
    if '"conversation_id"' in first and '"risk"' in first:
        return parse_scan_json(text, name)
    return scan_chat_export(upload.data, name)


def scan_chat_export(data: bytes, name: str) -> list[Assessment]:
    """Run the detection engine over a chat export (any format the importers read)."""
    from safeguard.core.engine import build_engine
    from safeguard.importers.registry import read_conversations

    suffix = Path(name).suffix or ".txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        conversations = list(read_conversations(path))
        return list(build_engine().assess_all(conversations))


@router.post("/alerts/upload")
def upload_scan(request: Request, form: Posted = PostedForm, actor: Actor = TRIAGE) -> Response:
    upload = form.files.get("file")
    if upload is None or not upload.data:
        flash(request, "Choose a file to upload.", "error")
        return redirect("/alerts")
    if handlers.looks_like_image_or_video(upload.filename, upload.content_type, upload.data[:16]):
        raise ImageRefused()
    try:
        assessments = read_upload(upload)
    except UnicodeDecodeError:
        flash(
            request, "That file is not text: upload a chat export or a scan --json file.", "error"
        )
        return redirect("/alerts")
    except (InputError, SafeguardError) as exc:
        flash(request, f"Could not read the upload: {exc}", "error")
        return redirect("/alerts")
    origin = Path(upload.filename).name or "upload"
    alerts = handlers.ingest_scan(new_uow(request), actor, assessments, upload.data, origin=origin)
    flash(
        request,
        f"Read {len(assessments)} conversations; {len(alerts)} at medium risk or above were "
        "added to the queue.",
    )
    return redirect("/alerts")


@router.get("/alerts/signals")
def signals(request: Request, actor: Actor = TRIAGE) -> Response:
    stats = handlers.signal_stats(new_uow(request), actor)
    return render(request, "signals.html", {"stats": stats})


def _alert_page(
    request: Request,
    actor: Actor,
    alert_id: str,
    errors: dict[str, str] | None = None,
    values: dict[str, object] | None = None,
    status: int = 200,
) -> Response:
    detail = handlers.view_alert(new_uow(request), actor, alert_id)
    cases = handlers.open_case_choices(new_uow(request), actor)
    return render(
        request,
        "alert.html",
        {
            "detail": detail,
            "cases": cases,
            "errors": errors or {},
            "values": values or {},
            "dismiss_fields": handlers.DISMISS_FIELDS,
            "escalate_fields": handlers.ESCALATE_FIELDS,
        },
        status,
    )


@router.get("/alerts/{alert_id}")
def show_alert(request: Request, alert_id: str, actor: Actor = TRIAGE) -> Response:
    return _alert_page(request, actor, alert_id)


@router.post("/alerts/{alert_id}/dismiss")
def dismiss(
    request: Request, alert_id: str, form: Posted = PostedForm, actor: Actor = TRIAGE
) -> Response:
    try:
        handlers.dismiss_alert(new_uow(request), actor, alert_id, form.fields)
    except ValidationFailed as exc:
        return _alert_page(request, actor, alert_id, exc.errors, dict(form.fields), 422)
    flash(request, "Alert dismissed as a false positive; the reason is kept.")
    return redirect("/alerts")


@router.post("/alerts/{alert_id}/escalate")
def escalate(
    request: Request, alert_id: str, form: Posted = PostedForm, actor: Actor = TRIAGE
) -> Response:
    try:
        case = handlers.escalate_alert(new_uow(request), actor, alert_id, form.fields)
    except ValidationFailed as exc:
        return _alert_page(request, actor, alert_id, exc.errors, dict(form.fields), 422)
    flash(request, "Case opened from the alert.")
    return redirect(f"/cases/{case.id}")


@router.post("/alerts/{alert_id}/merge")
def merge(
    request: Request, alert_id: str, form: Posted = PostedForm, actor: Actor = TRIAGE
) -> Response:
    try:
        case = handlers.merge_alert(new_uow(request), actor, alert_id, form.text("case_id"))
    except ValidationFailed as exc:
        return _alert_page(request, actor, alert_id, exc.errors, dict(form.fields), 422)
    flash(request, "Alert added to the case.")
    return redirect(f"/cases/{case.id}")
