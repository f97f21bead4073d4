"""Typed, validating reads of one entry of a packaged YAML data file.

Every problem raises :class:`DataFileError` whose message names the file, the entry and the
field, e.g. ``agencies.yaml: entry 'childline': field 'hours': is missing; expected a string``.
Unknown keys are errors too (:meth:`EntryReader.finish`), so a typo cannot silently drop a rule.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from safeguard.core.errors import DataFileError


def read_yaml(path: Path) -> object:
    """The parsed YAML document at ``path``; a syntax error names the file."""
    return parse_yaml(path.read_text("utf-8"), path.name)


def read_packaged_yaml(name: str) -> object:
    """The parsed YAML document ``name`` shipped in ``safeguard.data``."""
    text = resources.files("safeguard.data").joinpath(name).read_text("utf-8")
    return parse_yaml(text, name)


def parse_yaml(text: str, source: str) -> object:
    try:
        return safe_load_yaml(text)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{source}: not valid YAML: {exc}") from None


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def safe_load_yaml(text: str) -> Any:
    """``yaml.safe_load``, parsed by libyaml when PyYAML has it (several times faster).

    The same constructor and resolver build the same objects; a document libyaml rejects is
    parsed again in Python, so errors read exactly as ``yaml.safe_load`` reports them.
    """
    if _FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)  # CSafeLoader: a safe loader
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


class EntryReader:
    """Reads the fields of one mapping in a data file, failing loudly and precisely."""

    def __init__(self, data: object, source: str, entry: str) -> None:
        self.source = source
        self.entry = entry
        if not isinstance(data, Mapping):
            raise self._error(None, f"expected a mapping, got {_type_name(data)}")
        self.data: Mapping[str, Any] = data
        self._seen: set[str] = set()

    def _error(self, field: str | None, problem: str) -> DataFileError:
        where = f"{self.source}: entry '{self.entry}'"
        if field is not None:
            where += f": field '{field}'"
        return DataFileError(f"{where}: {problem}")

    def fail(self, field: str | None, problem: str) -> DataFileError:
        """An error about ``field`` of this entry, for the caller to raise."""
        return self._error(field, problem)

    def _get(self, key: str, expected: str, *, required: bool) -> Any:
        self._seen.add(key)
        value = self.data.get(key)
        if value is None and required:
            raise self._error(key, f"is missing; expected {expected}")
        return value

    def text(self, key: str) -> str:
        """A required non-empty string."""
        value = self._get(key, "a string", required=True)
        if not isinstance(value, str) or not value.strip():
            raise self._error(key, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        if self._get(key, "a string", required=False) is None:
            return None
        return self.text(key)

    def choice(self, key: str, choices: Collection[str]) -> str:
        """A string that must be one of ``choices``."""
        value = self.text(key)
        if value not in choices:
            raise self._error(key, f"{value!r} is not one of {', '.join(sorted(choices))}")
        return value

    def flag(self, key: str, *, default: bool | None = None) -> bool:
        """A boolean; missing means ``default`` (required when ``default`` is None)."""
        value = self._get(key, "true or false", required=default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, bool):
            raise self._error(key, f"expected true or false, got {value!r}")
        return value

    def tristate(self, key: str) -> bool | None:
        """A required key whose value is true, false or null (unknown)."""
        self._seen.add(key)
        if key not in self.data:
            raise self._error(key, "is missing; expected true, false or null (unknown)")
        value = self.data[key]
        if value is not None and not isinstance(value, bool):
            raise self._error(key, f"expected true, false or null, got {value!r}")
        return value

    def integer(self, key: str, *, required: bool = True) -> int | None:
        value = self._get(key, "an integer", required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._error(key, f"expected an integer, got {value!r}")
        return value

    def day(self, key: str) -> date:
        """A required ISO date (``2026-11-22``)."""
        value = self._get(key, "a date (YYYY-MM-DD)", required=True)
        return self._as_date(key, value)

    def optional_day(self, key: str) -> date | None:
        """An ISO date, or null; the key itself must be present (null is a statement)."""
        self._seen.add(key)
        if key not in self.data:
            raise self._error(key, "is missing; expected a date (YYYY-MM-DD) or null")
        value = self.data[key]
        return None if value is None else self._as_date(key, value)

    def _as_date(self, key: str, value: object) -> date:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self._error(key, f"expected a date (YYYY-MM-DD), got {value!r}")

    def text_list(
        self, key: str, *, choices: Collection[str] | None = None, required: bool = True
    ) -> tuple[str, ...]:
        """A list of non-empty strings, each in ``choices`` if given; non-empty if required."""
        value = self._get(key, "a list of strings", required=required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self._error(key, f"expected a list of strings, got {value!r}")
        if required and not value:
            raise self._error(key, "is empty; expected at least one item")
        if len(set(value)) != len(value):
            raise self._error(key, "lists an item twice")
        if choices is not None:
            unknown = [v for v in value if v not in choices]
            if unknown:
                raise self._error(key, f"unknown {', '.join(map(repr, unknown))}")
        return tuple(value)

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        """A list of anything (each item checked by the caller)."""
        value = self._get(key, "a list", required=required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._error(key, f"expected a list, got {_type_name(value)}")
        if required and not value:
            raise self._error(key, "is empty; expected at least one item")
        return value

    def mapping(self, key: str, *, required: bool = True) -> Mapping[str, Any]:
        value = self._get(key, "a mapping", required=required)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self._error(key, f"expected a mapping, got {_type_name(value)}")
        return value

    def raw(self, key: str) -> Any:
        """The value as it is (validated by the caller), or None."""
        self._seen.add(key)
        return self.data.get(key)

    def finish(self) -> None:
        """Reject keys the schema does not know (usually a typo)."""
        unknown = sorted(str(k) for k in self.data if k not in self._seen)
        if unknown:
            raise self._error(unknown[0], "is not a known field")


def entries(container: object, source: str, section: str) -> list[tuple[str, EntryReader]]:
    """The ``id``-keyed entries of a list section; ids must be unique."""
    if not isinstance(container, list) or not container:
        raise DataFileError(f"{source}: section '{section}' must be a non-empty list")
    out: list[tuple[str, EntryReader]] = []
    seen: set[str] = set()
    for index, item in enumerate(container):
        label = f"{section}[{index}]"
        if isinstance(item, Mapping) and isinstance(item.get("id"), str) and item["id"]:
            label = item["id"]
        reader = EntryReader(item, source, label)
        entry_id = reader.text("id")
        if entry_id in seen:
            raise reader.fail("id", f"duplicate id {entry_id!r}")
        seen.add(entry_id)
        out.append((entry_id, reader))
    return out


def document(data: object, source: str) -> EntryReader:
    """The top-level mapping of a data file, as an entry named ``(top level)``."""
    return EntryReader(data, source, "(top level)")


def _type_name(value: object) -> str:
    return "nothing" if value is None else type(value).__name__
