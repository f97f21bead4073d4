"""Wires the standard scan engine: rule detectors, response guidance, image and learned detectors.

The detection core (``safeguard.core``) stays free of I/O-heavy parts; this module is where a
command or service asks for "the engine Safeguard ships with".
"""

from __future__ import annotations

from collections.abc import Sequence

from safeguard.core.assessor import AssessorConfig
from safeguard.core.conversation import Conversation, Role
from safeguard.core.engine import ScanEngine, build_engine
from safeguard.core.levels import RiskLevel


def _guide(
    categories: Sequence[tuple[str, RiskLevel]], conversation: Conversation
) -> tuple[Sequence[str], Sequence[str]]:
    from safeguard.core.guidance import guidance_for

    ages = [p.age for p in conversation.participants if p.role is Role.CHILD and p.age is not None]
    adult = any(p.role is Role.ADULT for p in conversation.participants)
    guidance = guidance_for(
        categories,
        child_age=min(ages) if ages else None,
        adult_involved=True if adult else None,
    )
    return guidance.actions, guidance.agencies


def _category_caps() -> dict[str, RiskLevel]:
    from safeguard.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return {c.id: c.max_level for c in taxonomy.categories}


def build_default_engine() -> ScanEngine:
    """The engine ``safeguard scan`` uses."""
    return build_engine(config=AssessorConfig(caps=_category_caps()), guide=_guide)
