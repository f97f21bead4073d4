"""Tamper evidence for CP files and receipts: HMAC-SHA256 with a per-transfer key.

Each setting has one root key (kept in its database, never shown). A transfer's key is derived
from the root key and the transfer's id, and is handed to the receiving DSL as a short
*transfer code* by a different route from the file (read out on the phone, say). The receiving
setting checks the file's signature with the code and signs its receipt with the same code, so
the sender can check the receipt in turn. Anyone who changes the file in transit, without the
code, breaks the signature; a receiver who has the code can only sign that one transfer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

ALGORITHM = "HMAC-SHA256"
CODE_BYTES = 15  # 120 bits: 24 base32 characters, read out as six groups of four
_DERIVE_LABEL = b"safeguard-cp-transfer\x00"
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def canonical(document: Mapping[str, Any], *leave_out: str) -> bytes:
    """Sorted keys, no spaces, UTF-8, without the ``leave_out`` keys: the bytes that are signed."""
    body = {k: v for k, v in document.items() if k not in leave_out}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(value: Any) -> str:
    """SHA-256 of the canonical JSON of ``value`` (any JSON value)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def transfer_key(root_key: bytes, transfer_id: str) -> bytes:
    """The key of one transfer, derived from the setting's root key."""
    mac = hmac.new(root_key, _DERIVE_LABEL + transfer_id.encode(), hashlib.sha256)
    return mac.digest()[:CODE_BYTES]


def key_id(root_key: bytes) -> str:
    """A short public fingerprint of the root key (names it without revealing it)."""
    return hashlib.sha256(b"safeguard-key-id\x00" + root_key).hexdigest()[:16]


def transfer_code(key: bytes) -> str:
    """The key as people read it: six groups of four letters and digits."""
    text = base64.b32encode(key).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_code(text: str) -> bytes | None:
    """The key a typed transfer code stands for, or None if it is not a transfer code.

    Spaces, dashes and case are ignored; 0, 1 and 8 are read as O, I and B.
    """
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != len(transfer_code(bytes(CODE_BYTES)).replace("-", "")):
        return None
    try:
        key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:  # binascii.Error is a ValueError
        return None
    return key if len(key) == CODE_BYTES else None


def sign(key: bytes, document: Mapping[str, Any]) -> dict[str, str]:
    """The signature block for ``document`` (everything but its ``signature`` key)."""
    value = hmac.new(key, canonical(document, "signature"), hashlib.sha256).hexdigest()
    return {"alg": ALGORITHM, "value": value}


def signature_matches(key: bytes, document: Mapping[str, Any]) -> bool:
    """Whether ``document``'s signature was made with ``key`` over its current content."""
    block = document.get("signature")
    if not isinstance(block, dict) or block.get("alg") != ALGORITHM:
        return False
    value = block.get("value")
    if not isinstance(value, str):
        return False
    return hmac.compare_digest(sign(key, document)["value"], value)
