"""Screenshots of each main page at desktop and phone widths, and an axe-core check of each."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from safeguard.storage.testing import in_ci
from safeguard.web.testing import browser_login

from .conftest import Server  # type: ignore[import-not-found]

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 390}
SIDEWAYS_SCROLL = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _main_pages(page: Page) -> list[tuple[str, str, str]]:
    """(name, user, path) of each main page, with ids found through the UI."""
    browser_login(page, "dsl")
    page.goto("/cases")
    case_path = page.locator("main table a").first.get_attribute("href") or "/cases"
    page.goto(case_path)
    child_path = page.locator(".crumbs a[href^='/children/']").first.get_attribute("href") or "/"
    page.goto("/alerts?status=all")
    alert_path = page.locator("main table a").first.get_attribute("href") or "/alerts"
    page.goto("/transfers?show=all")
    transfer_path = page.locator("main table a").first.get_attribute("href") or "/transfers"
    return [
        ("login", "", "/login"),
        ("start-staff", "staff", "/"),
        ("log-a-concern", "staff", "/concerns/new"),
        ("alerts", "dsl", "/alerts?status=all"),
        ("alert", "dsl", alert_path),
        ("signals", "dsl", "/alerts/signals"),
        ("case", "dsl", case_path),
        ("chronology", "dsl", child_path),
        ("transfers", "dsl", "/transfers?show=all"),
        ("transfer", "dsl", transfer_path),
        ("import", "dsl", "/transfers/import"),
        ("agencies", "dsl", "/agencies"),
        ("advice", "dsl", "/advice?category=sextortion&audience=parents"),
        ("users", "admin", "/admin/users"),
        ("audit", "auditor", "/audit"),
    ]


def _visit(browser: Browser, server: Server, width: int, bypass_csp: bool = False) -> Any:
    context = browser.new_context(
        base_url=server.base_url, viewport={"width": width, "height": 900}, bypass_csp=bypass_csp
    )
    return context


def test_screenshots_of_every_main_page(browser: Browser, server: Server, tmp_path: Path) -> None:
    """Always taken and checked; kept in docs/screenshots when SAFEGUARD_UPDATE_SCREENSHOTS=1."""
    shots = SHOTS if os.environ.get("SAFEGUARD_UPDATE_SCREENSHOTS") == "1" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    finder = browser.new_context(base_url=server.base_url)
    pages = _main_pages(finder.new_page())
    finder.close()
    for label, width in WIDTHS.items():
        for user in ("", "staff", "dsl", "admin", "auditor"):
            context = _visit(browser, server, width)
            page = context.new_page()
            if user:
                browser_login(page, user)
            for name, who, path in pages:
                if who != user:
                    continue
                response = page.goto(path)
                assert response is not None and response.ok, f"{path}: {response}"
                page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
                if label == "phone":
                    overflow = page.evaluate(SIDEWAYS_SCROLL)
                    assert overflow <= 1, f"{name} scrolls sideways on a phone ({overflow}px)"
            context.close()
    assert len(list(shots.glob("*.png"))) >= 2 * len(pages)


def test_no_serious_accessibility_violations(browser: Browser, server: Server) -> None:
    if not AXE.exists():
        message = "axe-core missing: run scripts/ensure_chromium.sh"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    finder = browser.new_context(base_url=server.base_url)
    pages = _main_pages(finder.new_page())
    finder.close()
    problems: list[str] = []
    for user in ("", "staff", "dsl", "admin", "auditor"):
        context = _visit(browser, server, 1280, bypass_csp=True)
        page = context.new_page()
        if user:
            browser_login(page, user)
        for name, who, path in pages:
            if who != user:
                continue
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
            for violation in result["violations"]:
                if violation["impact"] in {"serious", "critical"}:
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
        context.close()
    assert not problems, "\n".join(problems)
