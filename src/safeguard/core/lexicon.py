"""The signal library: versioned phrase rules per category, compiled into one automaton.

A rule file (``data/signals/<category>.yaml``) lists signals. Each signal has an ``id``, a
``reason`` a DSL can read, a ``weight`` in [0, 1], the ``voice`` that makes it meaningful
(``request``, ``disclosure`` or ``any``), an optional grooming ``stage`` and:

- ``patterns``: phrases in a small template language, matched on normalised text as whole
  words: ``(a|b c)`` alternatives, ``[x]`` optional, ``@group`` a shared phrase group from
  ``_groups.yaml``. ``send [me] (a|one) @image`` expands to every literal variant.
- ``with``: phrase groups of which at least one must also occur in the same message or within
  ``window`` messages either side ("is that a pic of u" after "are u in bed").
- ``unless``: phrase groups that suppress the signal when they occur in the same message or
  within ``window`` messages either side (a birthday "surprise" next to "don't tell mum").

All literal phrases of all rules go into one Aho-Corasick automaton (pyahocorasick), so a
message is scanned once whatever the number of rules.

Expanding and normalising the phrases takes about a second, so :func:`default_lexicon` keeps
the expanded phrase table in a per-user cache (see :func:`lexicon_cache_dir`), keyed by a hash
of the rule files, the normalisation table and the code that expands them; building the
automaton from the table takes a tenth of that. The cache is plain JSON, never required: a
missing, stale, corrupt or unwritable cache means compiling as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import orjson

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.datafile_reader import safe_load_yaml
from safeguard.core.errors import DataFileError
from safeguard.core.normaliser import normalise
from safeguard.core.signals import Voice

logger = logging.getLogger(__name__)

MAX_EXPANSIONS = 50_000
STAGES = (
    "rapport",
    "probing",
    "isolation",
    "secrecy",
    "desensitisation",
    "image_request",
    "platform_move",
    "gifts",
    "meeting",
    "threats",
)
STAGE_LABELS = {
    "rapport": "rapport and flattery",
    "probing": "age and situation probing",
    "isolation": "isolation from family and friends",
    "secrecy": "secrecy",
    "desensitisation": "desensitisation and sexual talk",
    "image_request": "image requests",
    "platform_move": "move to another platform",
    "gifts": "gifts or money",
    "meeting": "meeting arrangements",
    "threats": "threats",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One signal rule of the library."""

    id: str
    category: str
    reason: str
    weight: float
    voice: Voice
    stage: str | None
    with_groups: tuple[str, ...]
    unless_groups: tuple[str, ...]
    window: int


