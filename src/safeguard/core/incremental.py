"""Incremental assessment: detect each new message once, keep the findings, combine on demand.

Every shipped detector reads one message at a time, or a bounded window of messages either
side of it (the signal library's ``unless`` rules look ``window`` messages each way). So when
messages arrive one by one, the findings of a message can only change while later messages
inside its window are still arriving. :class:`IncrementalScanner` therefore keeps, per
conversation, a small :class:`Findings` state:

- every signal found so far (unweighted, as the detectors return them);
- the messages in which someone refuses (used by the assessor's escalation rule);
- the messages the assessor reads: those with a signal or a refusal;
- the last ``2 * context`` messages, the only text needed to re-detect the window.

Adding messages runs the detectors over the tail plus the new messages (a constant amount of
text), replaces the signals of the last ``context`` old messages and appends the new ones.
Assessing hands the stored signals and relevant messages, in order, to the engine's own
assessor, so the result equals ``ScanEngine.assess`` of the whole conversation without
re-reading its history.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from safeguard.core.assessment import Assessment
from safeguard.core.conversation import Conversation, Message, Participant
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.detectors.adult_domain_detector import AdultDomainDetector
from safeguard.core.detectors.personal_info_detector import PersonalInfoDetector
from safeguard.core.detectors.signal_library_detector import SignalLibraryDetector
from safeguard.core.engine import ScanEngine
from safeguard.core.lexicon import Lexicon, default_lexicon, messages_with_group
from safeguard.core.normaliser import NormalisedText, normalise
from safeguard.core.signals import Signal, Voice

REFUSAL_GROUP = "refusal"


@dataclass(frozen=True, slots=True)
class Findings:
    """What a conversation has shown so far, enough to extend and assess it."""

    message_count: int = 0
    signals: tuple[Signal, ...] = ()
    refusals: tuple[int, ...] = ()  # indexes of messages in which someone says no
    messages: tuple[tuple[int, Message], ...] = ()  # (index, message) with a signal or refusal
    tail: tuple[Message, ...] = ()  # the last messages, for windowed re-detection
    version: str = ""  # the scanner's version: findings of another version are rebuilt

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for storage (see :func:`findings_from_dict`)."""
        return {
            "message_count": self.message_count,
            "version": self.version,
            "signals": [_signal_to_dict(s) for s in self.signals],
            "refusals": list(self.refusals),
            "messages": [[i, _message_to_dict(m)] for i, m in self.messages],
            "tail": [_message_to_dict(m) for m in self.tail],
        }


def findings_from_dict(data: Mapping[str, Any]) -> Findings:
    """The inverse of :meth:`Findings.to_dict`."""
    return Findings(
        message_count=int(data["message_count"]),
        signals=tuple(_signal_from_dict(s) for s in data["signals"]),
        refusals=tuple(int(i) for i in data["refusals"]),
        messages=tuple((int(i), _message_from_dict(m)) for i, m in data["messages"]),
        tail=tuple(_message_from_dict(m) for m in data["tail"]),
        version=str(data.get("version", "")),
    )


def _message_to_dict(m: Message) -> dict[str, str]:
    return {"id": m.id, "sender": m.sender, "text": m.text}


def _message_from_dict(d: Mapping[str, Any]) -> Message:
    return Message(id=str(d["id"]), sender=str(d["sender"]), text=str(d["text"]))


def _signal_to_dict(s: Signal) -> dict[str, Any]:
    if s.image is not None:
        raise ValueError("image findings are not kept in streaming state")
    out: dict[str, Any] = {
        "category": s.category,
        "message_index": s.message_index,
        "message_id": s.message_id,
        "sender": s.sender,
        "weight": s.weight,
        "reason": s.reason,
        "detector": s.detector,
        "detector_version": s.detector_version,
        "rule": s.rule,
        "quote": s.quote,
        "voice": s.voice.value,
    }
    if s.span is not None:
        out["span"] = list(s.span)
    if s.stage is not None:
        out["stage"] = s.stage
    return out


def _signal_from_dict(d: Mapping[str, Any]) -> Signal:
    span = d.get("span")
    return Signal(
        category=d["category"],
        message_index=int(d["message_index"]),
        message_id=d["message_id"],
        sender=d["sender"],
        weight=float(d["weight"]),
        reason=d["reason"],
        detector=d["detector"],
        detector_version=d["detector_version"],
        rule=d["rule"],
        quote=d.get("quote", ""),
        span=(int(span[0]), int(span[1])) if span is not None else None,
        voice=Voice(d.get("voice", "any")),
        stage=d.get("stage"),
    )


def detector_context(detector: Detector) -> int:
    """How many messages either side can change this detector's signals for a message.

    A detector outside the shipped set declares it as an integer ``context_messages``
    attribute; without one, incremental scanning refuses it (ValueError).
    """
    declared = getattr(detector, "context_messages", None)
    if isinstance(declared, int) and declared >= 0:
        return declared
    if isinstance(detector, SignalLibraryDetector):
        lexicon: Lexicon = detector._lexicon
        return max((r.window for r in lexicon.rules if r.unless_groups), default=0)
    if isinstance(detector, PersonalInfoDetector | AdultDomainDetector):
        return 0
    raise ValueError(
        f"detector {detector.name!r} does not declare context_messages; "
        "incremental scanning cannot bound what it reads"
    )


