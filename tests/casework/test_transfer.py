"""A CP file exported from one setting imports into another, with a receipt; damage is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from safeguard.casework import handlers, transfer
from safeguard.casework.errors import ConflictError, NotPermitted, ValidationFailed
from safeguard.casework.records import Actor

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "cp-file.schema.json").read_text()
)


def _exported(uow: Any, store: Any, actors: dict[str, Actor]) -> dict[str, Any]:
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
    return transfer.export_cp_file(uow, actors["dsl"], case.child_id)


def test_export_matches_the_published_schema(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    document = _exported(uow, store, actors)
    jsonschema.validate(document, SCHEMA)
    assert document["attachments"][0]["sha256"] == "a" * 64
    assert store.audit[-1].event == "transfer.exported"


def test_import_in_another_setting_keeps_versions_and_gives_a_receipt(
    uow: Any, store: Any, actors: dict[str, Actor], request: pytest.FixtureRequest
) -> None:
    document = _exported(uow, store, actors)
    other_store = type(store)()
    other = type(uow)(other_store)
    receipt = transfer.import_cp_file(other, actors["deputy_dsl"], json.dumps(document).encode())
    assert receipt.details["receipt_for"] == document["sha256"]
    assert (receipt.details["cases"], receipt.details["concerns"]) == (1, 1)
    titles = sorted(c.title for c in other_store.cases.values())
    assert titles == ["Concerns recorded at Unnamed setting", "t"]
    versions = sorted(
        e.version for e in other_store.entries.values() if e.kind == "note" and e.supersedes
    )
    assert versions == [2]
    with pytest.raises(ConflictError):
        transfer.import_cp_file(other, actors["deputy_dsl"], json.dumps(document).encode())


def test_a_changed_file_is_refused(uow: Any, store: Any, actors: dict[str, Actor]) -> None:
    document = _exported(uow, store, actors)
    document["child"]["full_name"] = "Someone Else"
    with pytest.raises(ValidationFailed) as error:
        transfer.import_cp_file(uow, actors["dsl"], json.dumps(document).encode())
    assert "checksum" in error.value.errors["sha256"]


def test_only_case_workers_transfer(uow: Any, store: Any, actors: dict[str, Actor]) -> None:
    with pytest.raises(NotPermitted):
        transfer.export_cp_file(uow, actors["admin"], "x")
