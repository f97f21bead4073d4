"""The signal-library detector: phrase rules of every category, matched in one pass."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.lexicon import Lexicon, default_lexicon
from safeguard.core.normaliser import NormalisedText
from safeguard.core.signals import Signal

_RuleHits = dict[int, tuple[int, int]]


class SignalLibraryDetector(Detector):
    """Matches the versioned phrase library (``data/signals``) against normalised messages."""

    name = "signal_library"
    version = "1"
    categories = CATEGORY_IDS

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon or default_lexicon()

    @property
    def lexicon_version(self) -> str:
        return self._lexicon.version

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        # One automaton pass over the whole conversation: no phrase holds the separator, so
        # every match lies inside one message, found exactly as a pass per message finds it.
        starts: list[int] = []
        per_message: dict[int, tuple[_RuleHits, set[str]]] = {}
        any_rule = False
        next_start = -1  # where the message after the current one starts (hits come in order)
        offset = 0
        hits: tuple[_RuleHits, set[str]] = ({}, set())
        for end, (length, entries) in self._lexicon.automaton.iter(view.joined):
            if end >= next_start:
                if not starts:
                    starts = view.starts
                index = bisect_right(starts, end) - 1
                next_start = starts[index + 1] if index + 1 < len(starts) else len(view.joined)
                offset = starts[index]
                hits = per_message[index] = ({}, set())
            for kind, key in entries:
                if kind == 0:
                    hits[0].setdefault(key, (end - length + 2 - offset, end - offset))
                    any_rule = True
                else:
                    hits[1].add(key)
        if not any_rule:
            return ()
        return self._signals(view, per_message)

    def _signals(
        self, view: ConversationView, per_message: dict[int, tuple[_RuleHits, set[str]]]
    ) -> list[Signal]:
        rules = self._lexicon.rules
        messages = view.conversation.messages
        version = f"{self.version}+lexicon.{self._lexicon.version}"
        signals: list[Signal] = []
        for index in sorted(per_message):
            rule_hits, group_hits = per_message[index]
            if not rule_hits:
                continue
            norm: NormalisedText | None = None
            for rule_index, (start, end) in rule_hits.items():
                rule = rules[rule_index]
                if rule.with_groups and not group_hits.intersection(rule.with_groups):
                    continue
                if rule.unless_groups and self._suppressed(
                    per_message, index, rule.window, rule.unless_groups
                ):
                    continue
                if norm is None:
                    norm = view.normalised_at(index)
                message = messages[index]
                span = norm.original_span(start, end)
                signals.append(
                    Signal(
                        category=rule.category,
                        message_index=index,
                        message_id=message.id,
                        sender=message.sender,
                        weight=rule.weight,
                        reason=rule.reason,
                        detector=self.name,
                        detector_version=version,
                        rule=rule.id,
                        quote=message.text[span[0] : span[1]],
                        span=span,
                        voice=rule.voice,
                        stage=rule.stage,
                    )
                )
        return signals

    @staticmethod
    def _suppressed(
        per_message: dict[int, tuple[_RuleHits, set[str]]],
        index: int,
        window: int,
        groups: tuple[str, ...],
    ) -> bool:
        for i in range(index - window, index + window + 1):
            hits = per_message.get(i)
            if hits is not None and hits[1].intersection(groups):
                return True
        return False
