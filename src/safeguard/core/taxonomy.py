"""The taxonomy of the fourteen risk categories (``data/taxonomy.yaml``), validated on load.

taxonomy = load_taxonomy()
grooming = taxonomy.category("grooming")
grooming.label, grooming.max_level, grooming.protocol, grooming.agencies
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from safeguard.core.agencies import packaged_directory
from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.datafile_reader import (
    EntryReader,
    document,
    entries,
    read_packaged_yaml,
    read_yaml,
)
from safeguard.core.errors import DataFileError
from safeguard.core.levels import RiskLevel

_FILE = "taxonomy.yaml"
_LEVELS = tuple(level.value for level in RiskLevel if level is not RiskLevel.NONE)


@dataclass(frozen=True, slots=True)
class CategoryDefinition:
    """What a category means and what it calls for."""

    id: str
    label: str
    definition: str
    seed_concern: str
    default_severity: RiskLevel
    max_level: RiskLevel
    involves_images: bool
    protocol: str
    agencies: tuple[str, ...]

    def cap(self, level: RiskLevel) -> RiskLevel:
        """``level``, lowered to the category's ``max_level`` if above it."""
        return min(level, self.max_level)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """All fourteen categories, in the order of ``core.categories.CATEGORY_IDS``."""

    version: int
    reviewed_on: date
    categories: tuple[CategoryDefinition, ...]

    def category(self, category_id: str) -> CategoryDefinition:
        """The definition of ``category_id``; KeyError names an unknown id."""
        for definition in self.categories:
            if definition.id == category_id:
                return definition
        raise KeyError(f"unknown category {category_id!r}")

    @property
    def image_categories(self) -> tuple[str, ...]:
        """Ids of the categories that bring in the UKCIS nude-image flow."""
        return tuple(c.id for c in self.categories if c.involves_images)


def parse_taxonomy(
    data: object, source: str = _FILE, *, agency_ids: Collection[str] | None = None
) -> Taxonomy:
    """Validate a parsed ``taxonomy.yaml``; ``agency_ids`` checks the agency references."""
    top = document(data, source)
    version = top.integer("version")
    reviewed_on = top.day("reviewed_on")
    found = {
        category_id: _category(reader, agency_ids)
        for category_id, reader in entries(top.raw("categories"), source, "categories")
    }
    top.finish()
    missing = [c for c in CATEGORY_IDS if c not in found]
    extra = sorted(set(found) - set(CATEGORY_IDS))
    if extra:
        raise DataFileError(f"{source}: entry '{extra[0]}': field 'id': not one of the 14 ids")
    if missing:
        raise DataFileError(f"{source}: categories: missing {', '.join(missing)}")
    assert version is not None
    return Taxonomy(
        version=version,
        reviewed_on=reviewed_on,
        categories=tuple(found[c] for c in CATEGORY_IDS),
    )


def read_taxonomy(path: Path, *, agency_ids: Collection[str] | None = None) -> Taxonomy:
    """Load and validate a taxonomy file (e.g. a broken copy in a test)."""
    return parse_taxonomy(read_yaml(path), path.name, agency_ids=agency_ids)


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy, checked against the shipped agency directory; loaded once."""
    return parse_taxonomy(read_packaged_yaml(_FILE), agency_ids=packaged_directory().ids)


def _category(reader: EntryReader, agency_ids: Collection[str] | None) -> CategoryDefinition:
    definition = CategoryDefinition(
        id=reader.text("id"),
        label=reader.text("label"),
        definition=reader.text("definition"),
        seed_concern=reader.text("seed_concern"),
        default_severity=RiskLevel(reader.choice("default_severity", _LEVELS)),
        max_level=RiskLevel(reader.choice("max_level", _LEVELS)),
        involves_images=reader.flag("involves_images"),
        protocol=reader.text("protocol"),
        agencies=reader.text_list("agencies", choices=agency_ids),
    )
    reader.finish()
    if definition.default_severity > definition.max_level:
        raise reader.fail("default_severity", "is above max_level")
    return definition
