"""The use cases on in-memory fakes: permissions, validation, triage, the append-only record."""

from __future__ import annotations

from typing import Any

import pytest

from safeguard.casework import handlers
from safeguard.casework.errors import ConflictError, NotFound, NotPermitted, ValidationFailed
from safeguard.casework.records import Actor, AlertSource, AlertStatus, CaseStatus
from safeguard.casework.scan_import import parse_scan_json

CONCERN = {
    "child_name": "Mia Jones",
    "category": "sextortion",
    "account": '"he says he will share it"',
    "dsl_told": "yes",
    "linked_children": "Leo Brown",
}


def test_when_staff_log_a_concern_then_the_dsl_gets_a_high_alert(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    concern = handlers.log_concern(uow, actors["staff"], CONCERN)
    (alert,) = store.alerts.values()
    assert alert.source is AlertSource.CONCERN and alert.level == "high"
    assert alert.concern_id == concern.id and alert.child_id == concern.child_id
    assert len(concern.linked_child_ids) == 1
    assert [r.event for r in store.audit] == ["concern.logged", "alert.raised"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("child_name", "M. J.", "full name"),
        ("dsl_told", "", "yes or no"),
        ("category", "gossip", "listed options"),
        ("linked_children", "L B", "full name"),
    ],
)
def test_invalid_concerns_name_the_field(
    uow: Any, store: Any, actors: dict[str, Actor], field: str, value: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        handlers.log_concern(uow, actors["staff"], {**CONCERN, field: value})
    assert message in error.value.errors[field]
    assert not store.concerns and not store.audit


def test_roles_that_may_not_log_concerns_are_refused(uow: Any, actors: dict[str, Actor]) -> None:
    for role in ("admin", "auditor"):
        with pytest.raises(NotPermitted):
            handlers.log_concern(uow, actors[role], CONCERN)


def test_staff_cannot_read_another_persons_concern(uow: Any, actors: dict[str, Actor]) -> None:
    concern = handlers.log_concern(uow, actors["dsl"], CONCERN)
    with pytest.raises(NotFound):
        handlers.view_concern(uow, actors["staff"], concern.id)
    assert (
        handlers.view_concern(uow, actors["deputy_dsl"], concern.id).child.full_name == "Mia Jones"
    )


def test_dismissal_needs_a_reason_and_counts_against_the_signal(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    handlers.log_concern(uow, actors["staff"], CONCERN)
    (alert,) = store.alerts.values()
    with pytest.raises(ValidationFailed):
        handlers.dismiss_alert(uow, actors["dsl"], alert.id, {"reason": "  "})
    handlers.dismiss_alert(uow, actors["dsl"], alert.id, {"reason": "role-play in drama class"})
    assert store.alerts[alert.id].status is AlertStatus.DISMISSED
    assert handlers.signal_stats(uow, actors["dsl"]) == [("concern:sextortion", 1, 1, 0)]
    with pytest.raises(ConflictError):
        handlers.dismiss_alert(uow, actors["dsl"], alert.id, {"reason": "again"})


def test_escalate_then_merge_builds_one_case_from_two_alerts(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    handlers.log_concern(uow, actors["staff"], CONCERN)
    handlers.log_concern(uow, actors["staff"], {**CONCERN, "category": "grooming"})
    first, second = store.alerts.values()
    case = handlers.escalate_alert(
        uow, actors["dsl"], first.id, {"child_name": "Mia Jones", "title": "Threats"}
    )
    handlers.merge_alert(uow, actors["dsl"], second.id, case.id)
    entries = store.entries.values()
    assert [e.data["how"] for e in entries] == ["escalated", "merged"]
    assert {c.case_id for c in store.concerns.values()} == {case.id}


def test_scan_alerts_only_for_medium_and_above(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    scan = "\n".join(
        [
            '{"conversation_id": "a", "risk": "high", "score": 0.8, "categories": [{"category": '
            '"grooming", "level": "high", "score": 0.8, "first_flag_message_id": "a1", "evidence": '
            '[{"message_id": "a1", "why": "secrecy", "rule": "keep_secret"}]}]}',
            '{"conversation_id": "b", "risk": "low", "score": 0.3, "categories": []}',
        ]
    )
    alerts = handlers.ingest_scan(uow, actors["dsl"], parse_scan_json(scan), scan.encode())
    assert [a.conversation_id for a in alerts] == ["a"]
    assert [s.name for s in alerts[0].signals] == ["grooming:keep_secret"]
    with pytest.raises(NotPermitted):
        handlers.ingest_scan(uow, actors["staff"], parse_scan_json(scan), scan.encode())


def _case(uow: Any, store: Any, actors: dict[str, Actor]) -> str:
    handlers.log_concern(uow, actors["staff"], CONCERN)
    (alert,) = store.alerts.values()
    return str(
        handlers.escalate_alert(
            uow, actors["dsl"], alert.id, {"child_name": "Mia Jones", "title": "t"}
        ).id
    )


def test_corrections_are_new_versions_and_the_original_stays(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    case_id = _case(uow, store, actors)
    first = handlers.add_entry(
        uow, actors["dsl"], case_id, "note", {"text": "said on Monday"}
    ).entry
    with pytest.raises(ValidationFailed) as error:
        handlers.add_entry(
            uow, actors["dsl"], case_id, "note", {"text": "Tuesday"}, supersedes=first.id
        )
    assert "correction_reason" in error.value.errors
    form = {"text": "said on Tuesday", "correction_reason": "wrong day"}
    fixed = handlers.add_entry(uow, actors["dsl"], case_id, "note", form, supersedes=first.id).entry
    assert fixed.version == 2 and store.entries[first.id].data["text"] == "said on Monday"
    view = handlers.view_case(uow, actors["dsl"], case_id)
    corrected = [h for h in view.entries if h.earlier]
    assert corrected[0].current.id == fixed.id and corrected[0].earlier[0].id == first.id
    with pytest.raises(ConflictError):
        handlers.add_entry(
            uow,
            actors["dsl"],
            case_id,
            "note",
            {"text": "x", "correction_reason": "y"},
            supersedes=first.id,
        )


def test_closing_a_case_stops_further_entries(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    case_id = _case(uow, store, actors)
    handlers.add_entry(
        uow,
        actors["dsl"],
        case_id,
        "closure",
        {"outcome": "resolved_in_setting", "summary": "done"},
    )
    assert store.cases[case_id].status is CaseStatus.CLOSED
    with pytest.raises(ConflictError):
        handlers.add_entry(uow, actors["dsl"], case_id, "note", {"text": "late"})


def test_parents_not_informed_needs_the_reason(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    case_id = _case(uow, store, actors)
    with pytest.raises(ValidationFailed) as error:
        handlers.add_entry(uow, actors["dsl"], case_id, "parents", {"informed": "no"})
    assert set(error.value.errors) == {"why_not"}


def test_viewing_exception_needs_a_second_person_present(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    case_id = _case(uow, store, actors)
    form = {
        "decision": "exception",
        "reason": "unavoidable",
        "agreed_by": "Head Teacher",
        "viewer": "Dana Shah",
        "present": "dana shah",
        "written_reasons": "presented by child",
    }
    with pytest.raises(ValidationFailed) as error:
        handlers.add_entry(uow, actors["dsl"], case_id, "viewing", form)
    assert "present" in error.value.errors


def test_evidence_takes_hashes_not_images(uow: Any, store: Any, actors: dict[str, Actor]) -> None:
    case_id = _case(uow, store, actors)
    with pytest.raises(ValidationFailed) as error:
        handlers.add_entry(
            uow,
            actors["dsl"],
            case_id,
            "evidence",
            {"item": "phone", "secured": "flight_mode", "sha256": "not-a-hash"},
        )
    assert "64 hexadecimal" in error.value.errors["sha256"]
    assert handlers.looks_like_image_or_video(
        "x.bin", "application/octet-stream", b"\xff\xd8\xff\xe0"
    )
    assert not handlers.looks_like_image_or_video("notes.txt", "text/plain", b"hello")
