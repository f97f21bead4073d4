"""Combine detector signals across a conversation into an assessment.

The pipeline reads top to bottom:

1. weigh each signal by who said it (a child disclosing is not an adult requesting);
2. per category and sender, combine signals: distinct rules by noisy-OR, a repeated rule
   counting for less each time;
3. grooming also rises with the number of distinct grooming stages one sender shows, whatever
   category the staged signals belong to;
4. a request repeated after the other party refused is escalation and raises the score;
5. scores become levels (capped per category), with evidence and the earliest message at
   which the category would have been raised.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from safeguard.core.assessment import Assessment, CategoryAssessment, Evidence, StageEvent
from safeguard.core.conversation import Conversation, Role
from safeguard.core.detector import ConversationView
from safeguard.core.levels import LEVEL_FLOORS, RiskLevel, level_for_score
from safeguard.core.lexicon import (
    STAGE_LABELS,
    Lexicon,
    default_lexicon,
    messages_with_group,
    phrase_groups,
)
from safeguard.core.signals import Signal, Voice

Guide = Callable[
    [Sequence[tuple[str, RiskLevel]], Conversation], tuple[Sequence[str], Sequence[str]]
]

# Categories in which asking again after a "no" is escalation.
ESCALATING = frozenset(
    {
        "sexual_conversation",
        "image_solicitation",
        "webcam_abuse",
        "sextortion",
        "exploitation_commercial",
        "threats_abuse",
    }
)
# Categories that corroborate each other: once one of a family is an alert, a related
# category already raised at low in the same conversation is raised with it.
FAMILIES = (
    frozenset(
        {
            "grooming",
            "sexual_conversation",
            "image_solicitation",
            "sextortion",
            "webcam_abuse",
            "sexual_imagery",
            "exploitation_commercial",
        }
    ),
    frozenset({"threats_abuse", "hate_group", "impersonation", "self_harm_encouragement"}),
    frozenset({"self_harm_risk", "self_harm_encouragement"}),
    frozenset({"personal_info", "grooming", "impersonation"}),
)
# Grooming score by number of distinct stages shown by one sender.
STAGE_SCORES = (0.0, 0.0, 0.42, 0.62, 0.8, 0.9, 0.95)


@dataclass(frozen=True, slots=True)
class AssessorConfig:
    """Tunable constants of the assessor (per deployment; see docs)."""

    floors: Mapping[RiskLevel, float] = field(default_factory=lambda: dict(LEVEL_FLOORS))
    caps: Mapping[str, RiskLevel] = field(default_factory=dict)
    child_request_discount: float = 0.35
    adult_disclosure_discount: float = 0.3
    repeat_factor: float = 0.5
    other_sender_factor: float = 0.5
    stage_min_weight: float = 0.2
    escalation_boost: float = 0.35
    corroboration_boost: float = 0.35
    reported_discount: float = 0.45
    quoted_discount: float = 0.6
    max_evidence: int = 8


@dataclass(frozen=True, slots=True)
class _Weighted:
    signal: Signal
    weight: float


_QUOTE_MARKS = ('"', "\u201c", "\u201d")


def _inside_quotes(text: str, span: tuple[int, int]) -> bool:
    """Whether ``span`` of ``text`` lies between a pair of double quotation marks."""
    before = sum(text.count(mark, 0, span[0]) for mark in _QUOTE_MARKS)
    after = sum(text.count(mark, span[1]) for mark in _QUOTE_MARKS)
    return before % 2 == 1 and after >= 1


def _has_group(lexicon: Lexicon, text: str, group: str) -> bool:
    """Whether a phrase of the cue ``group`` occurs in the normalised ``text``."""
    if group not in lexicon.groups_used:
        return False
    return group in phrase_groups(lexicon, text)


class ConversationAssessor:
    """Turns a conversation's signals into an :class:`Assessment`."""

    def __init__(
        self,
        config: AssessorConfig | None = None,
        *,
        guide: Guide | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.config = config or AssessorConfig()
        self._guide = guide
        self._lexicon = lexicon

    def assess(self, view: ConversationView, signals: Iterable[Signal]) -> Assessment:
        conversation = view.conversation
        roles: dict[str, Role] = {}
        for person in conversation.participants:
            roles.setdefault(person.id, person.role)  # the first listed wins, as role_of
        weighted = [self._weigh(s, roles) for s in signals]
        weighted = self._in_context(view, [w for w in weighted if w.weight > 0])
        if not weighted:
            return self._finish(conversation, [], ())
        weighted.sort(key=lambda w: (w.signal.message_index, -w.weight))
        refusals = self._refusals(view, weighted)
        by_category: dict[str, list[_Weighted]] = defaultdict(list)
        for item in weighted:
            by_category[item.signal.category].append(item)
        staged = [
            w for w in weighted if w.signal.stage and w.weight >= self.config.stage_min_weight
        ]
        categories: list[CategoryAssessment] = []
        timeline: dict[int, float] = {}
        names = set(by_category)
        if staged:
            names.add("grooming")
        for category in sorted(names):
            own = by_category.get(category, [])
            result = self._category(
                category, own, staged if category == "grooming" else [], refusals
            )
            if result is None:
                continue
            assessment, running = result
            categories.append(assessment)
            for index, score in running:
                timeline[index] = max(timeline.get(index, 0.0), score)
        categories = self._corroborate(categories, conversation)
        categories.sort(key=lambda c: (-c.level.rank, -c.score, c.category))
        messages = conversation.messages
        running_max = 0.0
        points: list[tuple[str, float]] = []
        for index in sorted(timeline):
            running_max = max(running_max, timeline[index])
            points.append((messages[index].id, round(running_max, 3)))
        return self._finish(conversation, categories, tuple(points))

    # -- steps ---------------------------------------------------------------------------

    def _weigh(self, signal: Signal, roles: Mapping[str, Role]) -> _Weighted:
        role = roles.get(signal.sender, Role.UNKNOWN)
        weight = signal.weight
        if signal.voice is Voice.REQUEST and role is Role.CHILD:
            weight *= self.config.child_request_discount
        elif signal.voice is Voice.DISCLOSURE and role is Role.ADULT:
            weight *= self.config.adult_disclosure_discount
        return _Weighted(signal, min(1.0, max(0.0, weight)))

    def _in_context(self, view: ConversationView, weighted: list[_Weighted]) -> list[_Weighted]:
        """Discount words reported from elsewhere (a lesson, the news, a script, a song).

        The words may still be someone's own, so the signal is weakened, never dropped.
        """
        if not weighted:
            return weighted
        lexicon = self._lexicon or default_lexicon()
        indices = {w.signal.message_index for w in weighted}
        reported = {i for i in indices if _has_group(lexicon, view.normalised[i].text, "reported")}
        messages = view.conversation.messages
        out: list[_Weighted] = []
        for w in weighted:
            factor = 1.0
            if w.signal.message_index in reported:
                # "if someone says ..." is a lesson; "he said ..." alone is a disclosure.
                factor = self.config.reported_discount
                span = w.signal.span
                text = messages[w.signal.message_index].text
                if span is not None and _inside_quotes(text, span):
                    factor *= self.config.quoted_discount
            out.append(w if factor == 1.0 else _Weighted(w.signal, w.weight * factor))
        return out

    def _refusals(self, view: ConversationView, weighted: list[_Weighted]) -> set[int]:
        """Messages in which someone says no — looked for only when escalation is possible."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for w in weighted:
            if w.signal.category in ESCALATING:
                counts[(w.signal.category, w.signal.sender)] += 1
        if not any(n >= 2 for n in counts.values()):
            return set()
        lexicon = self._lexicon or default_lexicon()
        return messages_with_group(lexicon, (n.text for n in view.normalised), "refusal")

    def _category(
        self,
        category: str,
        own: list[_Weighted],
        staged: list[_Weighted],
        refusals: set[int],
    ) -> tuple[CategoryAssessment, list[tuple[int, float]]] | None:
        relevant = sorted(
            {id(w): w for w in (*own, *staged)}.values(),
            key=lambda w: (w.signal.message_index, -w.weight),
        )
        if not relevant:
            return None
        # Running score after each message that carries a relevant signal.
        running: list[tuple[int, float]] = []
        final_score = 0.0
        final_escalated: tuple[str, int] | None = None
        stages: dict[str, tuple[str, int]] = {}
        indices = sorted({w.signal.message_index for w in relevant})
        # own and staged are in message order, so each prefix is a slice.
        own_end = staged_end = 0
        for index in indices:
            while own_end < len(own) and own[own_end].signal.message_index <= index:
                own_end += 1
            while staged_end < len(staged) and staged[staged_end].signal.message_index <= index:
                staged_end += 1
            score, escalated, stage_map = self._score(
                category, own[:own_end], staged[:staged_end], refusals
            )
            running.append((index, score))
            final_score, final_escalated, stages = score, escalated, stage_map
        level = level_for_score(final_score, dict(self.config.floors))
        cap = self.config.caps.get(category)
        if cap is not None and level > cap:
            level = cap
        if level is RiskLevel.NONE:
            return None
        threshold = self.config.floors[min(level, RiskLevel.MEDIUM)]
        first_index = next((i for i, s in running if s >= threshold), indices[-1])
        by_index = {w.signal.message_index: w.signal.message_id for w in relevant}
        evidence = self._evidence(category, relevant, final_escalated)
        stage_events = tuple(
            StageEvent(stage=stage, message_id=mid, label=STAGE_LABELS[stage])
            for stage, (mid, _i) in sorted(stages.items(), key=lambda kv: kv[1][1])
        )
        return (
            CategoryAssessment(
                category=category,
                level=level,
                score=final_score,
                first_flag_message_id=by_index[first_index],
                evidence=evidence,
                stages=stage_events if category == "grooming" else (),
                escalated=final_escalated is not None,
            ),
            running,
        )

    def _score(
        self,
        category: str,
        own: list[_Weighted],
        staged: list[_Weighted],
        refusals: set[int],
    ) -> tuple[float, tuple[str, int] | None, dict[str, tuple[str, int]]]:
        per_sender: dict[str, list[_Weighted]] = defaultdict(list)
        for w in own:
            per_sender[w.signal.sender].append(w)
        sender_scores: dict[str, float] = {s: self._combine(ws) for s, ws in per_sender.items()}
        best_stages: dict[str, tuple[str, int]] = {}
        if staged:
            stages_by_sender: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
            for w in staged:
                assert w.signal.stage is not None
                stages_by_sender[w.signal.sender].setdefault(
                    w.signal.stage, (w.signal.message_id, w.signal.message_index)
                )
            for sender, stage_map in stages_by_sender.items():
                stage_score = STAGE_SCORES[min(len(stage_map), len(STAGE_SCORES) - 1)]
                if stage_score > sender_scores.get(sender, 0.0):
                    sender_scores[sender] = stage_score
                if len(stage_map) > len(best_stages):
                    best_stages = stage_map
        escalated: tuple[str, int] | None = None
        if category in ESCALATING and refusals:
            for sender, ws in per_sender.items():
                found = self._escalation(ws, refusals)
                if found is not None:
                    boost = self.config.escalation_boost
                    sender_scores[sender] = 1 - (1 - sender_scores[sender]) * (1 - boost)
                    escalated = (sender, found)
        ordered = sorted(sender_scores.values(), reverse=True)
        if not ordered:
            return 0.0, escalated, best_stages
        remaining = 1 - ordered[0]
        for other in ordered[1:]:
            remaining *= 1 - other * self.config.other_sender_factor
        return 1 - remaining, escalated, best_stages

    def _combine(self, items: list[_Weighted]) -> float:
        by_rule: dict[str, list[float]] = defaultdict(list)
        for w in items:
            by_rule[w.signal.rule].append(w.weight)
        remaining = 1.0
        for weights in by_rule.values():
            weights.sort(reverse=True)
            rule_remaining = 1 - weights[0]
            for extra in weights[1:]:
                rule_remaining *= 1 - extra * self.config.repeat_factor
            remaining *= rule_remaining
        return 1 - remaining

    @staticmethod
    def _escalation(items: list[_Weighted], refusals: set[int]) -> int | None:
        """The index of a request repeated after a refusal by someone else, if any."""
        indices = sorted({w.signal.message_index for w in items})
        if len(indices) < 2:
            return None
        for refusal in sorted(refusals):
            before = any(i < refusal for i in indices)
            after = next((i for i in indices if i > refusal), None)
            if before and after is not None:
                return after
        return None

    def _corroborate(
        self, categories: list[CategoryAssessment], conversation: Conversation
    ) -> list[CategoryAssessment]:
        """Raise a low category to an alert when a related category already is one.

        The conversation is already an alert, so this never adds a false alarm; it names every
        harm the alert shows (an image request inside grooming, threats around a hate page).
        """
        alerts = {c.category: c for c in categories if c.level >= RiskLevel.MEDIUM}
        if not alerts:
            return categories
        floors = dict(self.config.floors)
        position = {m.id: i for i, m in enumerate(conversation.messages)}
        out: list[CategoryAssessment] = []
        for c in categories:
            related = [
                alerts[name]
                for family in FAMILIES
                if c.category in family
                for name in family
                if name in alerts and name != c.category
            ]
            if c.level is not RiskLevel.LOW or not related:
                out.append(c)
                continue
            score = 1 - (1 - c.score) * (1 - self.config.corroboration_boost)
            level = min(level_for_score(score, floors), RiskLevel.MEDIUM)
            cap = self.config.caps.get(c.category)
            if cap is not None and level > cap:
                level = cap
            # Raised no earlier than both its own first signal and the related alert.
            own_first = min(position.get(e.message_id, 0) for e in c.evidence)
            other_first = min(position.get(r.first_flag_message_id or "", 0) for r in related)
            first = conversation.messages[max(own_first, other_first)].id
            out.append(replace(c, level=level, score=score, first_flag_message_id=first))
        return out

    def _evidence(
        self, category: str, relevant: list[_Weighted], escalated: tuple[str, int] | None
    ) -> tuple[Evidence, ...]:
        best: dict[tuple[str, str], _Weighted] = {}
        for w in relevant:
            key = (w.signal.message_id, w.signal.rule)
            if key not in best or w.weight > best[key].weight:
                best[key] = w
        chosen = sorted(best.values(), key=lambda w: (-w.weight, w.signal.message_index))
        chosen = chosen[: self.config.max_evidence]
        chosen.sort(key=lambda w: w.signal.message_index)
        out: list[Evidence] = []
        for w in chosen:
            s = w.signal
            why = s.reason
            if category == "grooming" and s.category != "grooming" and s.stage:
                why = f"{STAGE_LABELS[s.stage]}: {s.reason}"
            if (
                escalated is not None
                and s.message_index == escalated[1]
                and s.sender == escalated[0]
            ):
                why = f"{why} (asked again after being told no)"
            out.append(
                Evidence(
                    message_id=s.message_id,
                    why=why,
                    detector=s.detector,
                    rule=s.rule,
                    weight=w.weight,
                    quote=s.quote,
                    sender=s.sender,
                    span=s.span,
                    image=s.image,
                )
            )
        return tuple(out)

    def _finish(
        self,
        conversation: Conversation,
        categories: list[CategoryAssessment],
        timeline: tuple[tuple[str, float], ...],
    ) -> Assessment:
        risk = max((c.level for c in categories), default=RiskLevel.NONE)
        score = max((c.score for c in categories), default=0.0)
        actions: Sequence[str] = ()
        agencies: Sequence[str] = ()
        if self._guide is not None and categories:
            actions, agencies = self._guide(
                [(c.category, c.level) for c in categories], conversation
            )
        return Assessment(
            conversation_id=conversation.id,
            risk=risk,
            score=score,
            categories=tuple(categories),
            actions=tuple(actions),
            agencies=tuple(agencies),
            message_count=len(conversation.messages),
            risk_timeline=timeline,
        )
