"""The ``/api/v1`` endpoints: translate a request into an ingestion call and back, nothing more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from safeguard.api.app import ApiServices
from safeguard.api.auth import require
from safeguard.api.errors import InvalidInput
from safeguard.api.idempotency import StoredResponse, check_key, replay, request_hash
from safeguard.api.ingest import IncomingMessage, participants_from_json
from safeguard.api.monitoring import receive_monitoring_alert
from safeguard.api.schemas import (
    BatchIn,
    BatchResultOut,
    ConversationIn,
    ErrorOut,
    MessageIn,
    MonitoringAlertIn,
    MonitoringAlertOut,
    StreamMessageIn,
    StreamResultOut,
    StreamStateOut,
    dump,
)
from safeguard.api.tokens import Principal, Scope
from safeguard.casework.records import utcnow
from safeguard.core.conversation import Message
from safeguard.core.conversation_json import conversation_from_dict
from safeguard.core.errors import RecordError
from safeguard.storage.ingest_repository import StreamKey
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork

router = APIRouter()
_bearer = HTTPBearer(auto_error=False, description="A per-source API token.")

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body is not valid JSON."},
    401: {"model": ErrorOut, "description": "No token, or an unknown or revoked one."},
    403: {"model": ErrorOut, "description": "The token lacks the scope needed."},
    413: {"model": ErrorOut, "description": "The body is larger than the limit."},
    422: {"model": ErrorOut, "description": "A field is missing, mistyped or out of range."},
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    409: {
        "model": ErrorOut,
        "description": "Idempotency-Key reused with another body, or a message id reused "
        "with other content.",
    },
}
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Retry safely: the same key and body replay the first response.",
        max_length=200,
    ),
]


def _services(request: Request) -> ApiServices:
    services: ApiServices = request.app.state.services
    return services


async def _principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    services = _services(request)
    header = request.headers.get("authorization")
    found = services.tokens.cached(header)
    if found is not None:
        return found
    return await run_in_threadpool(services.tokens.check, header)


Caller = Annotated[Principal, Depends(_principal)]


def _incoming(conversation_id: str, message: MessageIn, **extra: Any) -> IncomingMessage:
    attachments = tuple(a.model_dump(exclude_none=True) for a in message.attachments)
    return IncomingMessage(
        conversation_id=conversation_id,
        message=Message(
            id=message.id or "",
            sender=message.sender,
            text=message.text,
            time=message.time,
        ),
        has_id=message.id is not None,
        attachments=attachments,
        **extra,
    )


def _stream_item(body: StreamMessageIn) -> IncomingMessage:
    return _incoming(
        body.conversation_id,
        body,
        recipient=body.recipient,
        platform=body.platform,
        participants=participants_from_json([dump(p) for p in body.participants]),
    )


async def _write(
    request: Request,
    principal: Principal,
    key: str | None,
    work: Callable[[IngestUnitOfWork], tuple[int, dict[str, Any]]],
) -> Response:
    """Run ``work`` in the next group commit, honouring the Idempotency-Key; answer only
    once it is committed."""
    services = _services(request)
    fingerprint = ""
    if key is not None:
        check_key(key)
        fingerprint = request_hash(request.method, request.url.path, await request.body())

    def transaction(uow: IngestUnitOfWork) -> tuple[StoredResponse, bool]:
        if key is not None:
            stored = replay(uow, principal.source, key, fingerprint)
            if stored is not None:
                return stored, True
        status, payload = work(uow)
        text = orjson.dumps(payload).decode()
        if key is not None:
            now = utcnow()
            uow.idempotency.add(principal.source, key, fingerprint, status, text, now)
            services.purger.maybe_purge(uow, now)
        return StoredResponse(status, text), False

    def replay_only() -> StoredResponse | None:
        assert key is not None
        with services.uow() as uow:
            return replay(uow, principal.source, key, fingerprint)

    try:
        response, replayed = await services.writer.run(transaction)
    except IntegrityError:
        # Another request with the same key committed first: answer as it did.
        if key is None:
            raise
        again = await run_in_threadpool(replay_only)
        if again is None:
            raise
        response, replayed = again, True
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Response(response.body, response.status, headers, media_type="application/json")


@router.post(
    "/messages",
    summary="Submit one message",
    response_model=StreamResultOut,
    responses=_WRITE_ERRORS,
)
async def submit_message(
    request: Request, body: StreamMessageIn, principal: Caller, key: IdempotencyKey = None
) -> Response:
    """Store one message and return its conversation's updated assessment."""
    require(principal, Scope.MESSAGES_WRITE)
    item = _stream_item(body)
    services = _services(request)
    if key is None:  # may share one set-based call with other conversations' messages
        stream = (principal.source, item.conversation_id, item.dyad())
        text = await services.writer.run_combinable(
            services.combined_messages, (principal.source, item), stream
        )
        return Response(text, 200, media_type="application/json")
    ingestor = services.ingestor

    def work(uow: IngestUnitOfWork) -> tuple[int, dict[str, Any]]:
        (outcome,) = ingestor.ingest(uow, principal.source, [item])
        return 200, outcome.to_dict()

    return await _write(request, principal, key, work)


