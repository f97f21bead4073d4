"""The UKCIS "sharing nudes and semi-nudes" decision table (``data/ukcis.yaml``) and its evaluator.

The table encodes PRACTICE.md section B for England: the scope gate (S1–S3), the frontline
rules (F1–F6), the initial-review questions (B2), the immediate-referral OR-triggers (T1–T7),
the risk-assessment questions (B4) and the viewing rules (V1–V8, default deny). Every node says
where it comes from and whether it is verified; R-tagged nodes are never presented as settled.

Facts are three-valued: ``True``, ``False`` or ``None`` (unknown). A trigger fires only on known
facts; an unknown one becomes an open question, and the incident may be managed in the setting
only when no trigger fires *and* none is left open.

    decision = evaluate_incident(IncidentFacts(blackmailed=True, youngest_age=14))
    decision.refer_immediately, [t.id for t in decision.triggers_fired], decision.routes
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Protocol

from safeguard.core.agencies import JURISDICTIONS, TAGS, check_jurisdiction, packaged_directory
from safeguard.core.datafile_reader import (
    EntryReader,
    document,
    entries,
    read_packaged_yaml,
    read_yaml,
)
from safeguard.core.errors import DataFileError

_FILE = "ukcis.yaml"
_SCOPE_EFFECTS: Final = ("refer_police_urgently", "general_procedures", "same_flow")
_OUTCOME_KEYS: Final = ("refer_immediately", "gather_information", "manage_in_setting")
_FIELD_KINDS: Final = ("text", "bool", "choice", "date")
_JURISDICTION_NAMES: Final = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "ni": "Northern Ireland",
    "uk": "the UK (no nation set)",
    "us": "the United States",
    "au": "Australia",
    "global": "this location",
}


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """What is known about a nude-image incident; ``None`` means not known yet.

    ``youngest_age`` is the age of the youngest child in the imagery (under 18: this advice is
    about children). ``blackmailed`` covers threats to share images (any motive);
    ``financially_motivated`` is the NCA's sextortion-for-money.
    """

    images_involved: bool | None = True
    adult_involved: bool | None = None
    shared_with_adult: bool | None = None
    coerced_or_groomed: bool | None = None
    blackmailed: bool | None = None
    capacity_concern: bool | None = None
    unusual_or_violent_acts: bool | None = None
    sexual_acts: bool | None = None
    youngest_age: int | None = None
    immediate_risk_of_harm: bool | None = None
    financially_motivated: bool | None = None
    other_harm_concern: bool | None = None
    ai_generated: bool | None = None
    jurisdiction: str = "england"

    def __post_init__(self) -> None:
        check_jurisdiction(self.jurisdiction)
        if self.youngest_age is not None and not 0 <= self.youngest_age < 18:
            raise ValueError(
                f"youngest_age {self.youngest_age} is outside 0-17: this advice covers children"
            )

    def value(self, name: str) -> bool | None:
        value = getattr(self, name)
        assert value is None or isinstance(value, bool)
        return value


FACT_NAMES: Final[frozenset[str]] = frozenset(
    f.name for f in fields(IncidentFacts) if f.name not in ("youngest_age", "jurisdiction")
)


# --- conditions: a tiny three-valued (Kleene) language over IncidentFacts ---------------------


class Condition(Protocol):
    def evaluate(self, facts: IncidentFacts) -> bool | None: ...

    def names(self) -> frozenset[str]:
        """The facts the condition reads."""
        ...


@dataclass(frozen=True, slots=True)
class Fact:
    name: str

    def evaluate(self, facts: IncidentFacts) -> bool | None:
        return facts.value(self.name)

    def names(self) -> frozenset[str]:
        return frozenset({self.name})


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def evaluate(self, facts: IncidentFacts) -> bool | None:
        values = [part.evaluate(facts) for part in self.parts]
        if True in values:
            return True
        return None if None in values else False

    def names(self) -> frozenset[str]:
        return frozenset().union(*(part.names() for part in self.parts))


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Condition, ...]

    def evaluate(self, facts: IncidentFacts) -> bool | None:
        values = [part.evaluate(facts) for part in self.parts]
        if False in values:
            return False
        return None if None in values else True

    def names(self) -> frozenset[str]:
        return frozenset().union(*(part.names() for part in self.parts))


@dataclass(frozen=True, slots=True)
class Not:
    part: Condition

    def evaluate(self, facts: IncidentFacts) -> bool | None:
        value = self.part.evaluate(facts)
        return None if value is None else not value

    def names(self) -> frozenset[str]:
        return self.part.names()


@dataclass(frozen=True, slots=True)
class YoungestAgeBelow:
    years: int

    def evaluate(self, facts: IncidentFacts) -> bool | None:
        return None if facts.youngest_age is None else facts.youngest_age < self.years

    def names(self) -> frozenset[str]:
        return frozenset({"youngest_age"})


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One of PRACTICE.md's numbered sources."""

    id: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Node:
    """One rule, question or step of the table, with its provenance."""

    id: str
    text: str
    sources: tuple[SourceRef, ...]
    jurisdiction: str
    tag: str
    verified_against: date | None
    note: str | None

    @property
    def verified(self) -> bool:
        """Seen in a cited source (tag V). S and R nodes must be shown as needing verification."""
        return self.tag == "V"


