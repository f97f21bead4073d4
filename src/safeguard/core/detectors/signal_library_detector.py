"""The signal-library detector: phrase rules of every category, matched in one pass.

What a message matches depends on its text alone, so the detector remembers it per distinct
text (the first :data:`REMEMBERED_TEXTS` texts of at most :data:`REMEMBERED_LENGTH`
characters; then memory stays as it is): chat repeats itself ("ok", "lol", a copied script),
and a remembered text costs one lookup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.lexicon import Lexicon, default_lexicon
from safeguard.core.normaliser import SEPARATOR
from safeguard.core.signals import Signal

REMEMBERED_TEXTS = 50_000
REMEMBERED_LENGTH = 200

# What one message text matches, kept as a small list for speed:
# [rules, groups, spans] - rules: rule index -> (normalised start, end) of its first match, in
# order of first match; groups: the phrase groups matched; spans: rule index -> span in the
# original text, worked out only when a signal needs it (context rules drop many matches), or
# None until then. Never changed once made, except for filling in spans.
_TextHits = list[Any]  # [dict[int, tuple[int, int]], set[str], dict[int, tuple[int, int]] | None]
_NO_HITS: _TextHits = [{}, set(), None]


class SignalLibraryDetector(Detector):
    """Matches the versioned phrase library (``data/signals``) against normalised messages."""

    name = "signal_library"
    version = "1"
    categories = CATEGORY_IDS

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon or default_lexicon()
        self._remembered: dict[str, _TextHits] = {}

    @property
    def lexicon_version(self) -> str:
        return self._lexicon.version

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        messages = view.conversation.messages
        remembered = self._remembered
        found: dict[int, _TextHits] = {}
        missing: list[int] = []
        for index, message in enumerate(messages):
            hits = remembered.get(message.text)
            if hits is None:
                missing.append(index)
            elif hits is not _NO_HITS:
                found[index] = hits
        if missing:
            self._match(view, missing, found)
        if not any(hits[0] for hits in found.values()):
            return ()
        return self._signals(view, found)

    def _match(
        self, view: ConversationView, missing: list[int], found: dict[int, _TextHits]
    ) -> None:
        """Match the ``missing`` messages, in one automaton pass, into ``found`` and memory."""
        messages = view.conversation.messages
        count = len(messages)
        if 2 * len(missing) >= count:  # cheaper to match them all again
            missing = list(range(count))
            joined, starts = view.joined, view.starts
        else:
            every, at = view.joined, view.starts
            texts = [every[at[i] : at[i + 1] - 1 if i + 1 < count else None] for i in missing]
            joined = SEPARATOR.join(texts)
            starts = [0]
            for text in texts[:-1]:
                starts.append(starts[-1] + len(text) + 1)
        # No phrase holds the separator, so every match lies inside one message, found exactly
        # as a pass per message finds it. Hits come in order of their end.
        raw: dict[int, _TextHits] = {}
        next_start = -1
        offset = 0
        rule_hits: dict[int, tuple[int, int]] = {}
        group_hits: set[str] = set()
        for end, (length, entries) in self._lexicon.automaton.iter(joined):
            if end >= next_start:
                slot = bisect_right(starts, end) - 1
                next_start = starts[slot + 1] if slot + 1 < len(starts) else len(joined)
                offset = starts[slot]
                rule_hits = {}
                group_hits = set()
                raw[slot] = [rule_hits, group_hits, None]
            for kind, key in entries:
                if kind == 0:
                    if key not in rule_hits:
                        rule_hits[key] = (end - length + 2 - offset, end - offset)
                else:
                    group_hits.add(key)
        remembered = self._remembered
        get = raw.get
        for slot, index in enumerate(missing):
            hits = get(slot)
            if hits is None:
                hits = _NO_HITS
            else:
                found[index] = hits
            text = messages[index].text
            if len(text) <= REMEMBERED_LENGTH and len(remembered) < REMEMBERED_TEXTS:
                remembered[text] = hits

    def _signals(self, view: ConversationView, found: dict[int, _TextHits]) -> list[Signal]:
        rules = self._lexicon.rules
        messages = view.conversation.messages
        version = f"{self.version}+lexicon.{self._lexicon.version}"
        signals: list[Signal] = []
        for index in sorted(found):
            hits = found[index]
            if not hits[0]:
                continue
            message = messages[index]
            for rule_index, (start, end) in hits[0].items():
                rule = rules[rule_index]
                if rule.with_groups and not self._near(found, index, rule.window, rule.with_groups):
                    continue
                if rule.unless_groups and self._near(found, index, rule.window, rule.unless_groups):
                    continue
                spans = hits[2]
                if spans is None:
                    spans = hits[2] = {}
                span = spans.get(rule_index)
                if span is None:
                    span = spans[rule_index] = view.normalised_at(index).original_span(start, end)
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
    def _near(
        found: dict[int, _TextHits], index: int, window: int, groups: tuple[str, ...]
    ) -> bool:
        """Whether a phrase of ``groups`` occurs within ``window`` messages of ``index``."""
        for i in range(index - window, index + window + 1):
            hits = found.get(i)
            if hits is not None and not hits[1].isdisjoint(groups):
                return True
        return False
