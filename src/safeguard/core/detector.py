"""The one interface every detector implements, and the view of a conversation it reads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from safeguard.core.conversation import Conversation
from safeguard.core.normaliser import NormalisedText, normalise
from safeguard.core.signals import Signal


@dataclass(frozen=True, slots=True)
class ConversationView:
    """A conversation with each message's text normalised once, shared by all detectors."""

    conversation: Conversation
    normalised: tuple[NormalisedText, ...]

    @classmethod
    def of(cls, conversation: Conversation) -> ConversationView:
        return cls(conversation, tuple(normalise(m.text) for m in conversation.messages))


class Detector(ABC):
    """A small, versioned, pluggable detector.

    It declares its ``name``, ``version`` and the ``categories`` it can raise, and has one
    scoring method, :meth:`detect`, returning frozen :class:`Signal` objects that carry their
    own explanation. Detectors hold no per-conversation state.
    """

    name: ClassVar[str]
    version: ClassVar[str]
    categories: ClassVar[tuple[str, ...]]

    @abstractmethod
    def detect(self, view: ConversationView) -> Sequence[Signal]:
        """Every signal this detector finds in the conversation."""
