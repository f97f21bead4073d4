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
    exported = site.client.get(f"/children/{child.id}/export.json")
    document = exported.json()
    assert document["format"] == "safeguard-cp-file"
    assert site.client.get(f"/children/{child.id}/export.pdf").content.startswith(b"%PDF")

    imported = site.post(
        "/transfer/import",
        {},
        files={"file": ("cp.json", json.dumps(document).encode(), "application/json")},
    )
    assert imported.status_code == 303, imported.text
    receipt = site.client.get(imported.headers["location"])
    assert document["sha256"] in receipt.text