@router.post(
    "/messages/batch",
    summary="Submit up to 1,000 messages",
    response_model=BatchResultOut,
    responses=_WRITE_ERRORS,
)
async def submit_batch(
    request: Request, body: BatchIn, principal: Caller, key: IdempotencyKey = None
) -> Response:
    """Store messages of one or many conversations in one transaction; one result per
    conversation (or dyad) touched, in order of first appearance."""
    require(principal, Scope.MESSAGES_WRITE)
    items = [_stream_item(m) for m in body.messages]
    ingestor = _services(request).ingestor

    def work(uow: IngestUnitOfWork) -> tuple[int, dict[str, Any]]:
        outcomes = ingestor.ingest(uow, principal.source, items)
        return 200, {
            "accepted": sum(o.accepted for o in outcomes),
            "duplicates": sum(o.duplicates for o in outcomes),
            "conversations": [o.to_dict() for o in outcomes],
        }

    return await _write(request, principal, key, work)


@router.post(
    "/conversations",
    summary="Submit a whole conversation",
    response_model=StreamResultOut,
    responses=_WRITE_ERRORS,
)
async def submit_conversation(
    request: Request, body: ConversationIn, principal: Caller, key: IdempotencyKey = None
) -> Response:
    """Store a conversation in DESIGN.md's format. Messages already received (same id and
    content) are skipped, so a growing conversation can be sent again as it grows."""
    require(principal, Scope.MESSAGES_WRITE)
    try:
        conversation = conversation_from_dict(dump(body), path="body")
    except RecordError as exc:
        raise InvalidInput(
            f"invalid conversation: {exc.problem}", [(exc.field or "(body)", exc.problem)]
        ) from None
    items = [
        IncomingMessage(
            conversation_id=conversation.id,
            message=m,
            participants=conversation.participants,
            platform=conversation.platform,
            attachments=tuple(
                {k: v for k, v in asdict(a).items() if v is not None} for a in m.attachments
            ),
        )
        for m in conversation.messages
    ]
    ingestor = _services(request).ingestor

    def work(uow: IngestUnitOfWork) -> tuple[int, dict[str, Any]]:
        (outcome,) = ingestor.ingest(uow, principal.source, items)
        return 200, outcome.to_dict()

    return await _write(request, principal, key, work)


@router.get(
    "/conversations/{conversation_id}/assessment",
    summary="Read a conversation's current assessment",
    response_model=StreamStateOut,
    responses={**_ERRORS, 404: {"model": ErrorOut, "description": "No such conversation."}},
)
async def read_assessment(
    request: Request,
    conversation_id: str,
    principal: Caller,
    dyad: Annotated[
        list[str] | None,
        Query(description="Both ids of a sender/recipient pair, for a dyad's assessment."),
    ] = None,
) -> Response:
    """The assessment of everything received so far in this conversation (or dyad)."""
    require(principal, Scope.ASSESSMENTS_READ)
    pair = sorted(dyad or [])
    if pair and len(pair) != 2:
        raise InvalidInput("give both ids of the pair", [("dyad", "expected exactly two ids")])
    key = StreamKey(principal.source, conversation_id, *(pair or ["", ""]))
    services = _services(request)

    def read() -> dict[str, Any] | None:
        with services.uow() as uow:
            try:
                row, assessment = services.ingestor.current(uow, key)
            except KeyError:
                return None
            return {
                "conversation_id": row.conversation_id,
                "dyad": pair or None,
                "message_count": row.message_count,
                "assessment": assessment.to_dict(),
                "updated_at": row.updated_at.isoformat(),
            }

    found = await run_in_threadpool(read)
    if found is None:
        return Response(
            orjson.dumps({"error": "no messages received for this conversation", "problems": []}),
            404,
            media_type="application/json",
        )
    return Response(orjson.dumps(found), 200, media_type="application/json")


@router.post(
    "/monitoring-alerts",
    summary="Send an alert from a school monitoring product",
    status_code=201,
    response_model=MonitoringAlertOut,
    responses={
        **_WRITE_ERRORS,
        200: {"model": MonitoringAlertOut, "description": "Already received (same id)."},
    },
)
async def monitoring_alert(
    request: Request, body: MonitoringAlertIn, principal: Caller, key: IdempotencyKey = None
) -> Response:
    """Queue a monitoring product's alert for the DSL as a pending alert with its severity."""
    require(principal, Scope.ALERTS_WRITE)

    def work(uow: IngestUnitOfWork) -> tuple[int, dict[str, Any]]:
        alert_id, level, duplicate = receive_monitoring_alert(uow, principal.source, body)
        return (200 if duplicate else 201), {
            "alert_id": alert_id,
            "level": level,
            "duplicate": duplicate,
        }

    return await _write(request, principal, key, work)


@router.get("/health", summary="Liveness", responses={200: {"description": "The API is up."}})
async def health() -> dict[str, str]:
    return {"status": "ok"}
