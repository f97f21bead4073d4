"""Response guidance for the risks found in a conversation (``data/protocols.yaml``).

:func:`guidance_for` turns the categories an assessment raised into what a practitioner must do
and must not do, and whom to contact: immediate-danger actions first, then the do's, then the
don'ts, each once. When nude-image categories are present it runs the UKCIS decision table and
adds its referral decision, open questions and fired triggers. Actions whose sources are not
confirmed (tag S or R) end with ``[to verify]``: they are never presented as settled.

    guidance = guidance_for([("sextortion", RiskLevel.HIGH)], child_age=15)
    guidance.actions, guidance.agencies, guidance.ukcis_triggers

A setting with its own local numbers or device policy builds a :class:`Guide` instead:
``Guide.create(overrides={...}, device_securing="powered_on_isolated").guidance_for(...)``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from safeguard.core.agencies import (
    TAGS,
    AgencyDirectory,
    check_jurisdiction,
    load_directory,
)
from safeguard.core.categories import CATEGORY_IDS, check_category
from safeguard.core.datafile_reader import (
    EntryReader,
    document,
    entries,
    read_packaged_yaml,
    read_yaml,
)
from safeguard.core.errors import DataFileError
from safeguard.core.levels import RiskLevel
from safeguard.core.taxonomy import Taxonomy, load_taxonomy
from safeguard.core.ukcis import (
    FACT_NAMES,
    IncidentFacts,
    UkcisDecision,
    UkcisOutcome,
    UkcisTable,
    evaluate_incident,
    load_ukcis,
)

_FILE = "protocols.yaml"
_KINDS: Final = ("do", "dont")
_URGENCIES: Final = ("immediate", "standard")
_TAG_STRENGTH: Final = {"V": 2, "S": 1, "R": 0}
UNVERIFIED_MARK: Final = " [to verify]"


@dataclass(frozen=True)
class Guidance:
    """What to do, what not to do, and whom to contact, for one conversation."""

    actions: tuple[str, ...]
    agencies: tuple[str, ...]
    action_ids: tuple[str, ...]
    agency_ids: tuple[str, ...]
    ukcis_triggers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionSource:
    """A reference behind an action: a UKCIS node or a PRACTICE.md section, with its tag."""

    ref: str
    tag: str
    title: str


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    text: str
    kind: str
    urgency: str
    sources: tuple[ActionSource, ...]
    applies_to: tuple[str, ...]

    @property
    def tag(self) -> str:
        """The strongest tag among the sources (each source supports the whole action)."""
        return max((s.tag for s in self.sources), key=_TAG_STRENGTH.__getitem__)

    @property
    def verified(self) -> bool:
        return self.tag == "V"

    def render(self, device_step: str) -> str:
        text = self.text.replace("{device_step}", device_step)
        return text if self.verified else text + UNVERIFIED_MARK


@dataclass(frozen=True, slots=True)
class Protocol:
    id: str
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class DeviceStep:
    id: str
    text: str
    sources: tuple[ActionSource, ...]


@dataclass(frozen=True, slots=True)
class Protocols:
    """The validated ``protocols.yaml``."""

    version: int
    reviewed_on: date
    protocols: tuple[Protocol, ...]
    actions: tuple[Action, ...]
    device_steps: Mapping[str, DeviceStep]
    default_device_step: str
    ukcis_confirm_at: RiskLevel
    ukcis_facts: Mapping[str, tuple[str, ...]]

    def protocol(self, protocol_id: str) -> Protocol:
        for protocol in self.protocols:
            if protocol.id == protocol_id:
                return protocol
        raise KeyError(f"unknown protocol {protocol_id!r}")

    def actions_for(self, category: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if category in a.applies_to)


@dataclass(frozen=True)
class Guide:
    """Everything :func:`guidance_for` needs, for one setting."""

    taxonomy: Taxonomy
    protocols: Protocols
    directory: AgencyDirectory
    ukcis: UkcisTable
    device_securing: str

    @classmethod
    def create(
        cls,
        *,
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
        device_securing: str | None = None,
    ) -> Guide:
        """The shipped data with a setting's local numbers and device policy."""
        protocols = load_protocols()
        step = device_securing or protocols.default_device_step
        if step not in protocols.device_steps:
            choices = ", ".join(sorted(protocols.device_steps))
            raise ValueError(f"unknown device_securing {step!r}; expected one of {choices}")
        return cls(load_taxonomy(), protocols, load_directory(overrides), load_ukcis(), step)

    def guidance_for(
        self,
        categories: Sequence[tuple[str, RiskLevel]],
        *,
        jurisdiction: str = "england",
        child_age: int | None = None,
        adult_involved: bool | None = None,
    ) -> Guidance:
        """See :func:`guidance_for`."""
        check_jurisdiction(jurisdiction)
        levels = _raised(categories)
        if not levels:
            return Guidance((), (), (), (), ())
        ordered = sorted(levels, key=lambda c: (-levels[c].rank, CATEGORY_IDS.index(c)))
        device_step = self.protocols.device_steps[self.device_securing].text

        # (id, text) per group, in the order the groups are shown
        groups: dict[str, list[tuple[str, str]]] = {"immediate": [], "do": [], "dont": []}
        for action in self.protocols.actions:
            if any(c in levels for c in action.applies_to):
                group = "immediate" if action.urgency == "immediate" else action.kind
                groups[group].append((action.id, action.render(device_step)))

        agency_ids = [a for c in ordered for a in self.taxonomy.category(c).agencies]
        triggers: tuple[str, ...] = ()
        images = any(self.taxonomy.category(c).involves_images for c in ordered)
        if images and (child_age is None or child_age < 18):
            facts = self._facts(levels, jurisdiction, child_age, adult_involved)
            decision = evaluate_incident(facts, self.ukcis)
            ukcis_immediate, ukcis_dos = _ukcis_actions(decision)
            groups["immediate"] += ukcis_immediate
            groups["do"] += ukcis_dos
            agency_ids += decision.routes
            triggers = tuple(t.label() for t in decision.triggers_fired)

        actions = list(dict.fromkeys(item for group in groups.values() for item in group))
        candidates = (self.directory.agency(a) for a in dict.fromkeys(agency_ids))
        agencies = [
            a for a in candidates if a.serves(jurisdiction) and a.suits_child_age(child_age)
        ]
        return Guidance(
            actions=tuple(text for _, text in actions),
            agencies=tuple(a.one_liner() for a in agencies),
            action_ids=tuple(action_id for action_id, _ in actions),
            agency_ids=tuple(a.id for a in agencies),
            ukcis_triggers=triggers,
        )

    def _facts(
        self,
        levels: Mapping[str, RiskLevel],
        jurisdiction: str,
        child_age: int | None,
        adult_involved: bool | None,
    ) -> IncidentFacts:
        confirmed: dict[str, Any] = {}
        for category, names in self.protocols.ukcis_facts.items():
            if levels.get(category, RiskLevel.NONE) >= self.protocols.ukcis_confirm_at:
                confirmed.update(dict.fromkeys(names, True))
        return IncidentFacts(
            images_involved=True,
            adult_involved=adult_involved,
            youngest_age=child_age,
            jurisdiction=jurisdiction,
            **confirmed,
        )


