"""The ingestion API end to end: tokens and scopes, streaming equals `safeguard scan --json`,
idempotency, duplicates, alerts in the DSL queue, monitoring-product alerts, restarts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from safeguard.api.tokens import Scope
from safeguard.casework.records import AlertSource, AlertStatus
from safeguard.cli.main import cli
from safeguard.core.conversation_json import conversation_to_dict, read_conversation_line
from safeguard.storage.ingest_repository import StreamKey
from safeguard.storage.ingest_tables import StreamRow

from .conftest import Api

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "conversations.jsonl"

GROOMING = {
    "id": "chat-7",
    "platform": "game-chat",
    "participants": [{"id": "lily", "role": "child", "age": 12}, {"id": "sam"}],
    "messages": [
        {"id": "m1", "sender": "sam", "text": "hey, you were really good in the stream today"},
        {"id": "m2", "sender": "lily", "text": "thanks lol"},
        {"id": "m3", "sender": "sam", "text": "you seem so mature for your age"},
        {"id": "m4", "sender": "sam", "text": "are your parents home tonight?"},
        {"id": "m5", "sender": "lily", "text": "no they're out"},
        {"id": "m6", "sender": "sam", "text": "dont tell your mum we talk, she wouldnt get it"},
        {"id": "m7", "sender": "sam", "text": "send me a pic, just for me"},
        {"id": "m8", "sender": "lily", "text": "i dont want to"},
        {"id": "m9", "sender": "sam", "text": "come on just one pic"},
    ],
}


def scan_json(conversations: list[dict[str, Any]], tmp_path: Path) -> dict[str, dict[str, Any]]:
    """`safeguard scan FILE --json` (every level) of ``conversations``, by conversation id."""
    from safeguard.cli import scan_command  # noqa: F401  (registers the command)

    path = tmp_path / f"scan-{len(list(tmp_path.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in conversations), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["scan", str(path), "--json", "--min-level", "none", "--no-progress"]
    )
    assert result.exit_code in (0, 1), result.output
    out = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            out[record["conversation_id"]] = record
    return out


def stream(api: Api, conversation: dict[str, Any]) -> dict[str, Any]:
    """Post ``conversation`` one message at a time; the last response."""
    last: dict[str, Any] = {}
    for message in conversation["messages"]:
        body = {
            "conversation_id": conversation["id"],
            "participants": conversation.get("participants", []),
            **message,
        }
        if conversation.get("platform"):
            body["platform"] = conversation["platform"]
        response = api.client.post("/api/v1/messages", json=body, headers=api.headers())
        assert response.status_code == 200, response.text
        last = response.json()
    return last


def example_conversations() -> list[dict[str, Any]]:
    return [
        conversation_to_dict(read_conversation_line(line, path=str(EXAMPLES), line=n))
        for n, line in enumerate(EXAMPLES.read_bytes().splitlines(), 1)
        if line.strip()
    ]


# -- authentication ----------------------------------------------------------------------


def test_when_no_or_bad_token_then_401_naming_the_header(sqlite_api: Api) -> None:
    body = {"conversation_id": "c", "sender": "a", "text": "hi"}
    response = sqlite_api.client.post("/api/v1/messages", json=body)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["error"]
    response = sqlite_api.client.post(
        "/api/v1/messages", json=body, headers={"Authorization": "Bearer sgk_wrong"}
    )
    assert response.status_code == 401


def test_when_token_lacks_scope_then_403(sqlite_api: Api) -> None:
    _id, reader = sqlite_api.new_token(Scope.ASSESSMENTS_READ)
    response = sqlite_api.client.post(
        "/api/v1/messages",
        json={"conversation_id": "c", "sender": "a", "text": "hi"},
        headers=sqlite_api.headers(reader),
    )
    assert response.status_code == 403
    assert "messages:write" in response.json()["error"]


def test_when_token_revoked_then_refused_and_only_its_hash_is_stored(sqlite_api: Api) -> None:
    from safeguard.api.token_admin import revoke_token
    from safeguard.storage.ingest_tables import ApiTokenRow

    token_id, secret = sqlite_api.new_token(Scope.MESSAGES_WRITE)
    body = {"conversation_id": "c", "sender": "a", "text": "hi"}
    ok = sqlite_api.client.post("/api/v1/messages", json=body, headers=sqlite_api.headers(secret))
    assert ok.status_code == 200
    with sqlite_api.uow() as uow:
        stored = uow.session.scalars(select(ApiTokenRow)).all()
        assert all(secret not in (row.token_hash, row.id, row.note) for row in stored)
    assert revoke_token(sqlite_api.uow(), token_id)
    refused = sqlite_api.client.post(
        "/api/v1/messages", json=body, headers=sqlite_api.headers(secret)
    )
    assert refused.status_code == 401


# -- streaming equals the whole-conversation scan -------------------------------------------


def test_when_messages_stream_one_by_one_then_assessment_equals_scan_json(
    api: Api, tmp_path: Path
) -> None:
    conversations = [GROOMING, *example_conversations()]
    expected = scan_json(conversations, tmp_path)
    for conversation in conversations:
        last = stream(api, conversation)
        assert last["assessment"] == expected[conversation["id"]], conversation["id"]
        assert last["message_count"] == len(conversation["messages"])
        read = api.client.get(
            f"/api/v1/conversations/{conversation['id']}/assessment", headers=api.headers()
        )
        assert read.status_code == 200
        assert read.json()["assessment"] == expected[conversation["id"]]


def test_when_a_batch_mixes_conversations_then_each_equals_scan_json(
    api: Api, tmp_path: Path
) -> None:
    conversations = example_conversations()[:3]
    expected = scan_json(conversations, tmp_path)
    rows = [
        {"conversation_id": c["id"], "participants": c["participants"], **m}
        for c in conversations
        for m in c["messages"]
    ]
    # Interleave the conversations, in two batches.
    rows.sort(key=lambda r: int(r["id"].rsplit("-", 1)[-1]))
    half = len(rows) // 2
    first = api.client.post(
        "/api/v1/messages/batch", json={"messages": rows[:half]}, headers=api.headers()
    )
    second = api.client.post(
        "/api/v1/messages/batch", json={"messages": rows[half:]}, headers=api.headers()
    )
    assert first.status_code == second.status_code == 200
    assert first.json()["accepted"] + second.json()["accepted"] == len(rows)
    final = {c["conversation_id"]: c["assessment"] for c in second.json()["conversations"]}
    for conversation in conversations:
        assert final[conversation["id"]] == expected[conversation["id"]]


def test_when_whole_conversation_posted_and_reposted_grown_then_only_new_messages_stored(
    api: Api, tmp_path: Path
) -> None:
    partial = {**GROOMING, "messages": GROOMING["messages"][:5]}
    first = api.post("/conversations", partial)
    assert first.status_code == 200, first.text
    assert first.json()["accepted"] == 5
    again = api.post("/conversations", GROOMING)
    body = again.json()
    assert (body["accepted"], body["duplicates"]) == (4, 5)
    assert body["assessment"] == scan_json([GROOMING], tmp_path)["chat-7"]
    with api.uow() as uow:
        ids = uow.streams.stored_ids(StreamKey("test-source", "chat-7"))
    assert ids == [m["id"] for m in GROOMING["messages"]]


def test_when_messages_name_recipients_then_each_dyad_is_assessed_alone(
    api: Api, tmp_path: Path
) -> None:
    group = [
        ("sam", "lily", "you seem so mature for your age"),
        ("jo", "lily", "did you finish the homework"),
        ("sam", "lily", "dont tell your mum we talk, she wouldnt get it"),
        ("lily", "jo", "yes"),
        ("sam", "lily", "send me a pic, just for me"),
    ]
    rows = [
        {"conversation_id": "group-1", "id": f"g{i}", "sender": s, "recipient": r, "text": t}
        for i, (s, r, t) in enumerate(group, 1)
    ]
    response = api.post("/messages/batch", {"messages": rows})
    results = {tuple(c["dyad"]): c for c in response.json()["conversations"]}
    assert set(results) == {("lily", "sam"), ("jo", "lily")}
    pair = {
        "id": "group-1",
        "messages": [
            {"id": r["id"], "sender": r["sender"], "text": r["text"]}
            for r in rows
            if {r["sender"], r["recipient"]} == {"sam", "lily"}
        ],
    }
    assert results[("lily", "sam")]["assessment"] == scan_json([pair], tmp_path)["group-1"]
    assert results[("jo", "lily")]["assessment"]["risk"] == "none"
    read = api.client.get(
        "/api/v1/conversations/group-1/assessment?dyad=sam&dyad=lily", headers=api.headers()
    )
    assert read.json()["assessment"] == results[("lily", "sam")]["assessment"]


def test_when_the_server_restarts_then_streaming_resumes_from_stored_state(
    api_factory: Callable[[], Api], tmp_path: Path
) -> None:
    before = api_factory()
    stream(before, {**GROOMING, "messages": GROOMING["messages"][:4]})
    before.client.close()
    before.engine.dispose()
    after = api_factory()
    last = stream(after, {**GROOMING, "messages": GROOMING["messages"][4:]})
    assert last["message_count"] == 9
    assert last["assessment"] == scan_json([GROOMING], tmp_path)["chat-7"]


def test_when_the_signal_library_or_a_detector_changed_then_findings_are_rebuilt(
    sqlite_api: Api, tmp_path: Path
) -> None:
    stream(sqlite_api, {**GROOMING, "messages": GROOMING["messages"][:6]})
    with sqlite_api.uow() as uow:
        row = uow.session.scalar(select(StreamRow))
        assert row is not None
        stale = {**row.findings, "signals": [], "messages": [], "version": "lexicon 0-old"}
        uow.session.execute(update(StreamRow).values(findings=stale))
        uow.commit()
    last = stream(sqlite_api, {**GROOMING, "messages": GROOMING["messages"][6:]})
    assert last["assessment"] == scan_json([GROOMING], tmp_path)["chat-7"]


# -- idempotency and duplicates -----------------------------------------------------------


def test_when_idempotency_key_reused_then_same_response_or_409(api: Api) -> None:
    body = {"conversation_id": "c1", "id": "x1", "sender": "sam", "text": "send me a pic"}
    first = api.client.post(
        "/api/v1/messages", json=body, headers=api.headers(**{"Idempotency-Key": "k-1"})
    )
    again = api.client.post(
        "/api/v1/messages", json=body, headers=api.headers(**{"Idempotency-Key": "k-1"})
    )
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers.get("Idempotent-Replayed") == "true"
    other = api.client.post(
        "/api/v1/messages",
        json={**body, "text": "something else"},
        headers=api.headers(**{"Idempotency-Key": "k-1"}),
    )
    assert other.status_code == 409
    assert other.json()["problems"][0]["field"] == "Idempotency-Key"
    with api.uow() as uow:
        assert uow.streams.stored_ids(StreamKey("test-source", "c1")) == ["x1"]


def test_when_a_message_id_is_resent_then_duplicate_or_409_if_changed(api: Api) -> None:
    body = {"conversation_id": "c2", "id": "y1", "sender": "sam", "text": "hi"}
    assert api.post("/messages", body).json()["accepted"] == 1
    repeat = api.post("/messages", body).json()
    assert (repeat["accepted"], repeat["duplicates"], repeat["message_count"]) == (0, 1, 1)
    changed = api.post("/messages", {**body, "text": "changed"})
    assert changed.status_code == 409
    assert "y1" in changed.json()["error"]


# -- alerts ---------------------------------------------------------------------------------


def test_when_a_stream_reaches_medium_then_one_api_alert_is_queued_until_risk_rises(
    api: Api,
) -> None:
    responses = []
    for message in GROOMING["messages"]:
        body = {
            "conversation_id": "chat-7",
            "participants": GROOMING["participants"],
            **message,
        }
        responses.append(api.post("/messages", body).json())
    raised = [(r["assessment"]["risk"], r["alert_id"]) for r in responses if r["alert_id"]]
    assert raised, "a grooming conversation must raise an alert"
    levels = [risk for risk, _ in raised]
    assert levels == sorted(set(levels), key=levels.index)  # one alert per rise, never repeats
    with api.uow() as uow:
        queue = uow.alerts.list(AlertStatus.OPEN, 0, 50).items
    ours = [a for a in queue if a.source is AlertSource.API]
    assert {a.id for a in ours} == {alert_id for _r, alert_id in raised}
    assert all(a.conversation_id == "chat-7" and a.origin == "test-source" for a in ours)
    assert max(ours, key=lambda a: a.created_at).level == responses[-1]["assessment"]["risk"]


def test_when_monitoring_product_sends_an_alert_then_it_is_queued_with_its_severity(
    api: Api,
) -> None:
    body = {
        "product": "Example Monitor",
        "external_id": "cap-991",
        "severity": "high",
        "child": "pupil-4471",
        "category": "self_harm_risk",
        "summary": "Searched for ways to hurt themself during a lesson",
        "captured_text": "how to hurt myself",
        "observed_at": "2026-03-02T10:15:00Z",
    }
    first = api.post("/monitoring-alerts", body)
    assert first.status_code == 201, first.text
    alert_id = first.json()["alert_id"]
    repeat = api.post("/monitoring-alerts", body)
    assert repeat.status_code == 200
    assert repeat.json() == {"alert_id": alert_id, "level": "high", "duplicate": True}
    with api.uow() as uow:
        alert = uow.alerts.get(alert_id)
    assert alert is not None
    assert (alert.source, alert.level, alert.category) == (
        AlertSource.MONITORING,
        "high",
        "self_harm_risk",
    )
    assert alert.status is AlertStatus.OPEN
    assert "pupil-4471" in alert.summary and alert.origin == "Example Monitor"


def test_when_monitoring_alert_fields_are_wrong_then_422_names_each_field(api: Api) -> None:
    response = api.post(
        "/monitoring-alerts",
        {"product": "X", "severity": "urgent", "category": "nope", "observed_at": "yesterday"},
    )
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"severity", "category", "observed_at", "child", "summary", "external_id"} <= fields


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"conversation_id": "c", "sender": "a", "text": 5}, "text"),
        ({"conversation_id": "c", "sender": "a", "text": "hi", "time": "soon"}, "time"),
        ({"conversation_id": "c", "sender": "a", "text": "hi", "time": "2026-03-01T10:00"}, "time"),
        ({"conversation_id": "", "sender": "a"}, "conversation_id"),
        ({"conversation_id": "c", "text": "hi"}, "sender"),
        ({"conversation_id": "c", "sender": "a", "colour": "red"}, "colour"),
        (
            {"conversation_id": "c", "sender": "a", "participants": [{"id": "a", "age": "12"}]},
            "participants[0].age",
        ),
        (
            {"conversation_id": "c", "sender": "a", "participants": [{"id": "a", "role": "kid"}]},
            "participants[0].role",
        ),
    ],
)
def test_when_a_field_is_wrong_then_422_names_it(
    sqlite_api: Api, body: dict[str, Any], field: str
) -> None:
    response = sqlite_api.post("/messages", body)
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert field in {p["field"] for p in problems}, problems


def test_when_conversation_repeats_a_message_id_then_422_names_the_field(sqlite_api: Api) -> None:
    body = {
        "id": "c",
        "messages": [{"id": "a", "sender": "x", "text": "1"}, {"id": "a", "sender": "x"}],
    }
    response = sqlite_api.post("/conversations", body)
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "messages[1].id"


def test_when_body_is_not_json_then_400(sqlite_api: Api) -> None:
    response = sqlite_api.client.post(
        "/api/v1/messages",
        content=b'{"conversation_id": "c", ',
        headers=sqlite_api.headers(**{"Content-Type": "application/json"}),
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]


def test_when_body_is_too_large_then_413_and_nothing_stored(tmp_path: Path) -> None:
    from .conftest import make_api

    small = make_api(f"sqlite:///{tmp_path / 'small.sqlite3'}", max_body_bytes=4096)
    with small.client:
        big = {"conversation_id": "c", "sender": "a", "text": "x" * 5000}
        response = small.post("/messages", big)
        assert response.status_code == 413
        assert "4096 bytes" in response.json()["error"]
        chunked = small.client.post(
            "/api/v1/messages",
            content=iter([orjson.dumps(big)]),
            headers=small.headers(**{"Content-Type": "application/json"}),
        )
        assert chunked.status_code == 413
        with small.uow() as uow:
            assert uow.streams.message_count() == 0
    small.engine.dispose()


def test_when_batch_is_over_the_limit_then_422_names_messages(sqlite_api: Api) -> None:
    rows = [{"conversation_id": "c", "sender": "a", "text": "hi"}] * 1001
    response = sqlite_api.post("/messages/batch", {"messages": rows})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "messages"


def test_openapi_document_describes_every_endpoint(sqlite_api: Api) -> None:
    document = sqlite_api.client.get("/api/v1/openapi.json").json()
    assert set(document["paths"]) == {
        f"/api/v1{path}"
        for path in (
            "/messages",
            "/messages/batch",
            "/conversations",
            "/conversations/{conversation_id}/assessment",
            "/monitoring-alerts",
            "/health",
        )
    }
    assert "HTTPBearer" in document["components"]["securitySchemes"]


def test_when_idempotency_keys_expire_then_they_are_purged(sqlite_api: Api) -> None:
    from datetime import timedelta

    from safeguard.api.idempotency import RETENTION, Purger
    from safeguard.casework.records import utcnow

    body = {"conversation_id": "c9", "sender": "sam", "text": "hi"}
    sqlite_api.post("/messages", body, **{"Idempotency-Key": "old"})
    later = utcnow() + RETENTION + timedelta(minutes=1)
    with sqlite_api.uow() as uow:
        assert Purger().maybe_purge(uow, later) == 1
        uow.commit()
    with sqlite_api.uow() as uow:
        assert uow.idempotency.get("test-source", "old") is None
