"""The API's errors, each with its HTTP status, mapped to a JSON body only at the edge.

ApiError
├── Unauthorised      401  no token, an unknown token or a revoked one
├── ScopeMissing      403  the token lacks the scope the endpoint needs
├── Conflict          409  an Idempotency-Key reused with another body; a message id reused
│                          with other content
├── BodyTooLarge      413  the body exceeds the configured limit
└── InvalidInput      422  a field is missing, mistyped or out of range (each one named)
"""

from __future__ import annotations

from collections.abc import Sequence


class ApiError(Exception):
    status = 500

    def __init__(self, message: str, problems: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def body(self) -> dict[str, object]:
        return {
            "error": self.message,
            "problems": [{"field": f, "problem": p} for f, p in self.problems],
        }


class Unauthorised(ApiError):
    status = 401


class ScopeMissing(ApiError):
    status = 403


class Conflict(ApiError):
    status = 409


class BodyTooLarge(ApiError):
    status = 413


class InvalidInput(ApiError):
    status = 422
