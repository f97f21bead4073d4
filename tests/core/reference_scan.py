"""The scan path as it was before the throughput work: the oracle the fast path must equal.

Each class overrides one detector's ``detect`` with the straightforward per-message code the
fast path replaced (the same lexicon, patterns and domain lists, read the same way), and
:class:`ReferenceView` normalises message by message with :func:`normalise`. Output written
through :func:`reference_json_line` is what ``safeguard scan --json`` used to print. If a
detector's *meaning* changes on purpose, change it here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import orjson

from safeguard.core import normaliser as N
from safeguard.core.assessment import Assessment
from safeguard.core.assessor import ConversationAssessor
from safeguard.core.conversation import Conversation
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.detectors import personal_info_detector as pii
from safeguard.core.detectors.adult_domain_detector import _URL, AdultDomainDetector
from safeguard.core.detectors.personal_info_detector import PersonalInfoDetector
from safeguard.core.detectors.signal_library_detector import SignalLibraryDetector
from safeguard.core.engine import ScanEngine
from safeguard.core.normaliser import NormalisedText, normalise
from safeguard.core.signals import Signal, Voice

_RuleHits = dict[int, tuple[int, int]]

# The personal-information gates as they were written before the fast path.
_GATE = re.compile(
    r"\d|@|school|academy|primary|college|grammar|snap|\bsc\b|insta|\big\b|kik|discord|"
    r"telegram|tiktok|whatsapp|xbox|psn|gamertag|user|\b(?:oh|zero|one|two|three|four|five|six|"
    r"seven|eight|nine)\b",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(
    r"school|academy|primary|college|grammar|snap|sc\b|insta|ig\b|kik|discord|telegram|tiktok|"
    r"whatsapp|xbox|psn|gamertag|user",
    re.IGNORECASE,
)
_ANY_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r" (0\d{9,10}) ")
_NEEDS_DIGIT = frozenset({"phone", "address", "postcode"})


def reference_original_span(norm: NormalisedText, start: int, end: int) -> tuple[int, int]:
    """NormalisedText.original_span as it was: every word's span rebuilt and scanned."""
    t = N.default_tables()
    spans: list[tuple[int, int, int]] = []
    pos = 1
    folded = norm.original.lower()
    if norm.original.isascii() and not N._needs_slow_path(folded, t):
        cache = N._word_cache(t)
        for m in N._TOKEN.finditer(folded):
            tok = m.group()
            words = cache[tok] if tok in cache else N._decode_word(tok, t)
            for part in words.split(" "):
                spans.append((pos, m.start(), m.end()))
                pos += len(part) + 1
    else:
        for word in N._normalise_words(norm.original, t, with_offsets=True):
            spans.append((pos, word.start, word.end))
            pos += len(word.text) + 1
    first: int | None = None
    last: int | None = None
    for norm_start, orig_start, orig_end in spans:
        word_end = norm.text.find(" ", norm_start)
        norm_end = len(norm.text) if word_end < 0 else word_end
        if norm_end <= start or norm_start >= end:
            continue
        first = orig_start if first is None else min(first, orig_start)
        last = orig_end if last is None else max(last, orig_end)
    if first is None or last is None:
        return (0, 0)
    return (first, last)


def reference_view(conversation: Conversation) -> ConversationView:
    """A view normalised one message at a time with :func:`normalise`."""
    return ConversationView(conversation, tuple(normalise(m.text) for m in conversation.messages))


class ReferenceSignalLibraryDetector(SignalLibraryDetector):
    """One automaton pass per message."""

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        lexicon = self._lexicon
        automaton = lexicon.automaton
        per_message: list[tuple[_RuleHits, set[str]] | None] = []
        any_rule = False
        for norm in view.normalised:
            rule_hits: _RuleHits | None = None
            group_hits: set[str] | None = None
            for end, (length, entries) in automaton.iter(norm.text):
                for kind, key in entries:
                    if kind == 0:
                        if rule_hits is None:
                            rule_hits = {}
                        rule_hits.setdefault(key, (end - length + 2, end))
                    else:
                        if group_hits is None:
                            group_hits = set()
                        group_hits.add(key)
            if rule_hits is None and group_hits is None:
                per_message.append(None)
            else:
                any_rule = any_rule or rule_hits is not None
                per_message.append((rule_hits or {}, group_hits or set()))
        if not any_rule:
            return ()
        messages = view.conversation.messages
        signals: list[Signal] = []
        for index, hits in enumerate(per_message):
            if hits is None or not hits[0]:
                continue
            rule_hits, group_hits = hits
            for rule_index, (start, end) in rule_hits.items():
                rule = lexicon.rules[rule_index]
                if rule.with_groups and not _suppressed(
                    per_message, index, rule.window, rule.with_groups
                ):
                    continue
                if rule.unless_groups and _suppressed(
                    per_message, index, rule.window, rule.unless_groups
                ):
                    continue
                norm = view.normalised[index]
                message = messages[index]
                span = reference_original_span(norm, start, end)
                signals.append(
                    Signal(
                        category=rule.category,
                        message_index=index,
                        message_id=message.id,
                        sender=message.sender,
                        weight=rule.weight,
                        reason=rule.reason,
                        detector=self.name,
                        detector_version=f"{self.version}+lexicon.{lexicon.version}",
                        rule=rule.id,
                        quote=message.text[span[0] : span[1]],
                        span=span,
                        voice=rule.voice,
                        stage=rule.stage,
                    )
                )
        return signals


