"""Argon2 password hashing and TOTP second-factor checks."""

from __future__ import annotations

from functools import lru_cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; a missing user still costs one hash (no timing oracle)."""
    if password_hash is None:
        hasher().hash(password)
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"use at least {MIN_PASSWORD_LENGTH} characters"
    return None


def new_totp_secret() -> str:
    return pyotp.random_base32()


def verify_totp(secret: str | None, code: str) -> bool:
    """Whether ``code`` is the current (or adjacent) TOTP code for ``secret``."""
    code = code.strip().replace(" ", "")
    if not secret or not code.isdigit():
        return False
    return bool(pyotp.TOTP(secret).verify(code, valid_window=1))


def provisioning_uri(secret: str, username: str, issuer: str = "Safeguard") -> str:
    return str(pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer))
