"""A person's journeys through the dashboard in Debian's chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from safeguard.web.testing import Interactions, browser_login

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror=alert(1)><script>alert("xss")</script>'


def test_staff_logs_a_concern_in_six_interactions_or_fewer(page: Page) -> None:
    browser_login(page, "staff")
    person = Interactions(page)
    person.click("text=Log a concern >> nth=-1")
    person.fill("#f-child_name", "Amira Khan")
    person.select("#f-category", "image_solicitation")
    person.fill("#f-account", 'Amira said a man online asked her to "send a pic, just for me".')
    person.check("input[name=dsl_told][value=yes]")
    person.click("main form button[type=submit] >> nth=0")
    expect(page.locator(".flash")).to_contain_text("The DSL has been alerted")
    print(f"\nlog-a-concern interactions: {person.count}")
    assert person.count <= 6


def test_failed_concern_form_keeps_everything_typed(page: Page) -> None:
    browser_login(page, "staff")
    page.goto("/concerns/new")
    page.fill("#f-child_name", "Amira Khan")
    page.select_option("#f-category", "grooming")
    page.fill("#f-account", "He said to keep it secret")
    page.click("main form summary")
    page.fill("#f-opinion", "I think she was scared")
    page.click("main form button[type=submit] >> nth=0")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#f-child_name")).to_have_value("Amira Khan")
    expect(page.locator("#f-category")).to_have_value("grooming")
    expect(page.locator("#f-account")).to_have_value("He said to keep it secret")
    expect(page.locator("#f-opinion")).to_have_value("I think she was scared")


def test_dsl_triages_alerts_from_a_scan(page: Page) -> None:
    browser_login(page, "dsl")
    page.goto("/alerts")
    page.click("text=chat-102")
    page.click("#dis-f-reason >> xpath=ancestor::form//button")
    expect(page.locator(".error-summary")).to_contain_text("reason")
    page.fill("#dis-f-reason", "Asking about a school trip, not a stranger")
    page.click("#dis-f-reason >> xpath=ancestor::form//button")
    expect(page.locator(".flash")).to_contain_text("dismissed")
    page.click("text=chat-101")
    page.fill("#esc-f-child_name", "Noah Williams")
    page.fill("#esc-f-title", "Secret-keeping online contact")
    page.click("text=Open a case")
    expect(page.locator("h1")).to_have_text("Secret-keeping online contact")
    page.goto("/alerts/signals")
    expect(page.locator("table")).to_contain_text("personal_info")


def test_dsl_works_a_case_through_the_ukcis_flow_and_exports(
    page: Page, context: BrowserContext
) -> None:
    browser_login(page, "staff")
    page.goto("/concerns/new")
    page.fill("#f-child_name", "Ella Roberts")
    page.select_option("#f-category", "sextortion")
    page.fill("#f-account", 'Ella said "he will post my photo unless I pay him".')
    page.check("input[name=dsl_told][value=yes]")
    page.click("main form button[type=submit] >> nth=0")
    page.click("button:has-text('Sign out')")
    browser_login(page, "dsl")
    page.goto("/alerts")
    page.click("text=Sextortion >> nth=0")
    page.fill("#esc-f-title", "Threats to share an image")
    page.click("text=Open a case")
    case_url = page.url

    page.click("text=Record the initial review")
    page.select_option("#f-f_images_involved", "yes")
    page.select_option("#f-f_adult_involved", "no")
    page.select_option("#f-f_financially_motivated", "yes")
    page.fill("#f-youngest_age", "15")
    page.click("text=Save to the record")
    urgent = page.locator(".urgent")
    expect(urgent).to_contain_text("T6")
    urgent.locator("text=Record the referral").click()
    page.select_option("#f-agency", "ceop_safety_centre")
    page.fill("#f-referred_at", "2026-03-02T10:30")
    page.fill("#f-reference", "CEOP-123")
    page.click("text=Save to the record")
    expect(page.locator(".urgent")).to_have_count(0)

    page.click(".addlinks >> text=Viewing decision")
    page.select_option("#f-decision", "not_viewed")
    page.fill("#f-written_reasons", "Decided on what Ella told us; no need to view.")
    page.click("text=Save to the record")
    page.click(".addlinks >> text=Parents or carers")
    page.check("input[name=informed][value=yes]")
    page.click("text=Save to the record")
    expect(page.locator(".error-summary")).to_contain_text("when")
    page.fill("#f-when", "2026-03-02T15:00")
    page.fill("#f-by_whom", "Dana Shah")
    page.click("text=Save to the record")
    page.click(".addlinks >> text=Decision")
    page.select_option("#f-decision", "refer_police")
    page.fill("#f-reasons", "Sextortion is child sexual abuse (NCA); referred to CEOP.")
    page.click("text=Save to the record")
    expect(page.locator(".gaps")).to_have_count(0)

    page.click("a[href^='/children/']")
    expect(page.locator("svg")).to_be_visible()
    page.click("text=Transfer the CP file to a new setting")
    page.fill("#f-new_setting", "Riverside High School")
    page.select_option("#f-move", "in_year")
    page.fill("#f-starts_on", "2026-03-02")
    page.check("input[name=shared_before_move][value=yes]")
    page.click("button:has-text('Record the move')")
    expect(page.locator(".state")).to_contain_text("Overdue")
    code = page.locator(".code").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4}-){5}[A-Z2-7]{4}", code)
    with page.expect_download() as info:
        page.click("text=CP file (JSON)")
    document = json.loads(info.value.path().read_text())
    assert document["format"] == "safeguard-cp-file" and document["signature"]["value"]
    assert any(e["kind"] == "referral" for c in document["cases"] for e in c["entries"])
    assert re.fullmatch(r"[0-9a-f]{64}", document["sha256"])
    page.select_option("#sent-f-route", "encrypted_email")
    page.click("text=Record as sent")
    expect(page.locator(".flash")).to_contain_text("Recorded as sent")

    # The receiving DSL imports it with the code; their receipt comes back signed.
    page.goto("/transfers/import")
    page.set_input_files("#cp-file", str(info.value.path()))
    page.fill("#f-code", "AAAA AAAA AAAA AAAA AAAA AAAA")
    page.click("text=Check and import")
    expect(page.locator(".error-summary")).to_contain_text("does not match")
    page.set_input_files("#cp-file", str(info.value.path()))
    page.fill("#f-code", code.lower())
    page.click("text=Check and import")
    expect(page.locator("h1")).to_have_text("Receipt for a CP file")
    with page.expect_download() as receipt_info:
        page.click("text=Download the receipt (JSON)")
    page.goto("/transfers?show=all")
    page.click("text=Ella Roberts")
    page.set_input_files("#receipt-file", str(receipt_info.value.path()))
    page.click("text=Check and record the receipt")
    expect(page.locator(".state")).to_contain_text("signature checked")
    assert case_url


def test_an_image_offered_to_a_case_is_refused_with_what_to_record_instead(
    page: Page, tmp_path: Path
) -> None:
    noise = tmp_path / "noise.png"
    _noise_png(noise)
    browser_login(page, "dsl")
    page.goto("/cases")
    page.locator("main table a").first.click()
    page.set_input_files("#attach", str(noise))
    page.click("text=Attach >> nth=-1")
    expect(page.locator("h1")).to_have_text("Images are never stored")
    expect(page.locator("main")).to_contain_text("Images are never uploaded")
    expect(page.locator("main")).to_contain_text("hashes")
    assert page.locator("main img").count() == 0


def _noise_png(path: Path) -> None:
    """A small generated image of random grey noise (never a photo)."""
    import random
    import struct
    import zlib

    rng = random.Random(3)
    rows = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(16)) for _ in range(16))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_markup_in_every_field_renders_inert(page: Page) -> None:
    browser_login(page, "staff")
    page.goto("/concerns/new")
    page.fill("#f-child_name", f"Zoe {XSS}")
    page.select_option("#f-category", "threats_abuse")
    page.fill("#f-account", XSS)
    page.check("input[name=dsl_told][value=no]")
    page.click("main form summary")
    page.fill("#f-opinion", XSS)
    page.fill("#f-device_notes", XSS)
    page.fill("#f-linked_children", f"Kai {XSS}")
    page.click("main form button[type=submit] >> nth=0")
    expect(page.locator("main")).to_contain_text('<script>alert("xss")</script>')
    page.click("button:has-text('Sign out')")
    browser_login(page, "dsl")
    page.goto("/alerts")
    page.click("text=Threats, abuse >> nth=0")
    expect(page.locator("main")).to_contain_text("onerror=alert(1)")
    page.fill("#esc-f-title", XSS)
    page.click("text=Open a case")
    page.click(".addlinks >> text=Note")
    page.fill("#f-text", XSS)
    page.fill("#f-opinion", XSS)
    page.click("text=Save to the record")
    expect(page.locator("h1")).to_have_text(XSS)
    page.click("a[href^='/children/']")
    expect(page.locator("main")).to_contain_text(XSS)
    page.click("text=Transfer the CP file to a new setting")
    page.fill("#f-new_setting", XSS)
    page.fill("#f-new_setting_contact", XSS)
    page.select_option("#f-move", "new_term")
    page.fill("#f-starts_on", "2026-09-03")
    page.check("input[name=shared_before_move][value=no]")
    page.fill("#f-notes", XSS)
    page.click("button:has-text('Record the move')")
    expect(page.locator("h1")).to_contain_text(XSS)
    expect(page.locator("main")).to_contain_text("Not yet considered")
    page.goto("/transfers")
    expect(page.locator("main table")).to_contain_text(XSS)
    page.goto("/alerts")
    page.click("text=Threats, abuse >> nth=0")
    alert_url = page.url
    page.fill("#dis-f-reason", XSS)
    page.click("#dis-f-reason >> xpath=ancestor::form//button")
    page.goto(alert_url)
    expect(page.locator("main")).to_contain_text(f"dismissed: {XSS}")
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
