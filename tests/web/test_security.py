"""Security behaviour at the HTTP edge: CSRF, rate limits, headers, images, escaping, audit."""

from __future__ import annotations

import re

from click.testing import CliRunner
from sqlalchemy import text

import safeguard.cli.audit_command  # noqa: F401  (registers `audit` on the group)
from safeguard.casework.records import AlertStatus
from safeguard.cli.main import cli
from safeguard.web.testing import PASSWORD, Site

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _events(site: Site) -> list[str]:
    with site.new_uow() as uow:
        return [r.event for r in uow.audit.all()]


def test_a_form_without_the_csrf_token_is_refused(site: Site) -> None:
    site.login("staff")
    response = site.client.post("/concerns", data={"child_name": "Mia Jones"})
    assert response.status_code == 400
    assert "Form expired" in response.text


def test_login_is_rate_limited_after_five_failures(site: Site) -> None:
    for _ in range(5):
        token = site.csrf("/login")
        bad = site.client.post(
            "/login", data={"csrf_token": token, "username": "dsl", "password": "nope"}
        )
        assert bad.status_code == 401
    token = site.csrf("/login")
    limited = site.client.post(
        "/login", data={"csrf_token": token, "username": "dsl", "password": PASSWORD}
    )
    assert limited.status_code == 429
    assert "Too many failed attempts" in limited.text


def test_pages_carry_a_strict_content_security_policy(site: Site) -> None:
    response = site.client.get("/login")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_session_cookie_is_secure_httponly_and_strict(site: Site) -> None:
    token = site.csrf("/login")
    response = site.client.post(
        "/login",
        data={"csrf_token": token, "username": "staff", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie


def test_failed_concern_keeps_what_was_typed_and_markup_is_escaped(site: Site) -> None:
    site.login("staff")
    response = site.post("/concerns", {"child_name": XSS, "account": XSS, "opinion": "my view"})
    assert response.status_code == 422
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text
    assert "my view" in response.text
    assert "choose yes or no" in response.text


def test_markup_in_a_concern_renders_as_text_for_the_dsl(site: Site) -> None:
    site.login("staff")
    site.post(
        "/concerns",
        {"child_name": "Mia Jones", "category": "grooming", "account": XSS, "dsl_told": "yes"},
    )
    site.client.cookies.clear()
    site.login("dsl")
    with site.new_uow() as uow:
        alert = uow.alerts.list(AlertStatus.OPEN, 0, 1).items[0]
    page = site.client.get(f"/alerts/{alert.id}").text
    assert "<script>" not in page and "onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_image_upload_into_a_case_is_refused_and_audited(site: Site) -> None:
    site.login("staff")
    site.post(
        "/concerns",
        {
            "child_name": "Mia Jones",
            "category": "sexual_imagery",
            "account": "a",
            "dsl_told": "yes",
        },
    )
    site.client.cookies.clear()
    site.login("dsl")
    with site.new_uow() as uow:
        alert = uow.alerts.list(AlertStatus.OPEN, 0, 1).items[0]
    case_url = site.post(
        f"/alerts/{alert.id}/escalate", {"child_name": "Mia Jones", "title": "Image shared"}
    ).headers["location"]
    for name, kind in (("photo.jpg", "image/jpeg"), ("notes.txt", "text/plain")):
        response = site.post(f"{case_url}/attachments", {}, files={"file": (name, PNG, kind)})
        assert response.status_code == 415
        assert "Images are never uploaded" in response.text
        assert "hashes" in response.text
    assert _events(site).count("case.image_refused") == 2


def test_every_case_read_is_audited_in_the_same_request(site: Site) -> None:
    site.login("staff")
    site.post(
        "/concerns",
        {"child_name": "Mia Jones", "category": "grooming", "account": "a", "dsl_told": "yes"},
    )
    assert _events(site)[-2:] == ["concern.logged", "alert.raised"]
    site.client.cookies.clear()
    site.login("dsl")
    with site.new_uow() as uow:
        alert = uow.alerts.list(AlertStatus.OPEN, 0, 1).items[0]
    case_url = site.post(
        f"/alerts/{alert.id}/escalate", {"child_name": "Mia Jones", "title": "t"}
    ).headers["location"]
    before = len(_events(site))
    site.client.get(case_url)
    assert _events(site)[before:] == ["case.viewed"]


def test_audit_verify_command_detects_tampering(site: Site) -> None:
    site.login("dsl")
    url = f"sqlite:///{site.db_path}"
    runner = CliRunner()
    ok = runner.invoke(cli, ["audit", "verify", "--database", url])
    assert ok.exit_code == 0, ok.output
    assert re.search(r"intact: \d+ events", ok.output)
    with site.new_uow() as uow:
        uow.session.execute(text("UPDATE audit_events SET actor_role = 'admin' WHERE seq = 1"))
        uow.session.commit()
    broken = runner.invoke(cli, ["audit", "verify", "--database", url])
    assert broken.exit_code == 1
    assert "BROKEN at event 1" in broken.output
