"""Where hash banks live: a narrow repository interface and a directory-of-files implementation.

:class:`HashBankRepository` is all the rest of Safeguard sees, so a database implementation can
replace :class:`DirectoryHashBankRepository` without touching the matcher or the CLI.

On disk, each bank is a folder ``<root>/<name>/`` with:

``bank.json``
    settings: format marker and version, name, labels, description, PDQ threshold, quality
    gate, quarantined entries (id, since, reason).
``entries.csv``
    match and allow-list entries in the ``hma-csv`` format (:mod:`bank_formats`).
``stats.json``
    per-entry match counts by time window, for quarantine (:mod:`surge`).

Files are replaced atomically (written beside the target, then renamed). They hold hashes,
labels and counts only, never image content.
"""

from __future__ import annotations

import json
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from safeguard.core.errors import InputError
from safeguard.images.bank_formats import BankFormatError, read_hashes, write_hma_csv
from safeguard.images.hash_bank import HashBank, Quarantine
from safeguard.images.surge import MatchStats

BANK_FORMAT = "safeguard-hashbank"
BANK_VERSION = 1


class BankNotFoundError(InputError):
    """No bank has this name."""


class BankFileError(InputError):
    """A stored bank file is missing or invalid; the message names the file."""


class HashBankRepository(ABC):
    """Load and save hash banks and their match statistics by name."""

    @abstractmethod
    def names(self) -> list[str]:
        """Names of every stored bank, sorted."""

    @abstractmethod
    def load(self, name: str) -> HashBank:
        """The bank called ``name``; BankNotFoundError if there is none."""

    @abstractmethod
    def save(self, bank: HashBank) -> None:
        """Store ``bank``, replacing any bank of the same name."""

    @abstractmethod
    def delete(self, name: str) -> None:
        """Remove the bank and its statistics; BankNotFoundError if there is none."""

    @abstractmethod
    def load_stats(self, name: str) -> MatchStats:
        """The bank's match statistics (empty if none recorded yet)."""

    @abstractmethod
    def save_stats(self, name: str, stats: MatchStats) -> None:
        """Store the bank's match statistics."""

    def exists(self, name: str) -> bool:
        return name in self.names()

    def load_all(self, names: list[str] | None = None) -> list[HashBank]:
        """The named banks (all of them by default), in the order given."""
        return [self.load(name) for name in (names if names is not None else self.names())]


class InMemoryHashBankRepository(HashBankRepository):
    """A repository in a dict: the reference implementation, and a fake for tests."""

    def __init__(self) -> None:
        self._banks: dict[str, HashBank] = {}
        self._stats: dict[str, dict[str, Any]] = {}

    def names(self) -> list[str]:
        return sorted(self._banks)

    def load(self, name: str) -> HashBank:
        try:
            return self._banks[name]
        except KeyError:
            raise BankNotFoundError(f"no hash bank called {name!r}") from None

    def save(self, bank: HashBank) -> None:
        self._banks[bank.name] = bank

    def delete(self, name: str) -> None:
        self.load(name)
        del self._banks[name]
        self._stats.pop(name, None)

    def load_stats(self, name: str) -> MatchStats:
        data = self._stats.get(name)
        return MatchStats.from_json(data) if data is not None else MatchStats()

    def save_stats(self, name: str, stats: MatchStats) -> None:
        self._stats[name] = stats.to_json()


