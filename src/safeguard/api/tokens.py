"""Per-source API tokens: generated once, shown once, stored only as a SHA-256 hash.

A token is ``sgk_`` plus 43 URL-safe characters (256 random bits), so a fast hash is enough:
nobody can guess one to try offline, and the lookup costs one indexed query.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import Enum

TOKEN_PREFIX = "sgk_"
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


class Scope(Enum):
    """What a token may do."""

    MESSAGES_WRITE = "messages:write"  # submit messages and conversations
    ASSESSMENTS_READ = "assessments:read"  # read a conversation's current assessment
    ALERTS_WRITE = "alerts:write"  # send alerts from a school monitoring product

    @classmethod
    def parse(cls, text: str) -> Scope:
        try:
            return cls(text.strip())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown scope {text!r}; expected one of {choices}") from None


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the token's id, its source and its scopes."""

    token_id: str
    source: str
    scopes: frozenset[Scope]

    def may(self, scope: Scope) -> bool:
        return scope in self.scopes


def check_source(name: str) -> str:
    """A source name: lower-case letters, digits, ``.``, ``_`` or ``-``, at most 80."""
    if not _SOURCE.match(name):
        raise ValueError(
            f"bad source name {name!r}: use 1-80 lower-case letters, digits, '.', '_' or '-'"
        )
    return name


def new_token() -> str:
    """A fresh secret token (shown to the operator once)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
