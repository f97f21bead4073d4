"""API settings as data with help text, read from the environment and validated on load."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from safeguard.storage.database import database_url

MAX_BODY_ENV = "SAFEGUARD_API_MAX_BODY_BYTES"
TOKEN_CACHE_ENV = "SAFEGUARD_API_TOKEN_CACHE_SECONDS"

SETTINGS_HELP: dict[str, str] = {
    "SAFEGUARD_DATABASE_URL": "Database URL, shared with the dashboard (see its settings).",
    MAX_BODY_ENV: "Largest request body the API accepts, in bytes (default 4194304, 4 MiB); "
    "larger bodies get 413.",
    TOKEN_CACHE_ENV: "How long a checked token is trusted before it is looked up again, in "
    "seconds (default 5). A revoked token stops working within this time.",
}

MAX_BATCH_MESSAGES = 1_000
MAX_CONVERSATION_MESSAGES = 10_000
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """Everything the ingestion API needs to start."""

    database_url: str
    max_body_bytes: int = 4 * 1024 * 1024
    token_cache_seconds: float = 5.0

    def __post_init__(self) -> None:
        if not 1024 <= self.max_body_bytes <= 256 * 1024 * 1024:
            raise ValueError(f"{MAX_BODY_ENV} must be between 1024 and 268435456 bytes")
        if not 0 <= self.token_cache_seconds <= 3600:
            raise ValueError(f"{TOKEN_CACHE_ENV} must be between 0 and 3600 seconds")


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def load_api_config(database: str | None = None, env: Mapping[str, str] | None = None) -> ApiConfig:
    """Configuration from the environment (see SETTINGS_HELP), failing loudly when invalid."""
    values = os.environ if env is None else env
    return ApiConfig(
        database_url=database_url(database),
        max_body_bytes=int(_number(values, MAX_BODY_ENV, 4 * 1024 * 1024)),
        token_cache_seconds=_number(values, TOKEN_CACHE_ENV, 5.0),
    )
