"""Personal information a child shares: phone numbers, e-mails, addresses, schools, handles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from safeguard.core.detector import ConversationView, Detector
from safeguard.core.signals import Signal, Voice


@dataclass(frozen=True, slots=True)
class _PiiPattern:
    kind: str
    pattern: re.Pattern[str]
    weight: float
    reason: str


_I = re.IGNORECASE
PII_PATTERNS: tuple[_PiiPattern, ...] = (
    _PiiPattern(
        "phone",
        re.compile(r"(?<![\d+])(?:\+44[\s-]?7\d{3}|\(?07\d{3}\)?)[\s-]?\d{3}[\s-]?\d{3}(?!\d)"),
        0.35,
        "shares a mobile phone number",
    ),
    _PiiPattern(
        "phone",
        re.compile(r"(?<![\d+])\+?\d(?:[\s-]?\d){9,13}(?!\d)"),
        0.3,
        "shares a phone number",
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

_ANY_DIGIT = re.compile(r"\d")
_GATE = re.compile(
    r"\d|@|school|academy|primary|college|grammar|snap|\bsc\b|insta|\big\b|kik|discord|"
    r"telegram|tiktok|whatsapp|xbox|psn|gamertag|user|\b(?:oh|zero|one|two|three|four|five|six|"
    r"seven|eight|nine)\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r" (0\d{9,10}) ")
# Cheap gates: most messages have no digit, no "@" and no school or platform word.
_NEEDS_DIGIT = frozenset({"phone", "address", "postcode"})
_KEYWORDS = re.compile(
    r"school|academy|primary|college|grammar|snap|sc\b|insta|ig\b|kik|discord|telegram|tiktok|"
    r"whatsapp|xbox|psn|gamertag|user",
    re.IGNORECASE,
)


class PersonalInfoDetector(Detector):
    """Regular expressions over the original text, plus spelled-out numbers after normalising."""

    name = "personal_info"
    version = "1"
    categories = ("personal_info",)

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        signals: list[Signal] = []
        for index, message in enumerate(view.conversation.messages):
            text = message.text
            if _GATE.search(text) is None:
                continue
            has_digit = _ANY_DIGIT.search(text) is not None
            has_at = "@" in text
            has_keyword = _KEYWORDS.search(text) is not None
            seen: set[str] = set()
            for pii in PII_PATTERNS:
                if pii.kind in seen:
                    continue
                if pii.kind in _NEEDS_DIGIT and not has_digit:
                    continue
                if pii.kind == "email" and not has_at:
                    continue
                if pii.kind in ("school", "handle") and not has_keyword:
                    continue
                m = pii.pattern.search(text)
                if m is None:
                    continue
                seen.add(pii.kind)
                signals.append(self._signal(message.id, message.sender, index, pii, m.span(), text))
            if "phone" not in seen and " 0" in view.normalised[index].text:
                spelled = _DIGITS.search(view.normalised[index].text)
                if spelled is not None:
                    span = view.normalised[index].original_span(*spelled.span(1))
                    signals.append(
                        self._signal(
                            message.id,
                            message.sender,
                            index,
                            _PiiPattern("phone", _DIGITS, 0.4, "shares a phone number spelled out"),
                            span,
                            text,
                        )
                    )
        return signals

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
