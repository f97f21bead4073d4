"""End to end over HTTP: a concern becomes an alert, a case, a UKCIS decision and a CP file."""

from __future__ import annotations

import json
import re

from safeguard.casework.records import AlertStatus
from safeguard.web.testing import Site

CONCERN = {
    "child_name": "Mia Jones",
    "category": "sextortion",
    "account": 'Mia said "he says he will share my photo unless I pay".',
    "dsl_told": "yes",
}


def _log_concern(site: Site) -> str:
    site.login("staff")
    response = site.post("/concerns", CONCERN)
    assert response.status_code == 303
    site.client.cookies.clear()
    return response.headers["location"]


def _open_alert_id(site: Site) -> str:
    with site.new_uow() as uow:
        page = uow.alerts.list(AlertStatus.OPEN, 0, 10)
    return str(page.items[0].id)


def test_staff_concern_reaches_the_dsl_queue_and_staff_see_only_their_own(site: Site) -> None:
    location = _log_concern(site)
    site.login("staff")
    assert "Mia Jones" in site.client.get(location).text
    assert site.client.get("/alerts", follow_redirects=False).status_code == 403
    site.client.cookies.clear()
    site.login("dsl")
    queue = site.client.get("/alerts").text
    assert "Sextortion" in queue and "Concern logged by Staff Person" in queue


def test_case_flow_with_ukcis_trigger_referral_correction_and_export(site: Site) -> None:
    _log_concern(site)
    site.login("dsl")
    alert_id = _open_alert_id(site)
    response = site.post(
        f"/alerts/{alert_id}/escalate", {"child_name": "Mia Jones", "title": "Threats to share"}
    )
    assert response.status_code == 303
    case_url = response.headers["location"]
    case_page = site.client.get(case_url)
    assert case_page.status_code == 200
    assert "UKCIS" in case_page.text

    review = {f"f_{k}": "no" for k in ("adult_involved", "shared_with_adult", "coerced_or_groomed")}
    review.update(f_images_involved="yes", f_blackmailed="yes", youngest_age="14")
    response = site.post(f"{case_url}/entries/ukcis_review", review)
    assert response.status_code == 303
    page = site.client.get(case_url).text
    assert "Refer now" in page and "T2" in page

    referral = {
        "agency": "police_non_emergency",
        "referred_at": "2026-03-02T10:00",
        "reference": "REF-1",
    }
    assert site.post(f"{case_url}/entries/referral", referral).status_code == 303
    page = site.client.get(case_url).text
    assert "Refer now" not in page

    note = {"text": "Mia now says she feels unsafe at home", "new_facts": "immediate_risk_of_harm"}
    assert site.post(f"{case_url}/entries/note", note).status_code == 303
    page = site.client.get(case_url).text
    assert "Refer now" in page and "T5" in page

    entry_id = re.findall(r'id="entry-([0-9a-f]{32})"', page)[-1]
    bad = site.post(f"{case_url}/entries/{entry_id}/correct", {"text": "typo fixed"})
    assert bad.status_code == 422 and "typo fixed" in bad.text
    good = site.post(
        f"{case_url}/entries/{entry_id}/correct",
        {"text": "Mia says she feels unsafe", "correction_reason": "exact words"},
    )
    assert good.status_code == 303
    page = site.client.get(case_url).text
    assert "version 2" in page and "Earlier versions (1)" in page

    with site.new_uow() as uow:
        child = uow.children.find("Mia Jones")[0]
    chronology = site.client.get(f"/children/{child.id}")
    assert chronology.status_code == 200 and "<svg" in chronology.text
    assert site.client.get(f"/children/{child.id}/export.pdf").content.startswith(b"%PDF")