class IncrementalScanner:
    """Extends per-conversation :class:`Findings` message by message and assesses them.

    Normalised texts are kept in a small in-process cache keyed by text (normalising is a pure
    function of the text), so the window and the relevant messages are normalised once.
    """

    def __init__(
        self, engine: ScanEngine, lexicon: Lexicon | None = None, cache_size: int = 20_000
    ) -> None:
        self.engine = engine
        self._lexicon = lexicon or engine.assessor._lexicon or default_lexicon()
        self.context = max((detector_context(d) for d in engine.detectors), default=0)
        self._order = {d.name: position for position, d in enumerate(engine.detectors)}
        self._find_refusals = REFUSAL_GROUP in self._lexicon.groups_used
        self._cache: OrderedDict[str, NormalisedText] = OrderedDict()
        self._cache_size = cache_size

    @property
    def version(self) -> str:
        """The signal library's version and every detector's name and version: stored
        findings made under another version must be rebuilt from the messages."""
        detectors = ",".join(f"{d.name}/{d.version}" for d in self.engine.detectors)
        return f"lexicon {self._lexicon.version}; {detectors}"

    def extend(
        self,
        findings: Findings,
        messages: Sequence[Message],
        *,
        conversation_id: str = "stream",
        participants: Sequence[Participant] = (),
    ) -> Findings:
        """The findings after ``messages`` are appended to the conversation."""
        if not messages:
            return findings
        start = findings.message_count
        window = (*findings.tail, *messages)
        window_start = start - len(findings.tail)
        view = self._view(
            Conversation(id=conversation_id, messages=window, participants=tuple(participants))
        )
        redo_from = max(0, start - self.context)
        fresh: list[Signal] = []
        for detector in self.engine.detectors:
            for signal in detector.detect(view):
                index = signal.message_index + window_start
                if index >= redo_from:
                    fresh.append(replace(signal, message_index=index))
        kept = [s for s in findings.signals if s.message_index < redo_from]
        signals = sorted(
            (*kept, *fresh), key=lambda s: (self._order.get(s.detector, 0), s.message_index)
        )
        refusals = {i for i in findings.refusals if i < start}
        if self._find_refusals:
            offset = len(findings.tail)
            texts = (view.normalised[offset + j].text for j in range(len(messages)))
            refusals.update(
                start + j for j in messages_with_group(self._lexicon, texts, REFUSAL_GROUP)
            )
        # The messages the assessor reads: those with a signal or a refusal.
        wanted = {s.message_index for s in signals} | refusals
        relevant = {i: m for i, m in findings.messages if i in wanted}
        for offset, message in enumerate(window):
            index = window_start + offset
            if index in wanted:
                relevant[index] = _bare(message)
        keep_tail = 2 * self.context
        tail = window[max(0, len(window) - keep_tail) :] if keep_tail else ()
        return Findings(
            message_count=start + len(messages),
            signals=tuple(signals),
            refusals=tuple(sorted(refusals)),
            messages=tuple(sorted(relevant.items())),
            tail=tuple(_bare(m) for m in tail),
            version=self.version,
        )

    def assess(
        self,
        findings: Findings,
        *,
        conversation_id: str,
        participants: Sequence[Participant] = (),
        platform: str | None = None,
    ) -> Assessment:
        """The assessment of the whole conversation, combined from the stored findings.

        Only messages that carry a signal or a refusal matter to the assessor, so it is
        given just those, in order; the result names the real message ids and count.
        """
        rank = {index: position for position, (index, _m) in enumerate(findings.messages)}
        compact = Conversation(
            id=conversation_id,
            messages=tuple(m for _i, m in findings.messages),
            participants=tuple(participants),
            platform=platform,
        )
        signals = [replace(s, message_index=rank[s.message_index]) for s in findings.signals]
        assessment = self.engine.assessor.assess(self._view(compact), signals)
        return replace(assessment, message_count=findings.message_count)

    def rebuild(
        self,
        messages: Iterable[Message],
        *,
        conversation_id: str = "stream",
        participants: Sequence[Participant] = (),
    ) -> Findings:
        """Findings for a whole history at once (after a lexicon change, for example)."""
        return self.extend(
            Findings(),
            tuple(messages),
            conversation_id=conversation_id,
            participants=participants,
        )

    def _view(self, conversation: Conversation) -> ConversationView:
        return ConversationView(
            conversation, tuple(self._normalise(m.text) for m in conversation.messages)
        )

    def _normalise(self, text: str) -> NormalisedText:
        cache = self._cache
        found = cache.get(text)
        if found is not None:
            cache.move_to_end(text)
            return found
        found = normalise(text)
        cache[text] = found
        if len(cache) > self._cache_size:
            cache.popitem(last=False)
        return found


def _bare(message: Message) -> Message:
    """The parts of a message detectors read (no time or attachments kept in the tail)."""
    return Message(id=message.id, sender=message.sender, text=message.text)