@dataclass(frozen=True, slots=True)
class ScopeRule:
    node: Node
    when: Condition
    effect: str
    action: str
    question: str | None
    routes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trigger:
    node: Node
    short: str
    when: Condition
    question: str
    routes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Question:
    """A question the DSL answers; ``field`` is its key in a structured record."""

    node: Node
    field: str


@dataclass(frozen=True, slots=True)
class ExceptionField:
    """A field a record must hold before anyone views imagery (V2–V6)."""

    id: str
    label: str
    kind: str
    required: bool
    rule: str
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ViewingPolicy:
    default: str
    rules: tuple[Node, ...]
    exception_fields: tuple[ExceptionField, ...]


@dataclass(frozen=True, slots=True)
class OutcomeRule:
    node: Node
    routes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JurisdictionRule:
    """Whether the England flow applies in a jurisdiction, and if not, what does."""

    id: str
    uses_ukcis_flow: bool
    applies: str | None
    routes: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    tag: str | None

    @property
    def verified(self) -> bool:
        return self.uses_ukcis_flow or self.tag == "V"


@dataclass(frozen=True, slots=True)
class UkcisTable:
    """The validated decision table."""

    version: int
    reviewed_on: date
    title: str
    edition: date
    sources: tuple[SourceRef, ...]
    scope: tuple[ScopeRule, ...]
    frontline: tuple[Node, ...]
    initial_review_meeting: Node
    initial_review: tuple[Question, ...]
    triggers: tuple[Trigger, ...]
    risk_assessment: tuple[Question, ...]
    viewing: ViewingPolicy
    outcomes: Mapping[str, OutcomeRule]
    jurisdictions: Mapping[str, JurisdictionRule]

    def nodes(self) -> Iterator[Node]:
        """Every node of the table, in file order."""
        yield from (rule.node for rule in self.scope)
        yield from self.frontline
        yield self.initial_review_meeting
        yield from (q.node for q in self.initial_review)
        yield from (t.node for t in self.triggers)
        yield from (q.node for q in self.risk_assessment)
        yield from self.viewing.rules
        yield from (o.node for o in self.outcomes.values())

    def node(self, node_id: str) -> Node:
        """The node ``node_id`` (e.g. ``"T4"``, ``"F2"``, ``"B2.3"``); KeyError if unknown."""
        for node in self.nodes():
            if node.id == node_id:
                return node
        raise KeyError(f"unknown UKCIS node {node_id!r}")

    def trigger(self, trigger_id: str) -> Trigger:
        for trigger in self.triggers:
            if trigger.node.id == trigger_id:
                return trigger
        raise KeyError(f"unknown UKCIS trigger {trigger_id!r}")


# --- the decision ------------------------------------------------------------------------------