def _transfer_out(site: Site) -> tuple[str, dict[str, object], str]:
    """Mia's file, prepared for Riverside High: (transfer page, document, code)."""
    _log_concern(site)
    site.login("dsl")
    with site.new_uow() as uow:
        child = uow.children.find("Mia Jones")[0]
    bad = site.post(f"/children/{child.id}/transfer", {"new_setting": "Riverside High"})
    assert bad.status_code == 422 and "Riverside High" in bad.text
    started = site.post(
        f"/children/{child.id}/transfer",
        {"new_setting": "Riverside High", "move": "in_year", "starts_on": "2026-03-02",
         "shared_before_move": "yes", "new_setting_contact": "Ms Lee, 01632 960123"},
    )  # fmt: skip
    assert started.status_code == 303
    page_url = started.headers["location"]
    page = site.client.get(page_url).text
    code = re.search(r'<strong class="code">([A-Z2-7-]+)</strong>', page)
    assert code and "Overdue" in page  # due 9 Mar 2026, long past
    document = site.client.get(f"{page_url}/cp-file.json").json()
    assert document["transfer"]["new_setting"] == "Riverside High"
    assert site.client.get(f"{page_url}/cp-file.pdf").content.startswith(b"%PDF")
    return page_url, document, code.group(1)


def test_transfer_out_and_in_with_code_signed_receipt_and_confirmation(site: Site) -> None:
    page_url, document, code = _transfer_out(site)
    sent = site.post(f"{page_url}/sent", {"route": "encrypted_email", "sent_on": "2026-03-03"})
    assert sent.status_code == 303
    assert "No confirmation of receipt" in site.client.get(page_url).text
    assert "1</strong> CP file transfers overdue or to chase" in site.client.get("/").text

    raw = json.dumps(document).encode()
    wrong = site.post(
        "/transfers/import",
        {"code": "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"},
        files={"file": ("cp.json", raw, "application/json")},
    )
    assert wrong.status_code == 422 and "does not match" in wrong.text
    assert "AAAA-AAAA" in wrong.text  # the code stays as typed
    imported = site.post(
        "/transfers/import", {"code": code}, files={"file": ("cp.json", raw, "application/json")}
    )
    assert imported.status_code == 303, imported.text
    receipt_url = imported.headers["location"]
    assert document["sha256"] in site.client.get(receipt_url).text
    receipt = site.client.get(f"{receipt_url}.json").json()
    assert (
        receipt["format"] == "safeguard-cp-receipt" and receipt["receipt_for"] == document["sha256"]
    )

    done = site.post(
        f"{page_url}/receipt",
        {},
        files={"receipt": ("r.json", json.dumps(receipt), "application/json")},
    )
    assert done.status_code == 303, done.text
    page = site.client.get(page_url).text
    assert "signature checked" in page and "Receipt confirmed" in page
    with site.new_uow() as uow:
        events = [r.event for r in uow.audit.all()]
    for name in ("transfer.started", "transfer.exported", "transfer.sent", "transfer.imported",
                 "transfer.receipt_viewed", "transfer.receipt_recorded"):  # fmt: skip
        assert name in events, name


def test_rails_at_the_point_of_action_name_source_jurisdiction_and_verification(
    site: Site,
) -> None:
    site.login("staff")
    form = site.client.get("/concerns/new").text
    for text in ("call the police on 999", "Don&#39;t search the device", "challenge the",
                 "Don&#39;t investigate yourself", "Reassure the child"):  # fmt: skip
        assert text in form, text
    assert "UKCIS F3 [V]" in form and "· England" in form
    assert "needs verification" in form and "verified</span>" in form
    site.client.cookies.clear()
    _log_concern(site)
    site.login("dsl")
    queue = site.client.get("/alerts").text
    assert "Concern logged by staff" in queue
    case_url = site.post(
        f"/alerts/{_open_alert_id(site)}/escalate", {"child_name": "Mia Jones", "title": "t"}
    ).headers["location"]
    case_page = site.client.get(case_url).text
    assert "Do and don" in case_page and "NCA sextortion alert" in case_page
