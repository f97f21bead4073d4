"""The main pages render for the roles that use them."""

from __future__ import annotations

from safeguard.web.testing import Site


def test_dsl_sees_start_page_counts(site: Site) -> None:
    site.login("dsl")
    page = site.client.get("/")
    assert page.status_code == 200
    assert "open alerts" in page.text