def guidance_for(
    categories: Sequence[tuple[str, RiskLevel]],
    *,
    jurisdiction: str = "england",
    child_age: int | None = None,
    adult_involved: bool | None = None,
) -> Guidance:
    """The response guidance for the categories an assessment raised.

    Only categories at ``low`` or above count. ``jurisdiction`` picks the agencies that serve
    it and decides whether the England UKCIS flow applies; ``child_age`` drops services not
    meant for a child of that age and feeds the UKCIS under-13 rule; ``adult_involved`` feeds
    the UKCIS scope gate (S1) and trigger T1. ``None`` means unknown.
    """
    key = (tuple(categories), jurisdiction, child_age, adult_involved)
    try:
        return _remembered_guidance(*key)
    except TypeError:  # an unhashable category entry: answer without remembering
        return default_guide().guidance_for(
            categories,
            jurisdiction=jurisdiction,
            child_age=child_age,
            adult_involved=adult_involved,
        )


@lru_cache(maxsize=4096)
def _remembered_guidance(
    categories: tuple[tuple[str, RiskLevel], ...],
    jurisdiction: str,
    child_age: int | None,
    adult_involved: bool | None,
) -> Guidance:
    """The shipped guide's answer, remembered: a scan meets the same few combinations often."""
    return default_guide().guidance_for(
        categories,
        jurisdiction=jurisdiction,
        child_age=child_age,
        adult_involved=adult_involved,
    )


