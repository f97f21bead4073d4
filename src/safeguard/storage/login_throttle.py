"""Login rate limiting kept in the database, so it holds across workers and restarts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from safeguard.storage.tables import LoginAttemptRow


def recent_failures(session: Session, key: str, now: datetime, window: timedelta) -> int:
    query = select(func.count()).where(
        LoginAttemptRow.key == key, LoginAttemptRow.at > now - window
    )
    return int(session.scalar(query) or 0)


def record_failure(session: Session, key: str, now: datetime) -> None:
    session.add(LoginAttemptRow(key=key, at=now))


def clear_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.key == key))
