"""Web configuration as data with help text, read from the environment and validated on load."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from safeguard.storage.database import database_url

SECRET_KEY_ENV = "SAFEGUARD_SECRET_KEY"
INSECURE_COOKIES_ENV = "SAFEGUARD_INSECURE_COOKIES"
SECRET_KEY_FILE = Path("instance") / "secret_key"

SETTINGS_HELP: dict[str, str] = {
    "SAFEGUARD_DATABASE_URL": "Database URL; default an SQLite file instance/safeguard.sqlite3. "
    "For PostgreSQL: postgresql://user@host:5432/dbname.",
    SECRET_KEY_ENV: "Key that signs session cookies (at least 32 characters). Default: a random "
    "key generated once and kept in instance/secret_key.",
    INSECURE_COOKIES_ENV: "Set to 1 only for plain-HTTP testing on another host: session "
    "cookies then lose the Secure flag. Browsers accept Secure cookies on 127.0.0.1.",
}


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Everything the web app needs to start."""

    database_url: str
    secret_key: str
    secure_cookies: bool = True
    session_hours: int = 8
    step_up_minutes: int = 15  # how long a TOTP check lets a user read children's history
    login_attempts: int = 5  # failures allowed per username and per address ...
    login_window_minutes: int = 15  # ... within this many minutes
    max_upload_bytes: int = 20 * 1024 * 1024

    def __post_init__(self) -> None:
        if len(self.secret_key) < 32:
            raise ValueError(f"{SECRET_KEY_ENV} must be at least 32 characters")


def _secret_from_file(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def load_config(database: str | None = None) -> WebConfig:
    """Configuration from the environment (see SETTINGS_HELP), failing loudly when invalid."""
    secret = os.environ.get(SECRET_KEY_ENV, "").strip() or _secret_from_file(SECRET_KEY_FILE)
    insecure = os.environ.get(INSECURE_COOKIES_ENV, "").strip().lower() in {"1", "true", "yes"}
    return WebConfig(
        database_url=database_url(database), secret_key=secret, secure_cookies=not insecure
    )
