"""The dashboard serves the ingestion API at /api/v1, with JSON errors (not HTML pages)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from safeguard.storage.database import make_engine
from safeguard.storage.migrate import upgrade
from safeguard.web.app import create_app
from safeguard.web.config import WebConfig


def test_when_the_dashboard_runs_then_api_v1_is_mounted_with_its_openapi(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = create_app(WebConfig(database_url=url, secret_key="k" * 40))
    with TestClient(app, base_url="https://testserver") as client:
        assert client.get("/api/v1/health").json() == {"status": "ok"}
        document = client.get("/api/v1/openapi.json").json()
        assert "/messages" in document["paths"]
        refused = client.post("/api/v1/messages", json={})
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/json"
    app.state.engine.dispose()