@lru_cache(maxsize=1)
def default_guide() -> Guide:
    """The guide built from the shipped data files, loaded once on first use."""
    return Guide.create()


def _raised(categories: Sequence[tuple[str, RiskLevel]]) -> dict[str, RiskLevel]:
    levels: dict[str, RiskLevel] = {}
    for category, level in categories:
        check_category(category)
        if not isinstance(level, RiskLevel):
            raise TypeError(f"level for {category!r} must be a RiskLevel, got {level!r}")
        if level >= RiskLevel.LOW:
            levels[category] = max(level, levels.get(category, RiskLevel.NONE))
    return levels


def _ukcis_actions(
    decision: UkcisDecision,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(immediate, do) actions that carry the UKCIS decision."""
    outcome_step = decision.steps[-1] if decision.steps else None
    mark = "" if outcome_step is None or outcome_step.verified else UNVERIFIED_MARK
    text = f"UKCIS: {decision.explanation}{mark}"
    action_id = f"ukcis:{decision.outcome.value}"
    if decision.refer_immediately:
        return [(action_id, text)], []
    dos = [(action_id, text)]
    if decision.outcome is UkcisOutcome.GATHER_INFORMATION:
        dos += [
            (f"ukcis:ask:{q.id}", f"Find out (UKCIS {q.id}): {q.question}")
            for q in decision.open_questions
        ]
    return [], dos


# --- loading and validation --------------------------------------------------------------------


def parse_protocols(
    data: object,
    source: str = _FILE,
    *,
    taxonomy: Taxonomy | None = None,
    ukcis: UkcisTable | None = None,
) -> Protocols:
    """Validate a parsed ``protocols.yaml`` against the taxonomy and the UKCIS table."""
    taxonomy = taxonomy or load_taxonomy()
    ukcis = ukcis or load_ukcis()
    top = document(data, source)
    version = top.integer("version")
    reviewed_on = top.day("reviewed_on")

    refs: dict[str, ActionSource] = {n.id: ActionSource(n.id, n.tag, n.text) for n in ukcis.nodes()}
    for ref_id, reader in entries(top.raw("sources"), source, "sources"):
        if ref_id in refs:
            raise reader.fail("id", "is already a UKCIS node id")
        refs[ref_id] = ActionSource(ref_id, reader.choice("tag", TAGS), reader.text("title"))
        reader.finish()

    protocols = []
    for _, reader in entries(top.raw("protocols"), source, "protocols"):
        protocols.append(Protocol(reader.text("id"), reader.text("title"), reader.text("summary")))
        reader.finish()
    category_ids = [c.id for c in taxonomy.categories]
    actions = []
    for _, reader in entries(top.raw("actions"), source, "actions"):
        actions.append(_action(reader, refs, category_ids))
    device_steps, default_step = _device_steps(top, source, refs)
    confirm_at, facts = _ukcis_facts(top, source, category_ids)
    top.finish()
    assert version is not None
    result = Protocols(
        version=version,
        reviewed_on=reviewed_on,
        protocols=tuple(protocols),
        actions=tuple(actions),
        device_steps=device_steps,
        default_device_step=default_step,
        ukcis_confirm_at=confirm_at,
        ukcis_facts=facts,
    )
    _check_coverage(result, taxonomy, source)
    return result


def read_protocols(
    path: Path, *, taxonomy: Taxonomy | None = None, ukcis: UkcisTable | None = None
) -> Protocols:
    """Load and validate a protocols file (e.g. a broken copy in a test)."""
    return parse_protocols(read_yaml(path), path.name, taxonomy=taxonomy, ukcis=ukcis)


@lru_cache(maxsize=1)
def load_protocols() -> Protocols:
    """The shipped protocols, validated against the shipped taxonomy and UKCIS table."""
    return parse_protocols(read_packaged_yaml(_FILE))


def _sources(
    reader: EntryReader, key: str, refs: Mapping[str, ActionSource]
) -> tuple[ActionSource, ...]:
    cited = reader.mapping(key)
    if not cited:
        raise reader.fail(key, "is empty; every action needs a source")
    out = []
    for ref, tag in cited.items():
        known = refs.get(str(ref))
        if known is None:
            raise reader.fail(key, f"unknown source {ref!r} (not a UKCIS node or a listed source)")
        if tag != known.tag:
            raise reader.fail(key, f"{ref} is tagged {known.tag}, not {tag!r}")
        out.append(known)
    return tuple(out)


def _action(
    reader: EntryReader, refs: Mapping[str, ActionSource], category_ids: Collection[str]
) -> Action:
    action = Action(
        id=reader.text("id"),
        text=reader.text("text"),
        kind=reader.choice("kind", _KINDS),
        urgency=reader.choice("urgency", _URGENCIES),
        sources=_sources(reader, "source", refs),
        applies_to=reader.text_list("applies_to", choices=category_ids),
    )
    reader.finish()
    return action


def _device_steps(
    top: EntryReader, source: str, refs: Mapping[str, ActionSource]
) -> tuple[dict[str, DeviceStep], str]:
    section = EntryReader(top.mapping("device_securing"), source, "device_securing")
    steps: dict[str, DeviceStep] = {}
    for step_id, fields in section.mapping("options").items():
        reader = EntryReader(fields, source, f"device_securing.{step_id}")
        steps[str(step_id)] = DeviceStep(
            str(step_id), reader.text("text"), _sources(reader, "source", refs)
        )
        reader.finish()
    default = section.choice("default", steps)
    section.finish()
    return steps, default


def _ukcis_facts(
    top: EntryReader, source: str, category_ids: Collection[str]
) -> tuple[RiskLevel, dict[str, tuple[str, ...]]]:
    section = EntryReader(top.mapping("ukcis_facts"), source, "ukcis_facts")
    levels = [level.value for level in RiskLevel if level is not RiskLevel.NONE]
    confirm_at = RiskLevel(section.choice("confirm_at", levels))
    facts: dict[str, tuple[str, ...]] = {}
    mapping = EntryReader(section.mapping("categories"), source, "ukcis_facts.categories")
    for category in list(mapping.data):
        if category not in category_ids:
            raise mapping.fail(str(category), "is not a category id")
        facts[str(category)] = mapping.text_list(str(category), choices=FACT_NAMES)
    mapping.finish()
    section.finish()
    return confirm_at, facts


def _check_coverage(protocols: Protocols, taxonomy: Taxonomy, source: str) -> None:
    protocol_ids = {p.id for p in protocols.protocols}
    used = set()
    for category in taxonomy.categories:
        if category.protocol not in protocol_ids:
            raise DataFileError(
                f"{source}: protocols: no protocol {category.protocol!r} "
                f"(named by category '{category.id}' in taxonomy.yaml)"
            )
        used.add(category.protocol)
        kinds = {a.kind for a in protocols.actions_for(category.id)}
        for kind in _KINDS:
            if kind not in kinds:
                raise DataFileError(
                    f"{source}: actions: no '{kind}' action applies to '{category.id}'"
                )
    unused = sorted(protocol_ids - used)
    if unused:
        raise DataFileError(f"{source}: entry '{unused[0]}': no category uses this protocol")
