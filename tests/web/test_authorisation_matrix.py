"""Every route, for every role: allowed roles get their page, all others get 403.

The table below must list every route the app has; a new route without an entry fails here.
"""

from __future__ import annotations

import json

import pytest
from fastapi.routing import APIRoute

from safeguard.casework import handlers, transfer
from safeguard.casework.records import AlertStatus, User, new_id
from safeguard.casework.roles import Role
from safeguard.web.passwords import hash_password
from safeguard.web.routes import ROUTERS
from safeguard.web.testing import Site

ALL = {"staff", "dsl", "deputy_dsl", "admin", "auditor"}
CASE = {"dsl", "deputy_dsl"}
LOGGERS = {"staff", "dsl", "deputy_dsl"}
PUBLIC = "public"

EXPECTED: dict[tuple[str, str], set[str] | str] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("GET", "/second-factor"): ALL,
    ("POST", "/second-factor"): ALL,
    ("POST", "/logout"): ALL,
    ("GET", "/"): ALL,
    ("GET", "/concerns/new"): LOGGERS,
    ("POST", "/concerns"): LOGGERS,
    ("GET", "/concerns"): LOGGERS,
    ("GET", "/concerns/{concern_id}"): LOGGERS,
    ("GET", "/alerts"): CASE,
    ("POST", "/alerts/upload"): CASE,
    ("GET", "/alerts/signals"): CASE,
    ("GET", "/alerts/{alert_id}"): CASE,
    ("POST", "/alerts/{alert_id}/dismiss"): CASE,
    ("POST", "/alerts/{alert_id}/escalate"): CASE,
    ("POST", "/alerts/{alert_id}/merge"): CASE,
    ("GET", "/cases"): CASE,
    ("GET", "/cases/{case_id}"): CASE,
    ("POST", "/cases/{case_id}/entries/{kind}"): CASE,
    ("GET", "/cases/{case_id}/entries/{entry_id}/correct"): CASE,
    ("POST", "/cases/{case_id}/entries/{entry_id}/correct"): CASE,
    ("POST", "/cases/{case_id}/attachments"): CASE,
    ("GET", "/children"): CASE,
    ("GET", "/children/{child_id}"): CASE,
    ("POST", "/children/{child_id}/details"): CASE,
    ("GET", "/children/{child_id}/export.pdf"): CASE,
    ("GET", "/children/{child_id}/transfer"): CASE,
    ("POST", "/children/{child_id}/transfer"): CASE,
    ("GET", "/transfers"): CASE,
    ("GET", "/transfers/{transfer_id}"): CASE,
    ("GET", "/transfers/{transfer_id}/cp-file.json"): CASE,
    ("GET", "/transfers/{transfer_id}/cp-file.pdf"): CASE,
    ("POST", "/transfers/{transfer_id}/sent"): CASE,
    ("POST", "/transfers/{transfer_id}/receipt"): CASE,
    ("GET", "/transfers/import"): CASE,
    ("POST", "/transfers/import"): CASE,
    ("GET", "/transfers/receipts/{receipt_id}"): CASE,
    ("GET", "/transfers/receipts/{receipt_id}.json"): CASE,
    ("GET", "/agencies"): ALL,
    ("GET", "/advice"): ALL,
    ("GET", "/admin/users"): {"admin"},
    ("POST", "/admin/users"): {"admin"},
    ("POST", "/admin/users/{user_id}/active"): {"admin"},
    ("POST", "/admin/users/{user_id}/second-factor"): {"admin"},
    ("GET", "/admin/settings"): {"admin"},
    ("POST", "/admin/settings"): {"admin"},
    ("GET", "/audit"): {"auditor"},
    ("GET", "/audit/verify"): {"auditor"},
}


def app_routes() -> set[tuple[str, str]]:
    out = set()
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            out.update((method, route.path) for method in route.methods)
    return out


def test_the_table_covers_every_route() -> None:
    assert app_routes() == set(EXPECTED)


