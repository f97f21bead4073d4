"""What the case page shows beside the record: the response rails, the UKCIS decision and the
agencies to call, each rule with its source, jurisdiction and whether it is verified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from safeguard.casework.case_view import CaseView
from safeguard.casework.records import Setting
from safeguard.core.agencies import Agency, AgencyDirectory, StaleEntry, load_directory
from safeguard.core.guidance import Action, Guide, load_protocols
from safeguard.core.levels import RiskLevel
from safeguard.core.taxonomy import load_taxonomy
from safeguard.core.ukcis import Node, UkcisTable, load_ukcis

DEVICE_RULE_TO_STEP = {"flight_mode": "flight_mode", "isolated_on": "powered_on_isolated"}


def local_overrides(setting: Setting) -> dict[str, dict[str, Any]]:
    """The setting's local numbers as agency-directory overrides."""
    numbers = {
        "local_childrens_social_care": setting.contacts.mash_phone,
        "out_of_hours_edt": setting.contacts.edt_phone,
        "lado": setting.contacts.lado_phone,
    }
    return {
        agency_id: {"contacts": [{"kind": "phone", "value": number, "note": "set by the setting"}]}
        for agency_id, number in numbers.items()
        if number.strip()
    }


def directory_for(setting: Setting) -> AgencyDirectory:
    return load_directory(local_overrides(setting))


@lru_cache(maxsize=32)
def _guide(overrides_key: tuple[tuple[str, str], ...], step: str) -> Guide:
    overrides = {
        agency_id: {"contacts": [{"kind": "phone", "value": n, "note": "set by the setting"}]}
        for agency_id, n in overrides_key
    }
    return Guide.create(overrides=overrides, device_securing=step)


def guide_for(setting: Setting) -> Guide:
    key = tuple(sorted((k, v["contacts"][0]["value"]) for k, v in local_overrides(setting).items()))
    return _guide(key, DEVICE_RULE_TO_STEP.get(setting.device_rule, "flight_mode"))


# The seed's response rails every member of staff sees when logging a concern (DESIGN.md):
# reassure the child; secure the device, don't search it; don't challenge the abuser; don't
# investigate, call the police.
FRONTLINE_RAILS = (
    "call_999_immediate_danger",
    "reassure_child",
    "tell_dsl_now",
    "secure_device",
    "dont_search_device",
    "never_view_imagery",
    "dont_challenge_abuser",
    "dont_investigate",
)
# PRACTICE.md sections that are English guidance (UKCIS, KCSIE); the rest apply UK-wide.
_PRACTICE_JURISDICTIONS = {"B5": "england", "B9": "england"}
_JURISDICTION_LABELS = {"england": "England", "wales": "Wales", "scotland": "Scotland",
                        "ni": "Northern Ireland", "uk": "UK", "global": "Global"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rail:
    """One do or don't, with where it comes from, where it applies and whether it is verified."""

    kind: str  # "do" or "dont"
    text: str
    verified: bool
    sources: tuple[str, ...]
    jurisdiction: str


def _source_name(ref: str, tag: str, title: str, table: UkcisTable) -> str:
    try:
        table.node(ref)
    except KeyError:
        return f"{title} [{tag}]"
    return f"UKCIS {ref} [{tag}]"


def _jurisdiction(action: Action, table: UkcisTable) -> str:
    places = []
    for source in action.sources:
        try:
            place = table.node(source.ref).jurisdiction
        except KeyError:  # a PRACTICE.md section
            place = _PRACTICE_JURISDICTIONS.get(source.ref, "uk")
        places.append(_JURISDICTION_LABELS.get(place, place))
    return ", ".join(dict.fromkeys(places))


def rails_for(actions: tuple[Action, ...], setting: Setting) -> tuple[Rail, ...]:
    """The actions as rails, with the setting's way of securing a device filled in."""
    protocols = load_protocols()
    step_id = DEVICE_RULE_TO_STEP.get(setting.device_rule, protocols.default_device_step)
    step = protocols.device_steps[step_id].text
    table = load_ukcis()
    return tuple(
        Rail(
            a.kind,
            a.text.replace("{device_step}", step),
            a.verified,
            tuple(_source_name(s.ref, s.tag, s.title, table) for s in a.sources),
            _jurisdiction(a, table),
        )
        for a in actions
    )


def frontline_rails(setting: Setting) -> tuple[Rail, ...]:
    """The rails shown to whoever logs a concern, at the point of action."""
    by_id = {a.id: a for a in load_protocols().actions}
    return rails_for(tuple(by_id[i] for i in FRONTLINE_RAILS if i in by_id), setting)


def category_rails(category: str, setting: Setting) -> tuple[Rail, ...]:
    """The do's and don'ts of a category's protocol, immediate ones first, don'ts last."""
    actions = load_protocols().actions_for(category)
    order = {"immediate": 0, "do": 1, "dont": 2}
    ranked = sorted(
        actions, key=lambda a: order["immediate" if a.urgency == "immediate" else a.kind]
    )
    return rails_for(tuple(ranked), setting)


@dataclass(frozen=True, slots=True)
class Panel:
    rails: tuple[Rail, ...]
    routes: tuple[Agency, ...]
    table: UkcisTable
    show_ukcis: bool
    frontline: tuple[Node, ...]
    viewing_rules: tuple[Node, ...]
    stale: tuple[StaleEntry, ...]


def for_case(view: CaseView, setting: Setting) -> Panel:
    """The guidance beside one case, for this setting's jurisdiction and local numbers."""
    guide = guide_for(setting)
    category = view.case.category
    taxonomy = load_taxonomy()
    known = category in {c.id for c in taxonomy.categories}
    guidance = (
        guide.guidance_for([(category, RiskLevel.LOW)], jurisdiction=setting.jurisdiction)
        if known
        else None
    )
    table = load_ukcis()
    images = known and taxonomy.category(category).involves_images
    show = images or view.ukcis.reviewed or bool(view.ukcis.hits)
    directory = guide.directory
    route_ids = list(view.ukcis.decision.routes) if view.ukcis.hits else []
    if guidance is not None:
        route_ids += list(guidance.agency_ids)
    routes = tuple(
        directory.agency(a)
        for a in dict.fromkeys(route_ids)
        if a in directory.ids and directory.agency(a).serves(setting.jurisdiction)
    )
    return Panel(
        rails=category_rails(category, setting) if known else (),
        routes=routes,
        table=table,
        show_ukcis=show,
        frontline=table.frontline,
        viewing_rules=table.viewing.rules,
        stale=directory.stale_entries(date.today()),
    )


def protocol_actions(category: str) -> list[tuple[str, str, bool]]:
    """(kind, text, verified) of the staff actions for a category, immediate ones first."""
    protocols = load_protocols()
    actions = sorted(protocols.actions_for(category), key=lambda a: a.urgency != "immediate")
    step = protocols.device_steps[protocols.default_device_step].text
    return [(a.kind, a.render(step), a.verified) for a in actions]
