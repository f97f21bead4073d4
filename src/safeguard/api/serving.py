"""The ASGI app ``safeguard api-serve`` runs: the API mounted at ``/api/v1``."""

from __future__ import annotations

from fastapi import FastAPI

from safeguard.api.app import API_PREFIX, app_from_environment


def mounted(api: FastAPI) -> FastAPI:
    """A root app with only ``api`` mounted at ``/api/v1``."""
    root = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    root.mount(API_PREFIX, api)
    return root


def api_root() -> FastAPI:
    """The ingestion API alone, built in each worker from the environment."""
    return mounted(app_from_environment())
