"""A CP file goes to a new setting on time, signed; the receiver checks it and signs a receipt.

PRACTICE.md B11: within 5 school days of an in-year move or of the start of a new term, by a
secure route, with confirmation of receipt, chasing if none comes within 5 school days.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from safeguard.casework import child_file, handlers, record_rules, signing, transfer
from safeguard.casework.cp_file import checksum, manifest
from safeguard.casework.errors import ConflictError, NotPermitted, ValidationFailed
from safeguard.casework.records import Actor, TransferStatus

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "cp-file.schema.json").read_text()
)
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _case_for_mia(uow: Any, store: Any, actors: dict[str, Actor]) -> str:
    handlers.log_concern(
        uow, actors["staff"],
        {"child_name": "Mia Jones", "category": "grooming", "account": "a", "dsl_told": "yes"},
    )  # fmt: skip
    (alert,) = store.alerts.values()
    case = handlers.escalate_alert(
        uow, actors["dsl"], alert.id, {"child_name": "Mia Jones", "title": "t"}
    )
    first = handlers.add_entry(uow, actors["dsl"], case.id, "note", {"text": "v1"}).entry
    handlers.add_entry(
        uow, actors["dsl"], case.id, "note", {"text": "v2", "correction_reason": "typo"},
        supersedes=first.id,
    )  # fmt: skip
    handlers.add_entry(
        uow, actors["dsl"], case.id, "evidence",
        {"item": "phone", "secured": "switched_off", "sha256": "a" * 64},
    )  # fmt: skip
    return case.child_id


def _move(uow: Any, dsl: Actor, child_id: str, **changes: str) -> Any:
    form = {
        "new_setting": "Riverside High",
        "move": "in_year",
        "starts_on": "2026-03-02",
        "shared_before_move": "yes",
        **changes,
    }
    return transfer.start_transfer(uow, dsl, child_id, form, MONDAY)


@pytest.fixture
def sent(uow: Any, store: Any, actors: dict[str, Actor]) -> tuple[Any, dict[str, Any], str]:
    """A transfer with its signed file, and the code the receiving DSL is told."""
    child_id = _case_for_mia(uow, store, actors)
    moving = _move(uow, actors["dsl"], child_id)
    document = transfer.transfer_file(uow, actors["dsl"], moving.id, "json", MONDAY)
    code = transfer.view_transfer(uow, actors["dsl"], moving.id, MONDAY).code
    return moving, document, code


def _receiver(store: Any, uow: Any) -> tuple[Any, Any]:
    other_store = type(store)()
    return other_store, type(uow)(other_store)


def test_an_in_year_move_is_due_five_school_days_later_and_warns_when_overdue(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    child_id = _case_for_mia(uow, store, actors)
    moving = _move(uow, actors["dsl"], child_id, starts_on="2026-03-05")  # a Thursday
    assert moving.due_on == date(2026, 3, 12)
    assert store.audit[-1].event == "transfer.started"
    on_time = transfer.view_transfer(uow, actors["dsl"], moving.id, MONDAY)
    assert on_time.state.level == "due" and "by 12 Mar 2026" in on_time.state.message
    late = transfer.view_transfer(uow, actors["dsl"], moving.id, datetime(2026, 3, 13, tzinfo=UTC))
    assert late.state.level == "overdue" and late.state.needs_action
    assert not late.state.rule.verified  # type: ignore[union-attr]
    assert transfer.transfers_needing_action(uow, datetime(2026, 3, 13, tzinfo=UTC)) == 1


def test_a_new_term_move_is_due_by_the_fifth_school_day_of_term(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    child_id = _case_for_mia(uow, store, actors)
    moving = _move(uow, actors["dsl"], child_id, move="new_term", starts_on="2026-09-03")
    assert moving.due_on == date(2026, 9, 9)  # Thu 3rd is day 1; Wed 9th is day 5


def test_the_move_form_names_each_missing_answer(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    child_id = _case_for_mia(uow, store, actors)
    with pytest.raises(ValidationFailed) as error:
        transfer.start_transfer(uow, actors["dsl"], child_id, {"move": "by_post"}, MONDAY)
    assert set(error.value.errors) == {"new_setting", "move", "starts_on", "shared_before_move"}


def test_the_signed_file_matches_the_published_schema_and_is_recorded_on_the_transfer(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    moving, document, code = sent
    jsonschema.validate(document, SCHEMA)
    assert document["export_id"] == moving.id and document["version"] == 2
    assert document["transfer"]["due_on"] == "2026-03-09"
    assert document["attachments"][0]["sha256"] == "a" * 64
    assert document["manifest"] == manifest(document)
    assert signing.signature_matches(signing.parse_code(code) or b"", document)
    files = store.outgoing[moving.id].details["files"]
    assert [f["sha256"] for f in files] == [document["sha256"]]
    assert store.audit[-2].event == "transfer.exported"


def test_import_with_the_code_keeps_versions_and_gives_a_signed_receipt(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    _, document, code = sent
    other_store, other = _receiver(store, uow)
    raw = json.dumps(document).encode()
    receipt = transfer.import_cp_file(other, actors["deputy_dsl"], raw, code.lower(), MONDAY)
    body = receipt.details
    assert body["receipt_for"] == document["sha256"]
    assert (body["cases"], body["concerns"]) == (1, 1)
    assert signing.signature_matches(signing.parse_code(code) or b"", body)
    titles = sorted(c.title for c in other_store.cases.values())
    assert titles == ["Concerns recorded at Unnamed setting", "t"]
    versions = sorted(
        e.version for e in other_store.entries.values() if e.kind == "note" and e.supersedes
    )
    assert versions == [2]
    with pytest.raises(ConflictError):
        transfer.import_cp_file(other, actors["deputy_dsl"], raw, code)


def test_without_the_right_code_the_file_is_refused(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    _, document, _ = sent
    raw = json.dumps(document).encode()
    _, other = _receiver(store, uow)
    for typed, message in (("", "six groups"), ("AAAA-" * 5 + "AAAA", "does not match")):
        with pytest.raises(ValidationFailed) as error:
            transfer.import_cp_file(other, actors["dsl"], raw, typed)
        assert message in error.value.errors["code"]


def test_a_changed_section_is_named_and_a_recomputed_checksum_breaks_the_signature(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    _, document, code = sent
    _, other = _receiver(store, uow)
    changed = json.loads(json.dumps(document))
    changed["child"]["full_name"] = "Someone Else"
    with pytest.raises(ValidationFailed) as error:
        transfer.import_cp_file(other, actors["dsl"], json.dumps(changed).encode(), code)
    assert error.value.errors["manifest"].endswith(": child")
    # Someone who also recomputes the manifest and checksum still lacks the key.
    changed["manifest"] = manifest(changed)
    changed["sha256"] = checksum(changed)
    with pytest.raises(ValidationFailed) as error:
        transfer.import_cp_file(other, actors["dsl"], json.dumps(changed).encode(), code)
    assert "altered" in error.value.errors["code"]


def test_a_version_1_file_is_refused_with_what_to_do(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    _, document, code = sent
    with pytest.raises(ValidationFailed) as error:
        transfer.import_cp_file(
            uow, actors["dsl"], json.dumps({**document, "version": 1}).encode(), code
        )
    assert "export the file again" in error.value.errors["version"]


def test_the_signed_receipt_confirms_the_transfer_and_a_forged_one_does_not(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    moving, document, code = sent
    dsl = actors["dsl"]
    with pytest.raises(ConflictError):
        transfer.record_receipt(uow, dsl, moving.id, b"{}", {}, MONDAY)
    with pytest.raises(ValidationFailed) as error:
        transfer.mark_sent(uow, dsl, moving.id, {"route": "post", "sent_on": "2027-01-01"}, MONDAY)
    assert set(error.value.errors) == {"route"}
    with pytest.raises(ValidationFailed) as error:
        transfer.mark_sent(
            uow, dsl, moving.id, {"route": "by_hand", "sent_on": "2027-01-01"}, MONDAY
        )
    assert "future" in error.value.errors["sent_on"]
    transfer.mark_sent(
        uow, dsl, moving.id, {"route": "encrypted_email", "sent_on": "2026-03-02"}, MONDAY
    )
    waiting = transfer.view_transfer(uow, dsl, moving.id, datetime(2026, 3, 9, tzinfo=UTC))
    assert waiting.state.level == "ok"
    chase = transfer.view_transfer(uow, dsl, moving.id, datetime(2026, 3, 10, tzinfo=UTC))
    assert chase.state.level == "chase" and "chase" in chase.state.message
    assert transfer.transfers_needing_action(uow, datetime(2026, 3, 9, tzinfo=UTC)) == 0
    assert transfer.transfers_needing_action(uow, datetime(2026, 3, 10, tzinfo=UTC)) == 1

    _, other = _receiver(store, uow)
    receipt = transfer.import_cp_file(other, actors["dsl"], json.dumps(document).encode(), code)
    forged = {**receipt.details, "received_by": "Someone Else"}
    with pytest.raises(ValidationFailed) as error:
        transfer.record_receipt(uow, dsl, moving.id, json.dumps(forged).encode(), {}, MONDAY)
    assert "signature does not match" in error.value.errors["receipt"]
    other_transfer = {**receipt.details, "export_id": "elsewhere"}
    with pytest.raises(ValidationFailed) as error:
        transfer.record_receipt(
            uow, dsl, moving.id, json.dumps(other_transfer).encode(), {}, MONDAY
        )
    assert "different transfer" in error.value.errors["receipt"]

    raw = json.dumps(receipt.details).encode()
    done = transfer.record_receipt(uow, dsl, moving.id, raw, {}, MONDAY)
    assert done.status is TransferStatus.RECEIVED
    assert done.details["receipt"]["verified"] is True
    assert store.audit[-1].event == "transfer.receipt_recorded"
    assert transfer.view_transfer(uow, dsl, moving.id, MONDAY).state.level == "done"
    with pytest.raises(ConflictError):
        transfer.record_receipt(uow, dsl, moving.id, raw, {}, MONDAY)


def test_a_receipt_confirmed_by_phone_is_recorded_as_not_signed(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    moving, _, _ = sent
    dsl = actors["dsl"]
    transfer.mark_sent(uow, dsl, moving.id, {"route": "by_hand", "sent_on": "2026-03-02"}, MONDAY)
    with pytest.raises(ValidationFailed) as error:
        transfer.record_receipt(uow, dsl, moving.id, None, {"acknowledged_by": "Ms Lee"}, MONDAY)
    assert set(error.value.errors) == {"acknowledged_on", "how"}
    form = {"acknowledged_by": "Ms Lee, DSL", "acknowledged_on": "2026-03-02", "how": "phone call"}
    done = transfer.record_receipt(uow, dsl, moving.id, None, form, MONDAY)
    assert done.details["receipt"]["verified"] is False
    assert "confirmed by hand" in transfer.view_transfer(uow, dsl, moving.id).state.message


def test_nothing_can_be_sent_before_a_file_is_prepared(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    moving = _move(uow, actors["dsl"], _case_for_mia(uow, store, actors))
    with pytest.raises(ValidationFailed) as error:
        transfer.mark_sent(
            uow, actors["dsl"], moving.id, {"route": "by_hand", "sent_on": "2026-03-02"}, MONDAY
        )
    assert "download the CP file" in error.value.errors["file"]


def test_only_case_workers_transfer(uow: Any, store: Any, actors: dict[str, Actor]) -> None:
    child_id = _case_for_mia(uow, store, actors)
    for role in ("staff", "admin", "auditor"):
        with pytest.raises(NotPermitted):
            transfer.export_cp_file(uow, actors[role], child_id)
        with pytest.raises(NotPermitted):
            _move(uow, actors[role], child_id)


def test_the_child_file_shows_retention_transfers_and_receipts(
    uow: Any, store: Any, actors: dict[str, Actor], sent: tuple[Any, dict[str, Any], str]
) -> None:
    moving, document, code = sent
    dsl = actors["dsl"]
    with pytest.raises(ValidationFailed):
        child_file.update_child_details(uow, dsl, moving.child_id, {"date_of_birth": "2099-01-01"})
    child_file.update_child_details(
        uow, dsl, moving.child_id, {"date_of_birth": "2012-02-29", "year_group": "Year 9"}
    )
    assert store.audit[-1].event == "child.details_changed"
    file = child_file.child_file(uow, dsl, moving.child_id, MONDAY)
    assert file.retain_until == date(2037, 2, 28)
    assert not file.past_retention(date(2037, 2, 28)) and file.past_retention(date(2037, 3, 1))
    assert [t.id for t, _ in file.transfers] == [moving.id]
    assert "transfer" in file.chronology.kinds
    assert store.audit[-1].event == "child.chronology_viewed"
    assert all(not rule.verified for rule in file.retention_rules)

    other_store, other = _receiver(store, uow)
    document = transfer.transfer_file(uow, dsl, moving.id, "json", MONDAY)
    receipt = transfer.import_cp_file(other, dsl, json.dumps(document).encode(), code)
    imported = child_file.child_file(other, dsl, receipt.child_id, MONDAY)
    assert imported.child.date_of_birth == date(2012, 2, 29)
    assert [r.id for r in imported.receipts] == [receipt.id]
    transfer.receipt_for(other, dsl, receipt.id)
    assert other_store.audit[-1].event == "transfer.receipt_viewed"


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("abcd-efgh", False), ("not a code at all, not a code!!", False)],
)
def test_transfer_codes_are_forgiving_about_case_spaces_and_lookalikes(
    typed: str, ok: bool
) -> None:
    key = signing.transfer_key(b"k" * 32, "t1")
    code = signing.transfer_code(key)
    assert len(code.split("-")) == 6
    assert signing.parse_code(code.lower().replace("-", " ")) == key
    assert signing.parse_code(code.replace("O", "0").replace("I", "1")) == key
    assert (signing.parse_code(typed) is not None) is ok


@pytest.mark.parametrize("today", [date(2026, 3, d) for d in range(1, 32)])
def test_the_chase_cutoff_agrees_with_the_chase_date(today: date) -> None:
    cutoff = record_rules.last_unchased_day(today)
    assert (
        record_rules.chase_from(cutoff)
        <= today
        < record_rules.chase_from(cutoff + timedelta(days=1))
    )
