"""Every HashBankRepository implementation passes the same contract; the directory one also
validates its files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from safeguard.images.bank_repository import (
    BankFileError,
    BankNotFoundError,
    DirectoryHashBankRepository,
    HashBankRepository,
    InMemoryHashBankRepository,
    load_banks_from,
)
from safeguard.images.hash_bank import BankEntry, HashBank, Quarantine, SignalType
from safeguard.images.surge import MatchStats, SurgePolicy


def _bank(name: str = "known") -> HashBank:
    bank = HashBank(name=name, labels=("csam",), description="test bank", pdq_threshold=20)
    bank = bank.with_entries(
        [
            BankEntry.create(SignalType.PDQ, "a" * 64, labels=["s1"], note="from, a list"),
            BankEntry.create(SignalType.SHA256, "b" * 64),
        ]
    )
    bank = bank.with_entries([BankEntry.create(SignalType.MD5, "c" * 32)], allow=True)
    since = datetime(2026, 3, 1, 9, tzinfo=UTC)
    return bank.quarantine(Quarantine(bank.entries[1].entry_id, since, "surge"))


class RepositoryContract:
    """Subclass and provide ``repository`` to run the contract on an implementation."""

    @pytest.fixture
    def repository(self, tmp_path: Path) -> HashBankRepository:
        raise NotImplementedError

    def test_when_saved_then_loaded_equal(self, repository: HashBankRepository) -> None:
        bank = _bank()
        repository.save(bank)
        assert repository.load("known") == bank
        assert repository.names() == ["known"]
        assert repository.exists("known")

    def test_when_saved_again_then_replaced(self, repository: HashBankRepository) -> None:
        repository.save(_bank())
        smaller = HashBank(name="known", quality_gate=70)
        repository.save(smaller)
        assert repository.load("known") == smaller

    def test_when_missing_then_not_found(self, repository: HashBankRepository) -> None:
        with pytest.raises(BankNotFoundError):
            repository.load("nope")
        with pytest.raises(BankNotFoundError):
            repository.delete("nope")

    def test_when_deleted_then_gone_with_stats(self, repository: HashBankRepository) -> None:
        repository.save(_bank())
        repository.save_stats("known", MatchStats({"e": {1: 2}}))
        repository.delete("known")
        assert repository.names() == []
        assert repository.load_stats("known").to_json()["counts"] == {}

    def test_stats_round_trip(self, repository: HashBankRepository) -> None:
        repository.save(_bank())
        stats = MatchStats()
        stats.record(["e", "e"], datetime(2026, 3, 1, tzinfo=UTC), SurgePolicy())
        repository.save_stats("known", stats)
        assert repository.load_stats("known").to_json() == stats.to_json()

    def test_load_all_in_given_order(self, repository: HashBankRepository) -> None:
        repository.save(_bank("b"))
        repository.save(_bank("a"))
        assert [b.name for b in repository.load_all()] == ["a", "b"]
        assert [b.name for b in repository.load_all(["b", "a"])] == ["b", "a"]


class TestInMemory(RepositoryContract):
    @pytest.fixture
    def repository(self, tmp_path: Path) -> HashBankRepository:
        return InMemoryHashBankRepository()


class TestDirectory(RepositoryContract):
    @pytest.fixture
    def repository(self, tmp_path: Path) -> HashBankRepository:
        return DirectoryHashBankRepository(tmp_path / "banks")


def test_directory_layout_is_json_and_csv_without_leftovers(tmp_path: Path) -> None:
    repository = DirectoryHashBankRepository(tmp_path)
    repository.save(_bank())
    repository.save_stats("known", MatchStats())
    files = sorted(p.name for p in (tmp_path / "known").iterdir())
    assert files == ["bank.json", "entries.csv", "stats.json"]
    settings = json.loads((tmp_path / "known" / "bank.json").read_text())
    assert settings["format"] == "safeguard-hashbank" and settings["pdq_threshold"] == 20
    assert (tmp_path / "known" / "entries.csv").read_text().startswith("entry_id,signal_type")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s.update(format="other"), "not a safeguard-hashbank"),
        (lambda s: s.update(version=2), "unsupported"),
        (lambda s: s.update(pdq_threshold=40), "between 0 and 31"),
        (lambda s: s.update(labels="x"), "'labels' must be a list"),
    ],
)
def test_when_bank_file_invalid_then_error_names_file(
    tmp_path: Path, change: object, problem: str
) -> None:
    repository = DirectoryHashBankRepository(tmp_path)
    repository.save(_bank())
    path = tmp_path / "known" / "bank.json"
    settings = json.loads(path.read_text())
    change(settings)  # type: ignore[operator]
    path.write_text(json.dumps(settings))
    with pytest.raises(BankFileError, match=f"bank.json: .*{problem}"):
        repository.load("known")


def test_when_entries_file_corrupt_then_error_names_line(tmp_path: Path) -> None:
    repository = DirectoryHashBankRepository(tmp_path)
    repository.save(_bank())
    path = tmp_path / "known" / "entries.csv"
    path.write_text(path.read_text() + "x,pdq,zz,,,match\n")
    with pytest.raises(BankFileError, match=r"entries.csv:5"):
        repository.load("known")


def test_when_name_escapes_root_then_refused(tmp_path: Path) -> None:
    with pytest.raises(BankNotFoundError):
        DirectoryHashBankRepository(tmp_path).load("../etc")


def test_load_banks_from_a_bank_folder_and_a_folder_of_banks(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    DirectoryHashBankRepository(first).save(_bank("known"))
    DirectoryHashBankRepository(second).save(_bank("other"))
    DirectoryHashBankRepository(second).save(_bank("third"))
    banks = load_banks_from([first / "known", second])
    assert [bank.name for bank in banks] == ["known", "other", "third"]
    assert banks[0] == _bank("known")


def test_load_banks_from_refuses_empty_folders_and_repeated_names(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BankNotFoundError, match="empty: no hash bank here"):
        load_banks_from([tmp_path / "empty"])
    with pytest.raises(BankNotFoundError, match="absent: no hash bank here"):
        load_banks_from([tmp_path / "absent"])
    for folder in ("a", "b"):
        DirectoryHashBankRepository(tmp_path / folder).save(_bank("known"))
    with pytest.raises(BankFileError, match="a bank called 'known' was already loaded from"):
        load_banks_from([tmp_path / "a", tmp_path / "b"])
