"""Personal information a child shares: phone numbers, e-mails, addresses, schools, handles."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from safeguard.core.detector import ConversationView, Detector
from safeguard.core.signals import Signal, Voice


@dataclass(frozen=True, slots=True)
class _PiiPattern:
    """A pattern, and what text must hold before it is worth trying (checked by tests)."""

    kind: str
    pattern: re.Pattern[str]
    weight: float
    reason: str
    min_digits: int = 0  # fewer digits (\d) than this and the pattern cannot match
    needs_upper: bool = False  # the pattern needs a capital letter (A-Z, case-sensitive)


_I = re.IGNORECASE
PII_PATTERNS: tuple[_PiiPattern, ...] = (
    _PiiPattern(
        "phone",
        re.compile(r"(?<![\d+])(?:\+44[\s-]?7\d{3}|\(?07\d{3}\)?)[\s-]?\d{3}[\s-]?\d{3}(?!\d)"),
        0.35,
        "shares a mobile phone number",
        min_digits=11,
    ),
    _PiiPattern(
        "phone",
        re.compile(r"(?<![\d+])\+?\d(?:[\s-]?\d){9,13}(?!\d)"),
        0.3,
        "shares a phone number",
        min_digits=10,
    ),
    _PiiPattern(
        "email",
        re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", _I),
        0.3,
        "shares an e-mail address",
    ),
    _PiiPattern(
        "address",
        re.compile(
            r"\b\d{1,4}[a-z]?,?\s+(?:[a-z]+\s){1,3}(?:road|rd|street|st|avenue|ave|lane|ln|close|"
            r"drive|dr|way|crescent|court|gardens|grove|place|terrace|walk|mews|row|hill|view)\b",
            _I,
        ),
        0.45,
        "shares a home address",
    ),
    _PiiPattern(
        "postcode",
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"),
        0.35,
        "shares a postcode",
        min_digits=2,
        needs_upper=True,
    ),
    _PiiPattern(
        "school",
        re.compile(
            r"\b(?:i go to|my school is|i am at|i'm at|im at|i attend|i'm in year \d+ at|"
            r"im in year \d+ at)\s+(?:[a-z'’]+\s){0,3}(?:primary|academy|high|grammar|college|"
            r"school|secondary|juniors?|infants?)\b",
            _I,
        ),
        0.35,
        "names the school they go to",
    ),
    _PiiPattern(
        "school",
        re.compile(
            r"^\s*(?!(?:i|im|i'm|we|you|u|my|our|the|at|in|to|go|going|no|yes|ye|yeah|ok|which|what)\b)"
            r"(?:st\.?\s|saint\s)?[a-z'’]+(?:\s[a-z'’]+){0,2}\s(?:primary|academy|grammar|"
            r"high school|junior school|infant school)\b",
            _I,
        ),
        0.3,
        "names the school they go to",
    ),
    _PiiPattern(
        "bus",
        re.compile(
            r"\b(?:the|bus|number|no\.?)\s?\d{1,3}[a-z]?\s(?:bus\s)?(?:from\s(?:outside|near|by|"
            r"opposite|town|the\s(?:stop|bus\s?stop|station|shops|corner|end|top|bottom))|outside|"
            r"stop|home|into\stown|to\sschool|to\stown)\b",
            _I,
        ),
        0.3,
        "says which bus they catch and where",
    ),
    _PiiPattern(
        "handle",
        re.compile(
            r"\b(?:my\s+)?(?:snap|snapchat|sc|insta|ig|instagram|kik|discord|telegram|tiktok|"
            r"whatsapp|xbox|psn|gamertag|username|user)\s*(?:is|:|-|=|@|name is)\s*@?"
            r"(?=[\w.]*[\d_.])[a-z][\w.]{2,29}\b",
            _I,
        ),
        0.25,
        "shares a handle on another platform",
    ),
)

# Cheap gates: most messages have no digit, no "@" and no school or platform word. They are
# written once, as word lists, and used two ways: as regular expressions for text with
# non-ASCII characters, and as one Aho-Corasick pass over a whole ASCII conversation (see
# _AsciiGate), which answers exactly what the expressions would for each message.
_GATE_SUBSTRINGS = (
    "school",
    "academy",
    "primary",
    "college",
    "grammar",
    "snap",
    "insta",
    "kik",
    "discord",
    "telegram",
    "tiktok",
    "whatsapp",
    "xbox",
    "psn",
    "gamertag",
    "user",
)
_GATE_SHORT = ("sc", "ig")  # keywords only as whole words (gate) or word ends (keywords)
_GATE_NUMBER_WORDS = (
    *("oh", "zero", "one", "two", "three", "four"),
    *("five", "six", "seven", "eight", "nine"),
)
_ANY_DIGIT = re.compile(r"\d")
_GATE = re.compile(
    r"\d|@|"
    + "|".join(_GATE_SUBSTRINGS)
    + "|"
    + "|".join(rf"\b{w}\b" for w in _GATE_SHORT)
    + rf"|\b(?:{'|'.join(_GATE_NUMBER_WORDS)})\b",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(
    "|".join(_GATE_SUBSTRINGS) + "|" + "|".join(rf"{w}\b" for w in _GATE_SHORT), re.IGNORECASE
)
_DIGITS = re.compile(r" (0\d{9,10}) ")
_NEEDS_DIGIT = frozenset({"phone", "address", "postcode", "bus"})
# A handle must hold a digit, "_" or "." (the pattern's look-ahead), so without one it cannot match.
_HANDLE_NEEDS = re.compile(r"[\d_.]")

_DIGIT, _AT, _KEYWORD, _PASS = 1, 2, 4, 8
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class _AsciiGate:
    """For each message of an ASCII conversation: does the gate pass, and which sub-gates.

    For ASCII text, ``re.IGNORECASE`` is matching the lower-cased text, ``\\d`` is 0-9 and a
    word character is ``[a-z0-9_]``, so one pass of an automaton of the gate's literals over
    the lower-cased conversation, checking word boundaries at each hit, finds what _GATE,
    _KEYWORDS and _ANY_DIGIT would find message by message.
    """

    def __init__(self) -> None:
        automaton = ahocorasick.Automaton()
        for digit in "0123456789":
            automaton.add_word(digit, (1, _DIGIT | _PASS, 0))
        automaton.add_word("@", (1, _AT | _PASS, 0))
        for word in _GATE_SUBSTRINGS:
            automaton.add_word(word, (len(word), _KEYWORD | _PASS, 0))
        for word in _GATE_SHORT:  # keyword at a word end; gate only as a whole word
            automaton.add_word(word, (len(word), 0, 1))
        for word in _GATE_NUMBER_WORDS:
            automaton.add_word(word, (len(word), 0, 2))
        automaton.make_automaton()
        self._automaton = automaton

    def flags(self, lowered: str, starts: list[int]) -> dict[int, int]:
        """Flags per message index (messages without any are left out).

        ``lowered`` is the lower-cased messages joined by a newline; ``starts`` where each
        message starts in it.
        """
        found: dict[int, int] = {}
        size = len(lowered)
        for end, (length, flags, kind) in self._automaton.iter(lowered):
            if kind:
                start = end - length + 1
                ends_word = end + 1 == size or lowered[end + 1] not in _WORD_CHARS
                if not ends_word:
                    continue
                starts_word = start == 0 or lowered[start - 1] not in _WORD_CHARS
                if kind == 1:
                    flags = _KEYWORD | _PASS if starts_word else _KEYWORD
                elif starts_word:
                    flags = _PASS
                else:
                    continue
            index = bisect_right(starts, end) - 1
            found[index] = found.get(index, 0) | flags
        return found


@lru_cache(maxsize=1)
def _ascii_gate() -> _AsciiGate:
    """The gate automaton, built on first use."""
    return _AsciiGate()


def _regex_flags(text: str) -> int:
    """The flags of one message, from the regular expressions."""
    if _GATE.search(text) is None:
        return 0
    flags = _PASS
    if _ANY_DIGIT.search(text) is not None:
        flags |= _DIGIT
    if "@" in text:
        flags |= _AT
    if _KEYWORDS.search(text) is not None:
        flags |= _KEYWORD
    return flags


class _NonWordToSpace(dict[int, int | str]):
    """``str.translate`` table: a non-ASCII character that is no letter or digit becomes " ".

    Such a character (an emoji, say) is no word character, no digit and no case variant of an
    ASCII letter, so to _GATE, _KEYWORDS and _ANY_DIGIT it is the same as a space. Letters and
    digits are kept, so text that still is not ASCII afterwards needs the expressions.
    """

    def __missing__(self, code: int) -> int | str:
        char = chr(code)
        value: int | str = code if code < 128 or char.isalnum() or char == "_" else " "
        if len(self) < 100_000:
            self[code] = value
        return value


_NON_WORD_TO_SPACE = _NonWordToSpace()


def _message_flags(texts: Sequence[str]) -> dict[int, int]:
    """Gate flags per message index, for the messages the gate lets through."""
    joined = "\n".join(texts)
    if not joined.isascii():  # one character for one, so every message keeps its length
        table = _NON_WORD_TO_SPACE
        joined = "\n".join(t if t.isascii() else t.translate(table) for t in texts)
    if joined.isascii():
        lowered = joined.lower()
        starts = [0]
        for text in texts[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        found = _ascii_gate().flags(lowered, starts)
    else:
        found = {}
        for index, text in enumerate(texts):
            cleaned = text if text.isascii() else text.translate(_NON_WORD_TO_SPACE)
            if cleaned.isascii():
                flags = _ascii_gate().flags(cleaned.lower(), [0]).get(0, 0)
            else:
                flags = _regex_flags(text)
            if flags:
                found[index] = flags
    return {index: flags for index, flags in found.items() if flags & _PASS}


_SPELLED_PHONE = _PiiPattern("phone", _DIGITS, 0.4, "shares a phone number spelled out")
REMEMBERED_TEXTS = 20_000
REMEMBERED_LENGTH = 200


class PersonalInfoDetector(Detector):
    """Regular expressions over the original text, plus spelled-out numbers after normalising."""

    name = "personal_info"
    version = "1"
    categories = ("personal_info",)

    def __init__(self) -> None:
        # What each distinct gated text holds (it depends on the text alone): chat repeats.
        self._remembered: dict[str, tuple[tuple[_PiiPattern, tuple[int, int]], ...]] = {}

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        messages = view.conversation.messages
        gated = _message_flags([m.text for m in messages])
        if not gated:
            return ()
        remembered = self._remembered
        # A number spelled out becomes " 0..." once normalised: none in the conversation, none
        # in any message (the separator is no digit or space).
        spelled = " 0" in view.joined
        signals: list[Signal] = []
        for index in sorted(gated):
            message = messages[index]
            text = message.text
            found = remembered.get(text)
            if found is None:
                found = self._find(view, index, text, gated[index], spelled=spelled)
                if len(text) <= REMEMBERED_LENGTH and len(remembered) < REMEMBERED_TEXTS:
                    remembered[text] = found
            for pii, span in found:
                signals.append(self._signal(message.id, message.sender, index, pii, span, text))
        return signals

    @staticmethod
    def _find(
        view: ConversationView, index: int, text: str, flags: int, *, spelled: bool
    ) -> tuple[tuple[_PiiPattern, tuple[int, int]], ...]:
        """The patterns message ``index`` (``text``, with its gate ``flags``) matches.

        ``spelled`` False: the conversation has no normalised " 0", so no spelled-out number.
        """
        found: list[tuple[_PiiPattern, tuple[int, int]]] = []
        seen: set[str] = set()
        digits = len(_ANY_DIGIT.findall(text)) if flags & _DIGIT else 0
        for pii in PII_PATTERNS:
            if pii.kind in seen:
                continue
            if pii.kind in _NEEDS_DIGIT and not flags & _DIGIT:
                continue
            if digits < pii.min_digits or (pii.needs_upper and text == text.lower()):
                continue
            if pii.kind == "email" and not flags & _AT:
                continue
            if pii.kind in ("school", "handle") and not flags & _KEYWORD:
                continue
            if pii.kind == "handle" and _HANDLE_NEEDS.search(text) is None:
                continue
            m = pii.pattern.search(text)
            if m is None:
                continue
            seen.add(pii.kind)
            found.append((pii, m.span()))
        if spelled and "phone" not in seen:
            norm = view.normalised_at(index)
            if " 0" in norm.text:
                number = _DIGITS.search(norm.text)
                if number is not None:
                    found.append((_SPELLED_PHONE, norm.original_span(*number.span(1))))
        return tuple(found)

    def _signal(
        self,
        message_id: str,
        sender: str,
        index: int,
        pii: _PiiPattern,
        span: tuple[int, int],
        text: str,
    ) -> Signal:
        return Signal(
            category="personal_info",
            message_index=index,
            message_id=message_id,
            sender=sender,
            weight=pii.weight,
            reason=pii.reason,
            detector=self.name,
            detector_version=self.version,
            rule=f"pii.{pii.kind}",
            quote=text[span[0] : span[1]],
            span=span,
            voice=Voice.DISCLOSURE,
        )