class UkcisOutcome(StrEnum):
    REFER_IMMEDIATELY = "refer_immediately"  # S1 or any trigger fired
    GATHER_INFORMATION = "gather_information"  # nothing fired, something still unknown
    MANAGE_IN_SETTING = "manage_in_setting"  # nothing fired, nothing unknown
    GENERAL_PROCEDURES = "general_procedures"  # S2: out of scope, no images
    NOT_COVERED = "not_covered"  # the England flow does not apply in this jurisdiction


@dataclass(frozen=True, slots=True)
class FiredTrigger:
    """A rule that decided on immediate referral, with its reason and sources."""

    id: str
    short: str
    reason: str
    sources: tuple[SourceRef, ...]
    tag: str
    verified: bool

    def label(self) -> str:
        """``"T1 adult involved"``, marked when the rule is not verified."""
        text = f"{self.id} {self.short}"
        return text if self.verified else f"{text} [needs verification]"


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A fact still unknown that could change the decision."""

    id: str
    question: str


@dataclass(frozen=True, slots=True)
class UkcisDecision:
    """What the UKCIS flow says about an incident, and how sure that is."""

    jurisdiction: str
    outcome: UkcisOutcome
    refer_immediately: bool
    in_scope: bool
    scope_rule: str | None
    triggers_fired: tuple[FiredTrigger, ...]
    open_questions: tuple[OpenQuestion, ...]
    routes: tuple[str, ...]
    steps: tuple[Node, ...]
    explanation: str
    applies_instead: str | None = None

    @property
    def unverified_steps(self) -> tuple[str, ...]:
        """Ids of the steps behind this decision that are not verified (tag S or R)."""
        return tuple(step.id for step in self.steps if not step.verified)

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "outcome": self.outcome.value,
            "refer_immediately": self.refer_immediately,
            "in_scope": self.in_scope,
            "scope_rule": self.scope_rule,
            "triggers_fired": [
                {
                    "id": t.id,
                    "short": t.short,
                    "reason": t.reason,
                    "tag": t.tag,
                    "verified": t.verified,
                    "sources": [s.id for s in t.sources],
                }
                for t in self.triggers_fired
            ],
            "open_questions": [{"id": q.id, "question": q.question} for q in self.open_questions],
            "routes": list(self.routes),
            "steps": [{"id": s.id, "tag": s.tag, "verified": s.verified} for s in self.steps],
            "unverified_steps": list(self.unverified_steps),
            "explanation": self.explanation,
            "applies_instead": self.applies_instead,
        }


def evaluate_incident(facts: IncidentFacts, table: UkcisTable | None = None) -> UkcisDecision:
    """Run the scope gate and the immediate-referral triggers on ``facts``.

    Outside England the England flow is never applied: the decision says what applies instead.
    """
    table = table or load_ukcis()
    where = table.jurisdictions[facts.jurisdiction]
    if not where.uses_ukcis_flow:
        return _not_covered(facts.jurisdiction, where)

    scope = {rule.node.id: (rule, rule.when.evaluate(facts)) for rule in table.scope}
    fired_scope = [rule for rule, value in scope.values() if value is True]
    open_scope = [
        rule
        for rule, value in scope.values()
        if value is None and rule.effect != "same_flow" and rule.question
    ]
    general = next((r for r in fired_scope if r.effect == "general_procedures"), None)
    if general is not None:
        return UkcisDecision(
            jurisdiction=facts.jurisdiction,
            outcome=UkcisOutcome.GENERAL_PROCEDURES,
            refer_immediately=False,
            in_scope=False,
            scope_rule=general.node.id,
            triggers_fired=(),
            open_questions=(),
            routes=general.routes,
            steps=(general.node,),
            explanation=general.action,
        )

    urgent = next((r for r in fired_scope if r.effect == "refer_police_urgently"), None)
    same_flow = next((r for r in fired_scope if r.effect == "same_flow"), None)
    evaluated = [(trigger, trigger.when.evaluate(facts)) for trigger in table.triggers]
    fired = [trigger for trigger, value in evaluated if value is True]
    open_triggers = [trigger for trigger, value in evaluated if value is None]
    # A trigger whose facts an open scope question already asks about is not asked twice.
    asked = frozenset().union(*(rule.when.names() for rule in open_scope))
    questions = tuple(
        [OpenQuestion(rule.node.id, rule.question) for rule in open_scope if rule.question]
        + [OpenQuestion(t.node.id, t.question) for t in open_triggers if t.when.names() - asked]
    )

    scope_steps = [r.node for r in (urgent, same_flow) if r is not None]
    steps: list[Node] = [*scope_steps, *table.frontline, *(t.node for t in fired)]
    if urgent is not None or fired:
        outcome_rule = table.outcomes["refer_immediately"]
        outcome = UkcisOutcome.REFER_IMMEDIATELY
        routes = [*(urgent.routes if urgent else ()), *(r for t in fired for r in t.routes)]
        explanation = urgent.action if urgent is not None else outcome_rule.node.text
        if fired:
            explanation += " Triggers: " + "; ".join(f"{t.node.id} {t.short}" for t in fired) + "."
    else:
        key = "gather_information" if questions else "manage_in_setting"
        outcome_rule = table.outcomes[key]
        outcome = UkcisOutcome(key)
        routes = list(outcome_rule.routes)
        explanation = outcome_rule.node.text
        steps += [table.initial_review_meeting, *(q.node for q in table.initial_review)]
        if outcome is UkcisOutcome.MANAGE_IN_SETTING:
            steps += [q.node for q in table.risk_assessment]
    if same_flow is not None:
        explanation = f"{same_flow.action} {explanation}"
    return UkcisDecision(
        jurisdiction=facts.jurisdiction,
        outcome=outcome,
        refer_immediately=outcome is UkcisOutcome.REFER_IMMEDIATELY,
        in_scope=urgent is None,
        scope_rule=scope_steps[0].id if scope_steps else None,
        triggers_fired=tuple(_fired(t) for t in fired),
        open_questions=questions,
        routes=tuple(dict.fromkeys(routes)),
        steps=(*steps, outcome_rule.node),
        explanation=explanation,
    )


def _fired(trigger: Trigger) -> FiredTrigger:
    node = trigger.node
    return FiredTrigger(node.id, trigger.short, node.text, node.sources, node.tag, node.verified)


def _not_covered(jurisdiction: str, rule: JurisdictionRule) -> UkcisDecision:
    name = _JURISDICTION_NAMES[jurisdiction]
    explanation = f"The England UKCIS flow does not apply in {name}. What applies: {rule.applies}"
    if not rule.verified:
        explanation += " [needs verification]"
    step = Node(
        id=f"B10.{jurisdiction}",
        text=explanation,
        sources=rule.sources,
        jurisdiction=jurisdiction,
        tag=rule.tag or "R",
        verified_against=None,
        note=None,
    )
    return UkcisDecision(
        jurisdiction=jurisdiction,
        outcome=UkcisOutcome.NOT_COVERED,
        refer_immediately=False,
        in_scope=False,
        scope_rule=None,
        triggers_fired=(),
        open_questions=(),
        routes=rule.routes,
        steps=(step,),
        explanation=explanation,
        applies_instead=rule.applies,
    )


# --- loading and validation --------------------------------------------------------------------


def parse_ukcis(
    data: object, source: str = _FILE, *, agency_ids: Collection[str] | None = None
) -> UkcisTable:
    """Validate a parsed ``ukcis.yaml``; ``agency_ids`` checks every referral route."""
    top = document(data, source)
    version = top.integer("version")
    reviewed_on = top.day("reviewed_on")
    guidance = EntryReader(top.mapping("guidance"), source, "guidance")
    title, edition = guidance.text("title"), guidance.day("edition")
    if guidance.choice("jurisdiction", JURISDICTIONS) != "england":
        raise guidance.fail("jurisdiction", "this table encodes the England flow")
    guidance.finish()
    loader = _Loader(source, agency_ids)
    sources = tuple(
        loader.source_ref(reader) for _, reader in entries(top.raw("sources"), source, "sources")
    )
    loader.sources = {s.id: s for s in sources}

    scope = tuple(loader.scope_rule(r) for _, r in entries(top.raw("scope"), source, "scope"))
    frontline = tuple(loader.node(r) for _, r in entries(top.raw("frontline"), source, "frontline"))
    review = EntryReader(top.mapping("initial_review"), source, "initial_review")
    meeting = loader.node(EntryReader(review.mapping("meeting"), source, "initial_review.meeting"))
    initial_review = tuple(
        loader.question(r) for _, r in entries(review.raw("questions"), source, "questions")
    )
    review.finish()
    triggers = tuple(loader.trigger(r) for _, r in entries(top.raw("triggers"), source, "triggers"))
    risk = tuple(
        loader.question(r)
        for _, r in entries(top.raw("risk_assessment"), source, "risk_assessment")
    )
    viewing = loader.viewing(EntryReader(top.mapping("viewing"), source, "viewing"))
    outcomes = loader.outcomes(EntryReader(top.mapping("outcomes"), source, "outcomes"))
    jurisdictions = {
        jid: loader.jurisdiction(r)
        for jid, r in entries(top.raw("jurisdictions"), source, "jurisdictions")
    }
    top.finish()
    missing = [j for j in JURISDICTIONS if j not in jurisdictions]
    if missing:
        raise DataFileError(f"{source}: jurisdictions: missing {', '.join(missing)}")
    if not jurisdictions["england"].uses_ukcis_flow:
        raise DataFileError(f"{source}: entry 'england': field 'flow': must be ukcis")
    assert version is not None
    table = UkcisTable(
        version=version,
        reviewed_on=reviewed_on,
        title=title,
        edition=edition,
        sources=sources,
        scope=scope,
        frontline=frontline,
        initial_review_meeting=meeting,
        initial_review=initial_review,
        triggers=triggers,
        risk_assessment=risk,
        viewing=viewing,
        outcomes=outcomes,
        jurisdictions=jurisdictions,
    )
    _check_unique_ids(table, source)
    return table


def read_ukcis(path: Path, *, agency_ids: Collection[str] | None = None) -> UkcisTable:
    """Load and validate a decision-table file (e.g. a broken copy in a test)."""
    return parse_ukcis(read_yaml(path), path.name, agency_ids=agency_ids)


@lru_cache(maxsize=1)
def load_ukcis() -> UkcisTable:
    """The shipped table, checked against the shipped agency directory; loaded once."""
    return parse_ukcis(read_packaged_yaml(_FILE), agency_ids=packaged_directory().ids)


def _check_unique_ids(table: UkcisTable, source: str) -> None:
    seen: set[str] = set()
    for node in table.nodes():
        if node.id in seen:
            raise DataFileError(f"{source}: entry '{node.id}': field 'id': used twice in the table")
        seen.add(node.id)
    node_ids = seen
    for field in table.viewing.exception_fields:
        if field.rule not in node_ids:
            raise DataFileError(
                f"{source}: entry '{field.id}': field 'rule': unknown node {field.rule!r}"
            )


class _Loader:
    """Builds table parts from entry readers, resolving source and agency references."""

    def __init__(self, source: str, agency_ids: Collection[str] | None) -> None:
        self.source = source
        self.agency_ids = agency_ids
        self.sources: dict[str, SourceRef] = {}

    def source_ref(self, reader: EntryReader) -> SourceRef:
        ref = SourceRef(reader.text("id"), reader.text("title"), reader.text("url"))
        reader.finish()
        return ref

    def refs(self, reader: EntryReader, key: str = "source") -> tuple[SourceRef, ...]:
        return tuple(self.sources[s] for s in reader.text_list(key, choices=self.sources))

    def routes(self, reader: EntryReader) -> tuple[str, ...]:
        return reader.text_list("routes", choices=self.agency_ids, required=False)

    def node(self, reader: EntryReader, *, finish: bool = True) -> Node:
        tag = reader.choice("tag", TAGS)
        node = Node(
            id=reader.text("id"),
            text=reader.text("text"),
            sources=self.refs(reader),
            jurisdiction=reader.choice("jurisdiction", JURISDICTIONS),
            tag=tag,
            verified_against=reader.optional_day("verified_against"),
            note=reader.optional_text("note"),
        )
        if tag == "R" and node.verified_against is not None:
            raise reader.fail("verified_against", "must be null for an R (unconfirmed) node")
        if finish:
            reader.finish()
        return node

    def condition(self, reader: EntryReader, value: object) -> Condition:
        def build(part: object) -> Condition:
            if isinstance(part, str):
                if part not in FACT_NAMES:
                    raise reader.fail("when", f"unknown fact {part!r}")
                return Fact(part)
            if isinstance(part, Mapping) and len(part) == 1:
                ((op, arg),) = part.items()
                if op in ("any", "all") and isinstance(arg, list) and arg:
                    parts = tuple(build(p) for p in arg)
                    return AnyOf(parts) if op == "any" else AllOf(parts)
                if op == "not":
                    return Not(build(arg))
                if op == "youngest_age_below" and type(arg) is int and 0 < arg <= 18:
                    return YoungestAgeBelow(arg)
            raise reader.fail("when", f"not a condition: {part!r}")

        if value is None:
            raise reader.fail("when", "is missing; expected a condition")
        return build(value)

    def scope_rule(self, reader: EntryReader) -> ScopeRule:
        node = self.node(reader, finish=False)
        rule = ScopeRule(
            node=node,
            when=self.condition(reader, reader.raw("when")),
            effect=reader.choice("effect", _SCOPE_EFFECTS),
            action=reader.text("action"),
            question=reader.optional_text("question"),
            routes=self.routes(reader),
        )
        reader.finish()
        return rule

    def trigger(self, reader: EntryReader) -> Trigger:
        node = self.node(reader, finish=False)
        trigger = Trigger(
            node=node,
            short=reader.text("short"),
            when=self.condition(reader, reader.raw("when")),
            question=reader.text("question"),
            routes=self.routes(reader),
        )
        if not trigger.routes:
            raise reader.fail("routes", "is empty; a referral trigger needs a route")
        reader.finish()
        return trigger

    def question(self, reader: EntryReader) -> Question:
        node = self.node(reader, finish=False)
        question = Question(node=node, field=reader.text("field"))
        reader.finish()
        return question

    def viewing(self, reader: EntryReader) -> ViewingPolicy:
        default = reader.choice("default", ("deny",))
        rules = tuple(self.node(r) for _, r in entries(reader.raw("rules"), self.source, "rules"))
        fields_ = []
        for _, sub in entries(reader.raw("exception_fields"), self.source, "exception_fields"):
            kind = sub.choice("kind", _FIELD_KINDS)
            choices = sub.text_list("choices", required=kind == "choice")
            fields_.append(
                ExceptionField(
                    id=sub.text("id"),
                    label=sub.text("label"),
                    kind=kind,
                    required=sub.flag("required"),
                    rule=sub.text("rule"),
                    choices=choices,
                )
            )
            sub.finish()
        reader.finish()
        return ViewingPolicy(default, rules, tuple(fields_))

    def outcomes(self, reader: EntryReader) -> dict[str, OutcomeRule]:
        out: dict[str, OutcomeRule] = {}
        for key in _OUTCOME_KEYS:
            sub = EntryReader(reader.mapping(key), self.source, f"outcomes.{key}")
            node = self.node(sub, finish=False)
            out[key] = OutcomeRule(node, self.routes(sub))
            sub.finish()
        reader.finish()
        return out

    def jurisdiction(self, reader: EntryReader) -> JurisdictionRule:
        jid = reader.choice("id", JURISDICTIONS)
        if reader.raw("flow") is not None:
            reader.choice("flow", ("ukcis",))
            reader.finish()
            return JurisdictionRule(jid, True, None, (), (), None)
        rule = JurisdictionRule(
            id=jid,
            uses_ukcis_flow=False,
            applies=reader.text("applies"),
            routes=self.routes(reader),
            sources=self.refs(reader),
            tag=reader.choice("tag", TAGS),
        )
        reader.finish()
        return rule
