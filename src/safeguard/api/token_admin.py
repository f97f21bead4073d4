"""Create, revoke and list per-source API tokens (used by ``safeguard api-token``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from safeguard.api.tokens import Scope, check_source, new_token, token_hash
from safeguard.casework.records import new_id, utcnow
from safeguard.storage.ingest_repository import StoredToken
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork


def create_token(
    uow: IngestUnitOfWork, source: str, scopes: Iterable[Scope], note: str = ""
) -> tuple[StoredToken, str]:
    """A new token for ``source``; returns the stored record and the secret (shown once)."""
    check_source(source)
    chosen = tuple(sorted({s.value for s in scopes}))
    if not chosen:
        raise ValueError("give at least one scope")
    secret = new_token()
    token = StoredToken(
        id=new_id(), source=source, scopes=chosen, note=note[:200], created_at=utcnow()
    )
    with uow:
        uow.tokens.add(token, token_hash(secret))
        uow.commit()
    return token, secret


def revoke_token(uow: IngestUnitOfWork, token_id: str) -> bool:
    """Revoke a token by id; False if unknown or already revoked."""
    with uow:
        done = uow.tokens.revoke(token_id, utcnow())
        uow.commit()
    return done


def list_tokens(uow: IngestUnitOfWork, source: str | None = None) -> Sequence[StoredToken]:
    with uow:
        return uow.tokens.list(source)
