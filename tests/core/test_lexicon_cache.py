"""The per-user cache of the compiled signal library: same library, never required.

Compiling the library takes a second or more, so it is compiled for real once per module;
the other tests count calls to a stand-in that returns that same result.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from safeguard.core import lexicon as lexicon_module
from safeguard.core.lexicon import Lexicon, default_lexicon, lexicon_cache_dir


def _same(a: Lexicon, b: Lexicon) -> None:
    assert a.version == b.version
    assert a.rules == b.rules
    assert a.groups_used == b.groups_used
    assert list(a.automaton.items()) == list(b.automaton.items())


@dataclass
class Compiled:
    lexicon: Lexicon
    result: Any
    cache_bytes: bytes
    calls: list[int] = field(default_factory=list)

    def fake(self, *_args: object) -> Any:
        self.calls.append(1)
        return self.result


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Compiled]:
    folder = tmp_path_factory.mktemp("first-cache")
    real = lexicon_module._compile
    results: list[Any] = []

    def spy(*args: Any) -> Any:
        results.append(real(*args))
        return results[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAFEGUARD_CACHE_DIR", str(folder))
        patch.setattr(lexicon_module, "_compile", spy)
        default_lexicon.cache_clear()
        lexicon = default_lexicon()
        default_lexicon.cache_clear()
    [path] = folder.glob("lexicon-*.json")
    assert len(results) == 1 and results[0][0] is lexicon
    yield Compiled(lexicon, results[0], path.read_bytes())


@pytest.fixture
def cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: Compiled
) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SAFEGUARD_CACHE_DIR", str(folder))
    monkeypatch.setattr(lexicon_module, "_compile", compiled.fake)
    compiled.calls.clear()
    default_lexicon.cache_clear()
    yield folder
    default_lexicon.cache_clear()


def _cache_file(folder: Path) -> Path:
    [path] = folder.glob("lexicon-*.json")
    return path


def test_when_cache_is_empty_then_library_is_compiled_and_cached(
    cache_dir: Path, compiled: Compiled
) -> None:
    assert default_lexicon() is compiled.lexicon
    assert compiled.calls == [1]
    assert _cache_file(cache_dir).read_bytes() == compiled.cache_bytes


def test_when_cached_then_the_same_library_loads_without_compiling(
    cache_dir: Path, compiled: Compiled
) -> None:
    default_lexicon()
    default_lexicon.cache_clear()
    compiled.calls.clear()
    loaded = default_lexicon()
    assert compiled.calls == []
    _same(loaded, compiled.lexicon)
    text = " please dont tell your mum about us send me a pic "
    assert list(loaded.automaton.iter(text)) == list(compiled.lexicon.automaton.iter(text))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json",
        b'{"format": 1}',
        b'{"format": 1, "key": "wrong"}',
        b"[1, 2, 3]",
        None,  # truncated
    ],
    ids=["empty", "garbage", "partial", "other-key", "wrong-shape", "truncated"],
)
def test_when_cache_is_corrupt_then_library_is_compiled_again(
    cache_dir: Path, compiled: Compiled, damage: bytes | None
) -> None:
    default_lexicon()
    path = _cache_file(cache_dir)
    broken = compiled.cache_bytes[: len(compiled.cache_bytes) // 2] if damage is None else damage
    path.write_bytes(broken)
    default_lexicon.cache_clear()
    compiled.calls.clear()
    assert default_lexicon() is compiled.lexicon
    assert compiled.calls == [1]
    assert path.read_bytes() == compiled.cache_bytes  # rewritten


def test_when_cache_cannot_be_written_then_the_library_still_loads(
    tmp_path: Path, compiled: Compiled, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SAFEGUARD_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(lexicon_module, "_compile", compiled.fake)
    default_lexicon.cache_clear()
    try:
        assert default_lexicon() is compiled.lexicon
    finally:
        default_lexicon.cache_clear()
    assert list(tmp_path.iterdir()) == [blocker]


def test_when_cache_dir_is_empty_string_then_nothing_is_cached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAFEGUARD_CACHE_DIR", "")
    assert lexicon_cache_dir() is None


def test_cache_dir_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFEGUARD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lexicon_cache_dir() == tmp_path / "safeguard"


def test_cache_key_changes_with_any_rule_file_or_the_groups() -> None:
    rule_files, groups_text = lexicon_module._read_package_files()
    key = lexicon_module._cache_key(rule_files, groups_text)
    name = sorted(rule_files)[0]
    edited = {**rule_files, name: rule_files[name] + "\n# edited\n"}
    assert lexicon_module._cache_key(edited, groups_text) != key
    assert lexicon_module._cache_key(rule_files, groups_text + "\n") != key
    assert lexicon_module._cache_key(dict(rule_files), groups_text) == key


def test_only_the_newest_cached_libraries_are_kept(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    for n in range(6):
        (cache_dir / f"lexicon-old{n}.json").write_text("{}")
    default_lexicon()
    assert len(list(cache_dir.glob("lexicon-*.json"))) == lexicon_module._CACHE_KEEP