class DirectoryHashBankRepository(HashBankRepository):
    """Banks as folders of JSON and CSV files under ``root`` (created on first save)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "bank.json").is_file())

    def load(self, name: str) -> HashBank:
        folder = self._folder(name)
        settings_path = folder / "bank.json"
        if not settings_path.is_file():
            raise BankNotFoundError(f"no hash bank called {name!r} in {self.root}")
        settings = _read_json(settings_path)
        entries_path = folder / "entries.csv"
        try:
            with entries_path.open(encoding="utf-8", newline="") as stream:
                imported = read_hashes(stream, "hma-csv", source=str(entries_path))
        except FileNotFoundError:
            raise BankFileError(f"{entries_path}: missing") from None
        except BankFormatError as exc:
            raise BankFileError(str(exc)) from None
        try:
            return _bank_from_settings(settings, imported.entries, imported.allowed)
        except (KeyError, TypeError, ValueError) as exc:
            raise BankFileError(f"{settings_path}: {exc}") from None

    def save(self, bank: HashBank) -> None:
        folder = self._folder(bank.name)
        folder.mkdir(parents=True, exist_ok=True)
        with _atomic(folder / "entries.csv") as stream:
            write_hma_csv(bank.entries, bank.allowed, stream)
        with _atomic(folder / "bank.json") as stream:
            json.dump(_settings_of(bank), stream, indent=2, sort_keys=False)
            stream.write("\n")

    def delete(self, name: str) -> None:
        folder = self._folder(name)
        if not (folder / "bank.json").is_file():
            raise BankNotFoundError(f"no hash bank called {name!r} in {self.root}")
        for filename in ("bank.json", "entries.csv", "stats.json"):
            (folder / filename).unlink(missing_ok=True)
        folder.rmdir()

    def load_stats(self, name: str) -> MatchStats:
        path = self._folder(name) / "stats.json"
        if not path.is_file():
            return MatchStats()
        try:
            return MatchStats.from_json(_read_json(path))
        except ValueError as exc:
            raise BankFileError(f"{path}: {exc}") from None

    def save_stats(self, name: str, stats: MatchStats) -> None:
        folder = self._folder(name)
        folder.mkdir(parents=True, exist_ok=True)
        with _atomic(folder / "stats.json") as stream:
            json.dump(stats.to_json(), stream)
            stream.write("\n")

    def _folder(self, name: str) -> Path:
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise BankNotFoundError(f"invalid hash bank name {name!r}")
        return self.root / name


def load_banks_from(folders: Sequence[Path | str]) -> list[HashBank]:
    """The banks in each folder: a bank folder (with ``bank.json``) or a folder of banks.

    Raises BankNotFoundError for a folder that holds no bank, and BankFileError when two
    folders hold banks of the same name (matches would be ambiguous).
    """
    banks: list[HashBank] = []
    where: dict[str, Path] = {}
    for item in folders:
        folder = Path(item)
        if (folder / "bank.json").is_file():
            found = [DirectoryHashBankRepository(folder.parent).load(folder.name)]
        else:
            repository = DirectoryHashBankRepository(folder)
            if not repository.names():
                raise BankNotFoundError(
                    f"{folder}: no hash bank here (expected a bank folder with bank.json, "
                    "or a folder of bank folders)"
                )
            found = repository.load_all()
        for bank in found:
            if bank.name in where:
                raise BankFileError(
                    f"{folder}: a bank called {bank.name!r} was already loaded from "
                    f"{where[bank.name]}"
                )
            where[bank.name] = folder
            banks.append(bank)
    return banks


class _atomic:
    """Write a text file beside its target, then rename it over the target."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __enter__(self) -> Any:
        handle, self._temporary = tempfile.mkstemp(
            dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".part"
        )
        self._stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        return self._stream

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self._stream.close()
        if kind is None:
            os.replace(self._temporary, self.target)
        else:
            os.unlink(self._temporary)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BankFileError(f"{path}: cannot read JSON ({exc})") from None


def _settings_of(bank: HashBank) -> dict[str, Any]:
    return {
        "format": BANK_FORMAT,
        "version": BANK_VERSION,
        "name": bank.name,
        "description": bank.description,
        "labels": list(bank.labels),
        "pdq_threshold": bank.pdq_threshold,
        "quality_gate": bank.quality_gate,
        "quarantined": [
            {"entry_id": q.entry_id, "since": q.since.isoformat(), "reason": q.reason}
            for q in bank.quarantined
        ],
    }


def _bank_from_settings(
    settings: Any, entries: tuple[Any, ...], allowed: tuple[Any, ...]
) -> HashBank:
    if not isinstance(settings, dict) or settings.get("format") != BANK_FORMAT:
        raise ValueError(f"not a {BANK_FORMAT} file")
    if settings.get("version") != BANK_VERSION:
        raise ValueError(f"unsupported {BANK_FORMAT} version {settings.get('version')!r}")
    for key, kind in (("labels", list), ("quarantined", list), ("pdq_threshold", int)):
        if not isinstance(settings.get(key), kind):
            raise ValueError(f"'{key}' must be a {kind.__name__}")
    quarantined = tuple(
        Quarantine(
            entry_id=str(item["entry_id"]),
            since=datetime.fromisoformat(str(item["since"])),
            reason=str(item["reason"]),
        )
        for item in settings["quarantined"]
    )
    return HashBank(
        name=str(settings["name"]),
        labels=tuple(str(label) for label in settings["labels"]),
        description=str(settings.get("description", "")),
        pdq_threshold=int(settings["pdq_threshold"]),
        quality_gate=int(settings["quality_gate"]),
        entries=entries,
        allowed=allowed,
        quarantined=quarantined,
    )
