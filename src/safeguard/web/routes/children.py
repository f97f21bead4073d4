"""Children: search, the per-child chronology with its timeline, and CP file export."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from safeguard.casework import handlers, transfer
from safeguard.casework.records import Actor
from safeguard.casework.roles import Permission
from safeguard.web.cp_pdf import cp_file_pdf
from safeguard.web.plumbing import needs, new_uow, render
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
    return render(request, "children.html", {"page": result, "q": q, "number": number})


@router.get("/children/{child_id}")
def chronology(request: Request, child_id: str, actor: Actor = HISTORY) -> Response:
    chron = handlers.child_chronology(new_uow(request), actor, child_id)
    return render(request, "child.html", {"chron": chron, "timeline": timeline(chron)})


def _filename(document: dict[str, object], suffix: str) -> str:
    child = document["child"]
    assert isinstance(child, dict)
    safe = "".join(ch if ch.isalnum() else "-" for ch in str(child["full_name"])).strip("-")
    return f"cp-file-{safe or 'child'}.{suffix}"


@router.get("/children/{child_id}/export.json")
def export_json(request: Request, child_id: str, actor: Actor = TRANSFER) -> Response:
    document = transfer.export_cp_file(new_uow(request), actor, child_id, "json")
    body = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{_filename(document, "json")}"'},
    )


@router.get("/children/{child_id}/export.pdf")
def export_pdf(request: Request, child_id: str, actor: Actor = TRANSFER) -> Response:
    document = transfer.export_cp_file(new_uow(request), actor, child_id, "pdf")
    return Response(
        cp_file_pdf(document),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_filename(document, "pdf")}"'},
    )