def _suppressed(
    per_message: list[tuple[_RuleHits, set[str]] | None],
    index: int,
    window: int,
    groups: tuple[str, ...],
) -> bool:
    low = max(0, index - window)
    high = min(len(per_message), index + window + 1)
    for i in range(low, high):
        hits = per_message[i]
        if hits is not None and hits[1].intersection(groups):
            return True
    return False


class ReferencePersonalInfoDetector(PersonalInfoDetector):
    """The gate regex and every pattern, message by message."""

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
            for p in pii.PII_PATTERNS:
                if p.kind in seen:
                    continue
                if p.kind in _NEEDS_DIGIT and not has_digit:
                    continue
                if p.kind == "email" and not has_at:
                    continue
                if p.kind in ("school", "handle") and not has_keyword:
                    continue
                m = p.pattern.search(text)
                if m is None:
                    continue
                seen.add(p.kind)
                signals.append(self._signal(message.id, message.sender, index, p, m.span(), text))
            if "phone" not in seen and " 0" in view.normalised[index].text:
                spelled = _DIGITS.search(view.normalised[index].text)
                if spelled is not None:
                    span = reference_original_span(view.normalised[index], *spelled.span(1))
                    signals.append(
                        self._signal(
                            message.id,
                            message.sender,
                            index,
                            pii._PiiPattern(
                                "phone", _DIGITS, 0.4, "shares a phone number spelled out"
                            ),
                            span,
                            text,
                        )
                    )
        return signals


class ReferenceAdultDomainDetector(AdultDomainDetector):
    """The URL pattern over every message that contains a dot."""

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        signals: list[Signal] = []
        for index, message in enumerate(view.conversation.messages):
            text = message.text
            if "." not in text:
                continue
            for m in _URL.finditer(text):
                if self._lists.classify(m.group(1)) != "blocked":
                    continue
                host = m.group(1).lower()
                signals.append(
                    Signal(
                        category="adult_content_exposure",
                        message_index=index,
                        message_id=message.id,
                        sender=message.sender,
                        weight=0.8,
                        reason=f"sends a link to an adult (pornographic) website: {host}",
                        detector=self.name,
                        detector_version=self.version,
                        rule="domain.adult",
                        quote=m.group(0),
                        span=m.span(),
                        voice=Voice.ANY,
                    )
                )
                break
        return signals


REFERENCE_REPLACEMENTS: dict[type[Detector], type[Detector]] = {
    SignalLibraryDetector: ReferenceSignalLibraryDetector,
    PersonalInfoDetector: ReferencePersonalInfoDetector,
    AdultDomainDetector: ReferenceAdultDomainDetector,
}


class ReferenceEngine(ScanEngine):
    """An engine with the same assessor whose rule detectors run the reference code."""

    def __init__(self, engine: ScanEngine) -> None:
        detectors: list[Detector] = []
        for detector in engine.detectors:
            replacement = REFERENCE_REPLACEMENTS.get(type(detector))
            detectors.append(replacement() if replacement is not None else detector)
        assessor: ConversationAssessor = engine.assessor
        super().__init__(detectors, assessor)

    def assess(self, conversation: Conversation) -> Assessment:
        view = reference_view(conversation)
        return self.assessor.assess(view, self.signals(view))


def reference_json_line(assessment: Assessment, *, detail: bool = False) -> bytes:
    """One output line exactly as ``scan --json`` wrote it before."""
    return (orjson.dumps(assessment.to_dict(detail=detail)).decode() + "\n").encode()
