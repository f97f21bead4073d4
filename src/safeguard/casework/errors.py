"""Errors the casework domain raises; the web layer maps them to pages and status codes.

SafeguardError
└── CaseworkError
    ├── ValidationFailed      a form or command is incomplete or invalid (field -> message)
    ├── ImageRefused          an image was offered for a case record (never stored)
    ├── NotPermitted          the actor's role may not do this
    ├── NotFound              no such record (or not visible to the actor)
    └── ConflictError         the record is in a state that forbids the change
"""

from __future__ import annotations

from collections.abc import Mapping

from safeguard.core.errors import SafeguardError


class CaseworkError(SafeguardError):
    """Base of every casework error."""


class ValidationFailed(CaseworkError):
    """Input was incomplete or invalid; ``errors`` maps each field to a plain message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class ImageRefused(CaseworkError):
    """An image upload was refused: the record system never holds the image."""

    MESSAGE = (
        "Images are never uploaded into a safeguarding record. Holding or copying an image "
        "of a child that may be indecent is itself an offence, and staff must not view it. "
        "Record instead: what you were told about the image, who reported it, the platform, "
        "how far it spread, the device it is on and how it was secured, and its hashes "
        "(SHA-256, MD5 or PDQ) if a hashing tool produced them. Report Remove (Childline/IWF) "
        "helps a young person get it taken down."
    )

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


class NotPermitted(CaseworkError):
    """The actor's role does not allow this."""


class NotFound(CaseworkError):
    """The record does not exist, or the actor may not know that it does."""


class ConflictError(CaseworkError):
    """The record's state forbids the change (e.g. triaging a dismissed alert)."""
