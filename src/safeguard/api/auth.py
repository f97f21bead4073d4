"""Bearer-token authentication with a short-lived cache of checked tokens."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from safeguard.api.errors import ScopeMissing, Unauthorised
from safeguard.api.tokens import Principal, Scope, token_hash
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork

MAX_CACHED = 10_000


class TokenChecker:
    """Turns an ``Authorization`` header into a :class:`Principal`, or raises.

    A token found valid is trusted for ``cache_seconds`` before it is looked up again, so a
    revoked token stops working within that time (0 looks it up on every request).
    """

    def __init__(
        self,
        uow_factory: Callable[[], IngestUnitOfWork],
        cache_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._uow_factory = uow_factory
        self._ttl = cache_seconds
        self._clock = clock
        self._cache: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def cached(self, header: str | None) -> Principal | None:
        """The principal if this header's token was checked recently; no database access."""
        digest = _digest(header)
        if digest is None or self._ttl <= 0:
            return None
        with self._lock:
            hit = self._cache.get(digest)
        if hit is not None and hit[1] > self._clock():
            return hit[0]
        return None

    def check(self, header: str | None) -> Principal:
        """The principal behind ``header`` (looked up in the database if not cached)."""
        found = self.cached(header)
        if found is not None:
            return found
        digest = _digest(header)
        if digest is None:
            raise Unauthorised("send an API token as 'Authorization: Bearer <token>'")
        with self._uow_factory() as uow:
            token = uow.tokens.by_hash(digest)
        if token is None or token.revoked_at is not None:
            raise Unauthorised("the API token is not valid (unknown or revoked)")
        scopes = frozenset(Scope(s) for s in token.scopes if s in _SCOPE_NAMES)
        principal = Principal(token.id, token.source, scopes)
        if self._ttl > 0:
            with self._lock:
                if len(self._cache) >= MAX_CACHED:
                    self._cache.clear()
                self._cache[digest] = (principal, self._clock() + self._ttl)
        return principal


def require(principal: Principal, scope: Scope) -> None:
    if not principal.may(scope):
        raise ScopeMissing(f"this token lacks the '{scope.value}' scope")


_SCOPE_NAMES = frozenset(s.value for s in Scope)


def _digest(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    return token_hash(token)