_Entries = tuple[tuple[int, str | int], ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled library: rules, and an automaton from phrase to (kind, key) entries.

    An automaton value is a tuple of entries ``(kind, key)``: kind 0 = a rule's own phrase
    (key = rule index), kind 1 = a phrase of a named group (key = group name).
    """

    version: str
    rules: tuple[Rule, ...]
    automaton: Any
    groups_used: frozenset[str]
    # Phrase groups found per normalised text (see phrase_groups); not part of the value.
    _groups_seen: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)


def _split_alternatives(body: str, where: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in body:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    if depth != 0:
        raise DataFileError(f"{where}: unbalanced brackets")
    return parts


def expand_pattern(
    pattern: str, groups: Mapping[str, list[str]], where: str, _depth: int = 0
) -> list[str]:
    """Every literal phrase a template pattern stands for (lower-case, single-spaced)."""
    if _depth > 8:
        raise DataFileError(f"{where}: groups nest too deeply in {pattern!r}")
    results: list[str] = [""]
    i = 0
    text = pattern.strip()
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            results = [r + " " for r in results]
            i += 1
            continue
        if ch in "([":
            close = ")" if ch == "(" else "]"
            depth = 0
            j = i
            while j < len(text):
                if text[j] in "([":
                    depth += 1
                elif text[j] in ")]":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= len(text) or text[j] != close:
                raise DataFileError(f"{where}: unbalanced brackets in {pattern!r}")
            options: list[str] = []
            for alternative in _split_alternatives(text[i + 1 : j], where):
                options.extend(expand_pattern(alternative, groups, where, _depth + 1))
            i = j + 1
            if ch == "[" or (i < len(text) and text[i] == "?"):
                options.append("")
                if ch == "(" and i < len(text) and text[i] == "?":
                    i += 1
            results = [r + o for r in results for o in options]
        elif ch == "@":
            m = re.match(r"@([a-z][a-z0-9_]*)", text[i:])
            if not m or m.group(1) not in groups:
                raise DataFileError(f"{where}: unknown phrase group in {pattern!r}")
            options = []
            for phrase in groups[m.group(1)]:
                options.extend(expand_pattern(phrase, groups, where, _depth + 1))
            results = [r + o for r in results for o in options]
            i += len(m.group(0))
        else:
            m = re.match(r"[a-z0-9_'£$]+", text[i:])
            if not m:
                raise DataFileError(f"{where}: unexpected character {ch!r} in {pattern!r}")
            results = [r + m.group(0) for r in results]
            i += len(m.group(0))
        if len(results) > MAX_EXPANSIONS:
            raise DataFileError(f"{where}: {pattern!r} expands to more than {MAX_EXPANSIONS}")
    return sorted({" ".join(r.split()) for r in results if r.strip()})


def _normalised_phrase(phrase: str) -> str:
    """A literal phrase in the same normalised form as message text."""
    return normalise(phrase).text.strip()


def _require(entry: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DataFileError(f"{where}: '{key}' must be a {kind.__name__}, got {value!r}")
    return value


def _as_list(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise DataFileError(f"{where}: '{key}' must be a string or a list of strings")


def compile_lexicon(
    rule_files: Mapping[str, str], groups_text: str, *, version: str = "1"
) -> Lexicon:
    """Validate the rule files (name -> YAML text) and the groups, and build the automaton."""
    return _compile(rule_files, groups_text, version)[0]


def _compile(
    rule_files: Mapping[str, str], groups_text: str, version: str
) -> tuple[Lexicon, dict[str, _Entries]]:
    """The library and its phrase table (normalised phrase -> automaton entries)."""
    groups_data = safe_load_yaml(groups_text)
    if not isinstance(groups_data, dict) or not isinstance(groups_data.get("groups"), dict):
        raise DataFileError("signals/_groups.yaml: expected a mapping with 'groups'")
    groups: dict[str, list[str]] = {}
    for name, phrases in groups_data["groups"].items():
        groups[str(name)] = _as_list(phrases, f"signals/_groups.yaml: group {name}", "phrases")
    rules: list[Rule] = []
    phrase_entries: dict[str, set[tuple[int, str | int]]] = {}
    seen_ids: set[str] = set()
    groups_used: set[str] = set()
    for file_name in sorted(rule_files):
        data = safe_load_yaml(rule_files[file_name])
        where_file = f"signals/{file_name}"
        if not isinstance(data, dict):
            raise DataFileError(f"{where_file}: expected a mapping")
        category = data.get("category")
        if category not in CATEGORY_IDS:
            raise DataFileError(f"{where_file}: 'category' must be one of the 14 category ids")
        signals = data.get("signals")
        if not isinstance(signals, list) or not signals:
            raise DataFileError(f"{where_file}: 'signals' must be a non-empty list")
        for n, entry in enumerate(signals):
            if not isinstance(entry, dict):
                raise DataFileError(f"{where_file}: signal #{n + 1} must be a mapping")
            rule_id = _require(entry, "id", str, f"{where_file}: signal #{n + 1}")
            where = f"{where_file}: signal '{rule_id}'"
            if rule_id in seen_ids:
                raise DataFileError(f"{where}: duplicate id")
            seen_ids.add(rule_id)
            weight = entry.get("weight")
            if (
                not isinstance(weight, int | float)
                or isinstance(weight, bool)
                or not 0 < weight <= 1
            ):
                raise DataFileError(f"{where}: 'weight' must be a number in (0, 1]")
            try:
                voice = Voice(entry.get("voice", "any"))
            except ValueError:
                raise DataFileError(
                    f"{where}: 'voice' must be request, disclosure or any"
                ) from None
            stage = entry.get("stage")
            if stage is not None and stage not in STAGES:
                raise DataFileError(f"{where}: 'stage' must be one of {', '.join(STAGES)}")
            with_groups = tuple(g.lstrip("@") for g in _as_list(entry.get("with"), where, "with"))
            unless_groups = tuple(
                g.lstrip("@") for g in _as_list(entry.get("unless"), where, "unless")
            )
            for g in (*with_groups, *unless_groups):
                if g not in groups:
                    raise DataFileError(f"{where}: unknown phrase group '@{g}'")
            groups_used.update(with_groups, unless_groups)
            window = entry.get("window", 0)
            if not isinstance(window, int) or window < 0:
                raise DataFileError(f"{where}: 'window' must be a whole number >= 0")
            patterns = _as_list(entry.get("patterns"), where, "patterns")
            if not patterns:
                raise DataFileError(f"{where}: 'patterns' must not be empty")
            index = len(rules)
            rules.append(
                Rule(
                    id=rule_id,
                    category=category,
                    reason=_require(entry, "reason", str, where),
                    weight=float(weight),
                    voice=voice,
                    stage=stage,
                    with_groups=with_groups,
                    unless_groups=unless_groups,
                    window=window,
                )
            )
            for pattern in patterns:
                for phrase in expand_pattern(pattern, groups, where):
                    key = _normalised_phrase(phrase)
                    if key:
                        phrase_entries.setdefault(key, set()).add((0, index))
    cues = _as_list(groups_data.get("cues"), "signals/_groups.yaml", "cues")
    for cue in cues:
        if cue not in groups:
            raise DataFileError(f"signals/_groups.yaml: cue '{cue}' is not a group")
    groups_used.update(cues)
    for group in groups_used:
        for pattern in groups[group]:
            for phrase in expand_pattern(pattern, groups, f"signals/_groups.yaml: {group}"):
                key = _normalised_phrase(phrase)
                if key:
                    phrase_entries.setdefault(key, set()).add((1, group))
    shared: dict[_Entries, _Entries] = {}  # one tuple per distinct set of entries
    table: dict[str, _Entries] = {}
    for phrase, entries in phrase_entries.items():
        ordered = tuple(sorted(entries, key=str))
        table[phrase] = shared.setdefault(ordered, ordered)
    lexicon = Lexicon(
        version=version,
        rules=tuple(rules),
        automaton=_build_automaton([f" {phrase} " for phrase in table], table.values()),
        groups_used=frozenset(groups_used),
    )
    return lexicon, table


def _build_automaton(keys: Sequence[str], entries: Iterable[_Entries]) -> Any:
    """The automaton from each key (`` phrase ``) to ``(len(key), entries)``, see Lexicon."""
    automaton = ahocorasick.Automaton()
    # Hundreds of thousands of keys: iterate in C (map, zip), not in a Python loop.
    deque(map(automaton.add_word, keys, zip(map(len, keys), entries, strict=True)), maxlen=0)
    automaton.make_automaton()
    return automaton


def _read_package_files() -> tuple[dict[str, str], str]:
    folder = resources.files("safeguard.data").joinpath("signals")
    rule_files: dict[str, str] = {}
    groups_text = ""
    for item in folder.iterdir():
        name = item.name
        if not name.endswith(".yaml"):
            continue
        if name == "_groups.yaml":
            groups_text = item.read_text("utf-8")
        else:
            rule_files[name] = item.read_text("utf-8")
    if not groups_text:
        raise DataFileError("signals/_groups.yaml is missing from the package")
    return rule_files, groups_text


def _groups_version(groups_text: str) -> str:
    meta = safe_load_yaml(groups_text) or {}
    return str(meta.get("version", "0")) if isinstance(meta, dict) else "0"


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged signal library: from the per-user cache, or compiled (and cached)."""
    rule_files, groups_text = _read_package_files()
    folder = lexicon_cache_dir()
    key = _cache_key(rule_files, groups_text) if folder is not None else None
    if folder is not None and key is not None:
        cached = _load_cached(folder, key)
        if cached is not None:
            return cached
    lexicon, table = _compile(rule_files, groups_text, _groups_version(groups_text))
    if folder is not None and key is not None:
        _store_cached(folder, key, lexicon, table)
    return lexicon


# -- the per-user cache of the expanded phrase table ----------------------------------------

CACHE_FORMAT = 3
_CACHE_PREFIX = "lexicon-"
_CACHE_KEEP = 4  # newest cache files kept (other versions of the library, other checkouts)
# The code that turns rule files into phrases: a change to any of it changes the cache key.
_SOURCE_MODULES = ("lexicon", "normaliser", "categories", "signals", "errors")


def lexicon_cache_dir() -> Path | None:
    """Where the compiled library is cached, or None for no cache.

    ``SAFEGUARD_CACHE_DIR`` names the folder (empty: no cache); otherwise
    ``$XDG_CACHE_HOME/safeguard`` or ``~/.cache/safeguard``.
    """
    chosen = os.environ.get("SAFEGUARD_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "safeguard"
    try:
        return Path.home() / ".cache" / "safeguard"
    except RuntimeError:  # no home directory
        return None


def _cache_key(rule_files: Mapping[str, str], groups_text: str) -> str | None:
    """A hash of everything the compiled library depends on; None if the code is unreadable."""
    from safeguard import __version__

    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0".encode())
    try:
        for module in _SOURCE_MODULES:
            source = Path(__file__).with_name(f"{module}.py")
            digest.update(source.read_bytes())
        tables = resources.files("safeguard.data").joinpath("normalisation.yaml")
        digest.update(tables.read_bytes())
    except OSError:
        return None
    for name in sorted(rule_files):
        digest.update(f"\0{name}\0{rule_files[name]}".encode())
    digest.update(f"\0_groups\0{groups_text}".encode())
    return digest.hexdigest()


def _cache_path(folder: Path, key: str) -> Path:
    return folder / f"{_CACHE_PREFIX}{key[:32]}.json"


def _load_cached(folder: Path, key: str) -> Lexicon | None:
    """The cached library for ``key``, or None when it is missing, stale or unreadable."""
    try:
        data = orjson.loads(_cache_path(folder, key).read_bytes())
        if data["format"] != CACHE_FORMAT or data["key"] != key:
            return None
        rules = tuple(
            Rule(
                id=str(r[0]),
                category=str(r[1]),
                reason=str(r[2]),
                weight=float(r[3]),
                voice=Voice(r[4]),
                stage=None if r[5] is None else str(r[5]),
                with_groups=tuple(r[6]),
                unless_groups=tuple(r[7]),
                window=int(r[8]),
            )
            for r in data["rules"]
        )
        entries: list[_Entries] = [
            tuple((int(kind), entry_key) for kind, entry_key in group) for group in data["entries"]
        ]
        keys = data["keys"].split("\n")
        indexes = data["phrase_entries"]
        if len(keys) != len(indexes):
            return None
        return Lexicon(
            version=str(data["version"]),
            rules=rules,
            automaton=_build_automaton(keys, map(entries.__getitem__, indexes)),
            groups_used=frozenset(data["groups_used"]),
        )
    except (OSError, orjson.JSONDecodeError, KeyError, IndexError, TypeError, ValueError):
        return None


def _store_cached(folder: Path, key: str, lexicon: Lexicon, table: Mapping[str, _Entries]) -> None:
    """Write the library and its phrase table to the cache; a failure leaves no cache."""
    entries: dict[_Entries, int] = {}
    indexes = [entries.setdefault(found, len(entries)) for found in table.values()]
    data = {
        "format": CACHE_FORMAT,
        "key": key,
        "version": lexicon.version,
        "rules": [
            [
                r.id,
                r.category,
                r.reason,
                r.weight,
                r.voice.value,
                r.stage,
                list(r.with_groups),
                list(r.unless_groups),
                r.window,
            ]
            for r in lexicon.rules
        ],
        "groups_used": sorted(lexicon.groups_used),
        "entries": [list(e) for e in entries],
        "keys": "\n".join(f" {phrase} " for phrase in table),  # no newline in a phrase
        "phrase_entries": indexes,
    }
    path = _cache_path(folder, key)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary.write_bytes(orjson.dumps(data))
        os.replace(temporary, path)
        _prune(folder, keep=path)
    except OSError as exc:
        logger.debug("lexicon cache not written: %s", exc)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the newest cached libraries."""
    found = sorted(
        folder.glob(f"{_CACHE_PREFIX}*.json"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in [p for p in found if p != keep][_CACHE_KEEP - 1 :]:
        old.unlink(missing_ok=True)


def messages_with_group(lexicon: Lexicon, texts: Iterable[str], group: str) -> set[int]:
    """Indexes of the normalised ``texts`` in which a phrase of ``group`` occurs."""
    if group not in lexicon.groups_used:
        raise KeyError(f"phrase group {group!r} is not compiled into the lexicon")
    return {index for index, text in enumerate(texts) if group in phrase_groups(lexicon, text)}


REMEMBERED_TEXTS = 50_000
REMEMBERED_LENGTH = 200


def phrase_groups(lexicon: Lexicon, text: str) -> frozenset[str]:
    """The phrase groups with a phrase in the normalised ``text`` (remembered per text)."""
    seen = lexicon._groups_seen
    found = seen.get(text)
    if found is None:
        found = frozenset(
            key
            for _end, (_length, entries) in lexicon.automaton.iter(text)
            for kind, key in entries
            if kind == 1
        )
        if len(text) <= REMEMBERED_LENGTH and len(seen) < REMEMBERED_TEXTS:
            seen[text] = found
    return found


def iter_phrases(lexicon: Lexicon) -> Iterable[str]:
    """Every literal phrase in the automaton (for tests and docs)."""
    for key in lexicon.automaton.keys():  # noqa: SIM118 (an automaton, not a dict)
        yield str(key).strip()