def _sample_ids(site: Site) -> dict[str, str]:
    """Records for every path parameter, made through the use cases."""
    staff, dsl = site.actor("staff"), site.actor("dsl")
    concern = handlers.log_concern(
        site.new_uow(),
        staff,
        {"child_name": "Ava Green", "category": "grooming", "account": "x", "dsl_told": "yes"},
    )
    handlers.log_concern(
        site.new_uow(),
        staff,
        {"child_name": "Ava Green", "category": "threats_abuse", "account": "y", "dsl_told": "no"},
    )
    with site.new_uow() as uow:
        alerts = uow.alerts.list(AlertStatus.OPEN, 0, 10).items
    case = handlers.escalate_alert(
        site.new_uow(), dsl, alerts[0].id, {"child_name": "Ava Green", "title": "t"}
    )
    entry = handlers.add_entry(site.new_uow(), dsl, case.id, "note", {"text": "n"}).entry
    moving = transfer.start_transfer(
        site.new_uow(),
        dsl,
        case.child_id,
        {"new_setting": "Riverside High", "move": "in_year", "starts_on": "2026-03-02",
         "shared_before_move": "yes"},
    )  # fmt: skip
    document = transfer.transfer_file(site.new_uow(), dsl, moving.id, "json")
    code = transfer.view_transfer(site.new_uow(), dsl, moving.id).code
    receipt = transfer.import_cp_file(site.new_uow(), dsl, json.dumps(document).encode(), code)
    target = User(new_id(), "target", "Target Person", Role.STAFF, hash_password("x" * 12))
    with site.new_uow() as uow:
        uow.users.add(target)
        uow.commit()
    return {
        "concern_id": concern.id,
        "alert_id": alerts[1].id,
        "case_id": case.id,
        "kind": "note",
        "entry_id": entry.id,
        "child_id": case.child_id,
        "receipt_id": receipt.id,
        "transfer_id": moving.id,
        "user_id": target.id,
    }


def _request(site: Site, method: str, path: str) -> int:
    if method == "GET":
        return int(site.client.get(path, follow_redirects=False).status_code)
    return int(site.post(path, {}).status_code)


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_reaches_exactly_its_routes(site: Site, role: str) -> None:
    ids = _sample_ids(site)
    site.login(role)
    checked = 0
    for (method, template), allowed in sorted(
        EXPECTED.items(), key=lambda kv: kv[0][1] == "/logout"
    ):
        if allowed == PUBLIC or template == "/logout":
            continue
        path = template.format(**ids)
        status = _request(site, method, path)
        if role in allowed:
            assert status != 403, f"{role} refused {method} {path}"
            assert status < 500, f"{role} {method} {path} -> {status}"
        else:
            assert status == 403, f"{role} reached {method} {path} ({status})"
        checked += 1
    assert checked == len(EXPECTED) - 4


def test_signed_out_visitors_are_sent_to_sign_in(site: Site) -> None:
    ids = {k: "x" * 32 for k in ("concern_id", "alert_id", "case_id", "entry_id", "child_id")}
    ids.update(kind="note", receipt_id="r", user_id="u", transfer_id="t")
    for (method, template), allowed in EXPECTED.items():
        if allowed == PUBLIC or method != "GET":
            continue
        response = site.client.get(template.format(**ids), follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_reading_a_childs_history_needs_a_fresh_second_factor(site: Site) -> None:
    ids = _sample_ids(site)
    site.login("dsl", step_up=False)
    assert site.client.get("/cases", follow_redirects=False).status_code == 200
    response = site.client.get(f"/children/{ids['child_id']}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/second-factor")
    wrong = site.post("/second-factor", {"code": "000000", "next": "/"})
    assert wrong.status_code == 401
    assert site.client.get(f"/cases/{ids['case_id']}", follow_redirects=False).status_code == 303
    concern = site.client.get(f"/concerns/{ids['concern_id']}", follow_redirects=False)
    assert concern.status_code == 303  # someone else's concern is part of the child's history
    assert concern.headers["location"].startswith("/second-factor")
