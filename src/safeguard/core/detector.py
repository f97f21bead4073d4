"""The one interface every detector implements, and the view of a conversation it reads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import ClassVar, cast, overload

from safeguard.core.conversation import Conversation
from safeguard.core.normaliser import (
    SEPARATOR,
    NormalisedText,
    default_tables,
    normalise_joined,
)
from safeguard.core.signals import Signal

REMEMBERED_TEXTS = 50_000
REMEMBERED_LENGTH = 200
# Normalised texts of messages seen before (chat repeats itself), per normalisation table; only
# texts that needed no word-by-word path, so a remembered text is a plain one.
_REMEMBERED: dict[int, dict[str, str]] = {}


def _remembered() -> dict[str, str]:
    tables = id(default_tables())
    found = _REMEMBERED.get(tables)
    if found is None:
        found = _REMEMBERED[tables] = {}
    return found


class ConversationView:
    """A conversation with each message's text normalised once, shared by all detectors.

    The normalised texts are held joined by :data:`SEPARATOR` (:attr:`joined`), so a
    detector can scan the whole conversation in one call and map a position back to its
    message with :meth:`locate`; :attr:`normalised` gives them one by one.
    """

    __slots__ = ("_joined", "_normalised", "_slow", "_starts", "conversation")

    def __init__(
        self,
        conversation: Conversation,
        normalised: Sequence[NormalisedText] | None = None,
        *,
        joined: str | None = None,
        slow: set[int] | None = None,
    ) -> None:
        """From the normalised texts, or from their ``joined`` form (``slow``: the indexes
        of messages that may have needed the word-by-word path, if known).
        """
        if normalised is None and joined is None:
            raise ValueError("a ConversationView needs the normalised texts or their join")
        self.conversation = conversation
        self._normalised: Sequence[NormalisedText] | None = (
            tuple(normalised) if normalised is not None else None
        )
        self._joined = joined
        self._slow = slow
        self._starts: list[int] | None = None

    @classmethod
    def of(cls, conversation: Conversation) -> ConversationView:
        """Normalise every message of ``conversation`` (texts seen before are remembered)."""
        texts = [m.text for m in conversation.messages]
        remembered = _remembered()
        known = list(map(remembered.get, texts))
        if None not in known:
            return cls(conversation, joined=SEPARATOR.join(cast(list[str], known)), slow=set())
        missing = [i for i, found in enumerate(known) if found is None]
        slow: set[int] = set()
        fresh = normalise_joined([texts[i] for i in missing], slow=slow)
        for slot, (index, text) in enumerate(zip(missing, fresh.split(SEPARATOR), strict=True)):
            known[index] = text
            original = texts[index]
            if (
                slot not in slow
                and len(original) <= REMEMBERED_LENGTH
                and len(remembered) < REMEMBERED_TEXTS
            ):
                remembered[original] = text
        joined = SEPARATOR.join(cast(list[str], known))
        return cls(conversation, joined=joined, slow={missing[slot] for slot in slow})

    def __repr__(self) -> str:
        return f"ConversationView({self.conversation.id!r}, {len(self.conversation.messages)})"

    @property
    def normalised(self) -> Sequence[NormalisedText]:
        """Each message's :class:`NormalisedText`, in order (each built when first read)."""
        if self._normalised is None:
            self._normalised = _LazyNormalised(self)
        return self._normalised

    @property
    def joined(self) -> str:
        """Every message's normalised text, in order, joined by :data:`SEPARATOR`."""
        if self._joined is None:
            assert self._normalised is not None
            self._joined = SEPARATOR.join(n.text for n in self._normalised)
        return self._joined

    @property
    def starts(self) -> list[int]:
        """Where each message's normalised text starts in :attr:`joined`."""
        if self._starts is None:
            starts = [0]
            joined = self.joined
            at = joined.find(SEPARATOR)
            while at >= 0:
                starts.append(at + 1)
                at = joined.find(SEPARATOR, at + 1)
            self._starts = starts
        return self._starts

    def locate(self, position: int) -> int:
        """The index of the message whose normalised text holds ``joined[position]``."""
        return bisect_right(self.starts, position) - 1

    def normalised_at(self, index: int) -> NormalisedText:
        """The :class:`NormalisedText` of message ``index`` (without building the others)."""
        return self.normalised[index]

    def normalised_text(self, index: int) -> str:
        """The normalised text of message ``index`` (``normalised[index].text``, cheaper)."""
        if self._normalised is not None and not isinstance(self._normalised, _LazyNormalised):
            return self._normalised[index].text
        count = len(self.conversation.messages)
        if not -count <= index < count:
            raise IndexError(f"no message {index} in the conversation")
        index %= count
        starts = self.starts
        end = starts[index + 1] - 1 if index + 1 < count else len(self.joined)
        return self.joined[starts[index] : end]

    def _build(self, index: int) -> NormalisedText:
        starts = self.starts
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.joined)
        original = self.conversation.messages[index].text
        plain = self._slow is not None and index not in self._slow and original.isascii()
        return NormalisedText(original, self.joined[starts[index] : end], plain=plain)


class _LazyNormalised(Sequence[NormalisedText]):
    """The normalised messages of a view, each built from the joined text on first use."""

    __slots__ = ("_items", "_view")

    def __init__(self, view: ConversationView) -> None:
        self._view = view
        self._items: list[NormalisedText | None] = [None] * len(view.conversation.messages)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[NormalisedText]:
        for index in range(len(self._items)):
            yield self[index]

    @overload
    def __getitem__(self, index: int) -> NormalisedText: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[NormalisedText]: ...

    def __getitem__(self, index: int | slice) -> NormalisedText | Sequence[NormalisedText]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(len(self._items))[index])
        item = self._items[index]
        if item is None:
            item = self._items[index] = self._view._build(index % len(self._items))
        return item


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
