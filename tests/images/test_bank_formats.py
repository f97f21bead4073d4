"""Hash lists import and export in the ThreatExchange and HMA formats."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from safeguard.images.bank_formats import (
    BankFormatError,
    detect_format,
    read_hashes,
    write_hashes,
)
from safeguard.images.hash_bank import BankEntry, HashBank, SignalType

PDQ_A = "f" * 16 + "0" * 48
PDQ_B = "0" * 48 + "f" * 16
MD5 = "0123456789abcdef" * 2
SHA = "ab" * 32


def _read(text: str, fmt: str, **options: object) -> tuple[list[BankEntry], list[BankEntry]]:
    got = read_hashes(io.StringIO(text), fmt, source="list.txt", **options)  # type: ignore[arg-type]
    return list(got.entries), list(got.allowed)


def test_when_needles_file_read_then_one_pdq_entry_per_line(pdq_vectors: Path) -> None:
    with (pdq_vectors / "needles.txt").open() as stream:
        imported = read_hashes(stream, "lines", source="needles.txt")
    assert len(imported.entries) == 100
    assert {e.signal_type for e in imported.entries} == {SignalType.PDQ}
    assert imported.allowed == ()


@pytest.mark.parametrize(
    ("line", "signal_type", "signal"),
    [
        (PDQ_A, SignalType.PDQ, PDQ_A),
        (PDQ_A.upper(), SignalType.PDQ, PDQ_A),
        (f"pdq {PDQ_A}", SignalType.PDQ, PDQ_A),
        (f"video_md5 {MD5}", SignalType.MD5, MD5),
        (f"sha256\t{SHA}", SignalType.SHA256, SHA),
        (f"{PDQ_A},87,../data/a.jpg", SignalType.PDQ, PDQ_A),
    ],
    ids=["bare", "upper", "typed", "te-alias", "tab", "pdq-hasher"],
)
def test_when_line_formats_read_then_type_and_hash_parsed(
    line: str, signal_type: SignalType, signal: str
) -> None:
    entries, _ = _read(f"# comment\n\n{line}\n", "lines")
    assert [(e.signal_type, e.signal) for e in entries] == [(signal_type, signal)]


def test_when_lines_have_default_type_then_it_applies() -> None:
    entries, _ = _read(f"{MD5}\n", "lines", signal_type=SignalType.MD5)
    assert entries[0].signal_type is SignalType.MD5


def test_when_te_csv_read_then_tags_become_labels_and_negatives_allowed() -> None:
    text = (
        "collab,signal_type,signal_str,category,tags\n"
        f"Sample Data,pdq,{PDQ_A},POSITIVE_CLASS,csam media_priority_s1\n"
        f"Sample Data,pdq,{PDQ_B},NEGATIVE_CLASS,\n"
    )
    entries, allowed = _read(text, "te-csv", labels=["imported"])
    assert entries[0].labels == ("imported", "csam", "media_priority_s1")
    assert entries[0].note == "Sample Data"
    assert [e.signal for e in allowed] == [PDQ_B]


def test_when_hma_csv_read_then_lists_ids_and_labels_kept() -> None:
    text = (
        "signal_type,signal,entry_id,labels,list,extra\n"
        f"pdq,{PDQ_A},known-1,a b,match,x\n"
        f"md5,{MD5},,,allow,y\n"
    )
    entries, allowed = _read(text, "hma-csv")
    assert (entries[0].entry_id, entries[0].labels) == ("known-1", ("a", "b"))
    assert allowed[0].entry_id == f"md5-{MD5[:16]}"


@pytest.mark.parametrize(
    ("text", "fmt", "problem"),
    [
        ("xyz\n", "lines", r"list\.txt:1: not a PDQ hash"),
        (f"{PDQ_A}\nfoo {PDQ_A}\n", "lines", r"list\.txt:2: unknown signal type 'foo'"),
        (f"md5 {PDQ_A}\n", "lines", r"list\.txt:1: not a md5 hash"),
        ("signal_type,hash\npdq,x\n", "hma-csv", r"header lacks column\(s\) signal"),
        (f"signal_type,signal,list\npdq,{PDQ_A},maybe\n", "hma-csv", r"list\.txt:2: list must"),
        (f"collab,signal_type,signal_str\nc,pdq,{PDQ_A[:-1]}\n", "te-csv", r"list\.txt:2"),
        (f"signal_type,signal,labels\npdq,{PDQ_A},bad!label\n", "hma-csv", r"label 'bad!label'"),
    ],
)
def test_when_input_malformed_then_error_names_line(text: str, fmt: str, problem: str) -> None:
    with pytest.raises(BankFormatError, match=problem):
        _read(text, fmt)


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (f"# needles\n{PDQ_A}\n", "lines"),
        ("collab,signal_type,signal_str,category,tags\n", "te-csv"),
        ("signal_type,signal\n", "hma-csv"),
        ("", "lines"),
    ],
)
def test_detect_format_from_first_line(head: str, fmt: str) -> None:
    assert detect_format(head) == fmt


def _bank() -> HashBank:
    return (
        HashBank(name="known", labels=("csam",))
        .with_entries(
            [
                BankEntry.create(SignalType.PDQ, PDQ_A, labels=["s1"]),
                BankEntry.create(SignalType.MD5, MD5),
            ]
        )
        .with_entries([BankEntry.create(SignalType.PDQ, PDQ_B, note="logo")], allow=True)
    )


@pytest.mark.parametrize("fmt", ["hma-csv", "te-csv"])
def test_when_bank_exported_then_import_gives_same_hashes(fmt: str) -> None:
    bank = _bank()
    out = io.StringIO()
    assert write_hashes(bank, out, fmt) == 3  # type: ignore[arg-type]
    entries, allowed = _read(out.getvalue(), fmt)
    assert [e.key for e in entries] == [e.key for e in bank.entries]
    assert [e.key for e in allowed] == [e.key for e in bank.allowed]
    if fmt == "hma-csv":
        assert entries == list(bank.entries) and allowed == list(bank.allowed)


def test_when_exported_as_lines_then_allow_list_left_out() -> None:
    out = io.StringIO()
    write_hashes(_bank(), out, "lines")
    assert out.getvalue() == f"pdq {PDQ_A}\nmd5 {MD5}\n"
    only = io.StringIO()
    write_hashes(_bank(), only, "lines", signal_type=SignalType.PDQ)
    assert only.getvalue() == f"{PDQ_A}\n"
