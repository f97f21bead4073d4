"""``Idempotency-Key``: the same key with the same body replays the stored response; the same
key with a different body is refused with 409. Stored in the request's own transaction, so a
response is remembered exactly when its effects were committed. Keys are kept for
:data:`RETENTION` (a retry after that is treated as a new request)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from safeguard.api.errors import Conflict, InvalidInput
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork

MAX_KEY = 200
RETENTION = timedelta(hours=24)
PURGE_EVERY_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: str


def request_hash(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), b" ", path.encode(), b"\n", body):
        digest.update(part)
    return digest.hexdigest()


def check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise InvalidInput(
            "bad Idempotency-Key header",
            [("Idempotency-Key", f"expected 1-{MAX_KEY} printable characters")],
        )
    return key


def replay(uow: IngestUnitOfWork, source: str, key: str, fingerprint: str) -> StoredResponse | None:
    """The stored response for ``key``, None if the key is new; Conflict if the body differs."""
    row = uow.idempotency.get(source, key)
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise Conflict(
            "this Idempotency-Key was already used with a different request",
            [("Idempotency-Key", "reused with a different body or endpoint")],
        )
    return StoredResponse(row.status_code, row.response)


class Purger:
    """Deletes expired keys, at most once every :data:`PURGE_EVERY_SECONDS` per process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def maybe_purge(self, uow: IngestUnitOfWork, now: datetime) -> int:
        with self._lock:
            if self._clock() < self._next:
                return 0
            self._next = self._clock() + PURGE_EVERY_SECONDS
        return uow.idempotency.purge(now - RETENTION)
