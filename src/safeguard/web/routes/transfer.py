"""Transfers of a child's CP file: out (deadline, signed file, sent, receipt) and in (import)."""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import transfer
from safeguard.casework.errors import ValidationFailed
from safeguard.casework.handlers import looks_like_image_or_video
from safeguard.casework.record_rules import TRANSFER_RULES
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.web.cp_pdf import cp_file_pdf
from safeguard.web.plumbing import Posted, PostedForm, flash, needs, new_uow, redirect, render

router = APIRouter()
TRANSFER = Depends(needs(Permission.TRANSFER_FILES))
PAGE_SIZE = 25


def _filename(document: dict[str, object], suffix: str) -> str:
    child = document["child"]
    assert isinstance(child, dict)
    safe = "".join(ch if ch.isalnum() else "-" for ch in str(child["full_name"])).strip("-")
    return f"cp-file-{safe or 'child'}.{suffix}"


def json_download(document: dict[str, object], filename: str) -> Response:
    body = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def pdf_download(document: dict[str, object]) -> Response:
    return Response(
        cp_file_pdf(document),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_filename(document, "pdf")}"'},
    )


@router.get("/transfers")
def transfer_list(
    request: Request, show: str = "open", page: int = 1, actor: Actor = TRANSFER
) -> Response:
    number = max(page, 1)
    open_only = show != "all"
    result = transfer.transfer_list(
        new_uow(request), actor, open_only, (number - 1) * PAGE_SIZE, PAGE_SIZE
    )
    return render(
        request,
        "transfers.html",
        {"page": result, "show": "open" if open_only else "all", "number": number},
    )


def _start_page(
    request: Request,
    child_id: str,
    values: dict[str, object],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    with new_uow(request) as uow:
        child = uow.children.get(child_id)
    return render(
        request,
        "transfer_new.html",
        {
            "child_id": child_id,
            "child": child,
            "fields": transfer.START_FIELDS,
            "values": values,
            "errors": errors,
            "rules": TRANSFER_RULES,
        },
        status,
    )


@router.get("/children/{child_id}/transfer")
def new_transfer(request: Request, child_id: str, actor: Actor = TRANSFER) -> Response:
    return _start_page(request, child_id, {}, {})


@router.post("/children/{child_id}/transfer")
def start_transfer(
    request: Request, child_id: str, form: Posted = PostedForm, actor: Actor = TRANSFER
) -> Response:
    try:
        started = transfer.start_transfer(new_uow(request), actor, child_id, form.fields)
    except ValidationFailed as exc:
        return _start_page(request, child_id, dict(form.fields), exc.errors, 422)
    flash(request, f"Transfer recorded: send the file by {started.due_on:%-d %b %Y}.")
    return redirect(f"/transfers/{started.id}")


def _transfer_page(
    request: Request,
    actor: Actor,
    transfer_id: str,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    detail = transfer.view_transfer(new_uow(request), actor, transfer_id)
    today = date.today().isoformat()
    return render(
        request,
        "transfer.html",
        {
            "d": detail,
            "sent_fields": transfer.SENT_FIELDS,
            "ack_fields": transfer.ACK_FIELDS,
            "routes": dict(transfer.ROUTES),
            "values": values or {"sent_on": today, "acknowledged_on": today},
            "errors": errors or {},
        },
        status,
    )


@router.get("/transfers/import")
def import_page(request: Request, actor: Actor = TRANSFER) -> Response:
    return render(request, "import.html", {"errors": {}, "values": {}, **_import_context()})


def _import_context() -> dict[str, object]:
    return {"fields": transfer.IMPORT_FIELDS}


@router.post("/transfers/import")
def import_file(request: Request, form: Posted = PostedForm, actor: Actor = TRANSFER) -> Response:
    upload = form.files.get("file")
    values = {"code": form.text("code")}

    def again(errors: dict[str, str], status: int) -> Response:
        context = {"errors": errors, "values": values, **_import_context()}
        return render(request, "import.html", context, status)

    if upload is None or not upload.data:
        return again({"file": "choose a CP file"}, 422)
    if looks_like_image_or_video(upload.filename, upload.content_type, upload.data[:16]):
        return again({"file": "images are never imported; a CP file is a JSON document"}, 415)
    try:
        receipt = transfer.import_cp_file(new_uow(request), actor, upload.data, form.text("code"))
    except ValidationFailed as exc:
        return again(exc.errors, 422)
    flash(request, "CP file checked and imported. Send the receipt back to the sending setting.")
    return redirect(f"/transfers/receipts/{receipt.id}")


@router.get("/transfers/receipts/{receipt_id}.json")
def receipt_json(request: Request, receipt_id: str, actor: Actor = TRANSFER) -> Response:
    receipt = transfer.receipt_for(new_uow(request), actor, receipt_id)
    return json_download(dict(receipt.details), f"receipt-{receipt.id}.json")


@router.get("/transfers/receipts/{receipt_id}")
def receipt_page(request: Request, receipt_id: str, actor: Actor = TRANSFER) -> Response:
    receipt = transfer.receipt_for(new_uow(request), actor, receipt_id)
    return render(request, "receipt.html", {"receipt": receipt})


@router.get("/transfers/{transfer_id}")
def transfer_page(request: Request, transfer_id: str, actor: Actor = TRANSFER) -> Response:
    return _transfer_page(request, actor, transfer_id)


@router.get("/transfers/{transfer_id}/cp-file.json")
def transfer_json(request: Request, transfer_id: str, actor: Actor = TRANSFER) -> Response:
    document = transfer.transfer_file(new_uow(request), actor, transfer_id, "json")
    return json_download(document, _filename(document, "json"))


@router.get("/transfers/{transfer_id}/cp-file.pdf")
def transfer_pdf(request: Request, transfer_id: str, actor: Actor = TRANSFER) -> Response:
    document = transfer.transfer_file(new_uow(request), actor, transfer_id, "pdf")
    return pdf_download(document)


@router.post("/transfers/{transfer_id}/sent")
def mark_sent(
    request: Request, transfer_id: str, form: Posted = PostedForm, actor: Actor = TRANSFER
) -> Response:
    try:
        transfer.mark_sent(new_uow(request), actor, transfer_id, form.fields)
    except ValidationFailed as exc:
        return _transfer_page(request, actor, transfer_id, dict(form.fields), exc.errors, 422)
    flash(request, "Recorded as sent. Give the transfer code to their DSL by a separate route.")
    return redirect(f"/transfers/{transfer_id}")


@router.post("/transfers/{transfer_id}/receipt")
def record_receipt(
    request: Request, transfer_id: str, form: Posted = PostedForm, actor: Actor = TRANSFER
) -> Response:
    upload = form.files.get("receipt")
    raw = upload.data if upload is not None and upload.data else None
    if (
        upload is not None
        and raw
        and looks_like_image_or_video(upload.filename, upload.content_type, raw[:16])
    ):
        errors = {"receipt": "images are never stored; a receipt is the JSON file they sent"}
        return _transfer_page(request, actor, transfer_id, dict(form.fields), errors, 415)
    try:
        done = transfer.record_receipt(new_uow(request), actor, transfer_id, raw, form.fields)
    except ValidationFailed as exc:
        return _transfer_page(request, actor, transfer_id, dict(form.fields), exc.errors, 422)
    checked = "signature checked" if done.details["receipt"]["verified"] else "recorded by hand"
    flash(request, f"Receipt confirmed ({checked}).")
    return redirect(f"/transfers/{transfer_id}")
