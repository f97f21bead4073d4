"""The signal-library detector: phrase rules of every category, matched in one pass."""

from __future__ import annotations

from collections.abc import Sequence

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.lexicon import Lexicon, default_lexicon
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
        automaton = self._lexicon.automaton
        rules = self._lexicon.rules
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
                rule = rules[rule_index]
                if rule.with_groups and not group_hits.intersection(rule.with_groups):
                    continue
                if rule.unless_groups and self._suppressed(
                    per_message, index, rule.window, rule.unless_groups
                ):
                    continue
                norm = view.normalised[index]
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
                        detector_version=f"{self.version}+lexicon.{self._lexicon.version}",
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
