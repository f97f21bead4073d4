"""A signal: one piece of evidence a detector found in one message, with its explanation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from safeguard.core.image_evidence import ImageEvidence


class Voice(Enum):
    """Whose words make the signal meaningful.

    ``REQUEST``: words aimed at the other party (an adult asking, pressing, threatening) —
    discounted when the sender is known to be the child.
    ``DISCLOSURE``: the sender speaks about themself (self-harm risk, sharing their address) —
    discounted when the sender is known to be an adult.
    ``ANY``: meaningful whoever says it.
    """

    REQUEST = "request"
    DISCLOSURE = "disclosure"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Signal:
    """One detector hit in one message.

    ``weight`` is the detector's confidence in [0, 1] that this message alone shows the
    category; the assessor combines weights across messages. ``reason`` is plain English a
    DSL can read ("asks the child to keep the chat secret"). ``quote`` is the original text
    the signal rests on (what was actually written, before normalisation). ``image`` carries
    the facts of an image attachment (hashes, bank match, model labels) for image findings.
    """

    category: str
    message_index: int
    message_id: str
    sender: str
    weight: float
    reason: str
    detector: str
    detector_version: str
    rule: str
    quote: str = ""
    span: tuple[int, int] | None = None
    voice: Voice = Voice.ANY
    stage: str | None = None
    image: ImageEvidence | None = None
