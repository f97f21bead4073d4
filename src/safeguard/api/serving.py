"""The ASGI app ``safeguard api-serve`` runs: the API alone, its paths under ``/api/v1``."""

from __future__ import annotations

from fastapi import FastAPI

from safeguard.api.app import API_PREFIX, app_from_environment


def mounted(api: FastAPI) -> FastAPI:
    """A root app with ``api`` (built without a prefix) mounted at ``/api/v1``, as in the
    dashboard."""
    root = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    root.mount(API_PREFIX, api)
    return root


def api_root() -> FastAPI:
    """The ingestion API, built in each worker process from the environment."""
    return app_from_environment()
