"""Import a CP file from another setting and issue the receipt."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import transfer
from safeguard.casework.errors import ValidationFailed
from safeguard.casework.handlers import looks_like_image_or_video
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.web.plumbing import Posted, PostedForm, flash, needs, new_uow, redirect, render

router = APIRouter()
TRANSFER = Depends(needs(Permission.TRANSFER_FILES))


@router.get("/transfer/import")
def import_page(request: Request, actor: Actor = TRANSFER) -> Response:
    return render(request, "import.html", {"errors": {}})


@router.post("/transfer/import")
def import_file(request: Request, form: Posted = PostedForm, actor: Actor = TRANSFER) -> Response:
    upload = form.files.get("file")
    if upload is None or not upload.data:
        return render(request, "import.html", {"errors": {"file": "choose a CP file"}}, 422)
    if looks_like_image_or_video(upload.filename, upload.content_type, upload.data[:16]):
        return render(
            request,
            "import.html",
            {"errors": {"file": "images are never imported; a CP file is a JSON document"}},
            415,
        )
    try:
        receipt = transfer.import_cp_file(new_uow(request), actor, upload.data)
    except ValidationFailed as exc:
        return render(request, "import.html", {"errors": exc.errors}, 422)
    flash(request, "CP file imported. Send the receipt back to the sending setting.")
    return redirect(f"/transfer/receipts/{receipt.id}")


@router.get("/transfer/receipts/{receipt_id}")
def receipt_page(request: Request, receipt_id: str, actor: Actor = TRANSFER) -> Response:
    receipt = transfer.receipt_for(new_uow(request), actor, receipt_id)
    return render(request, "receipt.html", {"receipt": receipt})


@router.get("/transfer/receipts/{receipt_id}.json")
def receipt_json(request: Request, receipt_id: str, actor: Actor = TRANSFER) -> Response:
    receipt = transfer.receipt_for(new_uow(request), actor, receipt_id)
    body = {"format": "safeguard-cp-receipt", "version": 1, "id": receipt.id, **receipt.details}
    return Response(
        json.dumps(body, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="receipt-{receipt.id}.json"'},
    )
