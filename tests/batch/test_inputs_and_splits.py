"""Finding batch inputs and cutting them into splits (no Ray needed)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from safeguard.batch.inputs import discover_batch_inputs, sniff_format
from safeguard.batch.parquet_layout import ParquetConversationWriter
from safeguard.batch.split_reader import read_split
from safeguard.batch.splits import Split, plan_splits
from safeguard.core.conversation_json import conversation_from_dict
from safeguard.core.errors import InputError, RecordError

from .generated import generated_records, write_jsonl


def test_when_folder_then_jsonl_ndjson_parquet_found_sorted_and_hidden_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    write_jsonl(tmp_path / "b" / "two.ndjson", generated_records(1))
    write_jsonl(tmp_path / "a.jsonl", generated_records(1))
    write_jsonl(tmp_path / ".hidden" / "x.jsonl", generated_records(1))
    (tmp_path / "notes.txt").write_text("not an input\n")
    with ParquetConversationWriter(tmp_path / "c.parquet") as writer:
        writer.write(conversation_from_dict(generated_records(1)[0]))

    found = discover_batch_inputs([tmp_path, tmp_path / "a.jsonl"])

    assert [(Path(i.name).relative_to(tmp_path), i.format) for i in found] == [
        (Path("a.jsonl"), "jsonl"),
        (Path("b/two.ndjson"), "jsonl"),
        (Path("c.parquet"), "parquet"),
    ]
    assert all(i.path.is_absolute() for i in found)


def test_when_named_file_is_a_chat_export_then_error_says_how_to_convert(tmp_path: Path) -> None:
    export = tmp_path / "chat.txt"
    export.write_text("12/03/2026, 18:05 - Dan: hey how was school\n")
    with pytest.raises(InputError, match=r"chat\.txt: not Safeguard JSON Lines or Parquet"):
        sniff_format(export)
    with pytest.raises(InputError, match="no such file"):
        discover_batch_inputs([tmp_path / "missing.jsonl"])


def test_when_split_small_then_splits_cover_file_on_line_boundaries_with_line_numbers(
    tmp_path: Path,
) -> None:
    records = generated_records(40)
    path = write_jsonl(tmp_path / "in.jsonl", records, blank_every=3)
    inputs = discover_batch_inputs([path])

    splits = plan_splits(inputs, split_bytes=700)

    assert len(splits) > 5
    assert splits[0].start == 0
    for before, after in itertools.pairwise(splits):
        assert after.start == before.start + before.length
        assert after.first_line == before.first_line + before.records
    assert splits[-1].start + splits[-1].length == path.stat().st_size
    lines = path.read_bytes().split(b"\n")
    read = [(line, item) for split in splits for line, item in read_split(split)]
    assert [item.id for _, item in read if not isinstance(item, RecordError)] == [
        r["id"] for r in records
    ]
    for line, item in read:
        assert not isinstance(item, RecordError)
        assert f'"id": "{item.id}"'.encode() in lines[line - 1]


def test_when_last_line_has_no_newline_then_it_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    records = generated_records(3)
    write_jsonl(path, records)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))

    splits = plan_splits(discover_batch_inputs([path]), split_bytes=1)

    assert [s.first_line for s in splits] == [1, 2, 3]
    assert [item.id for s in splits for _, item in read_split(s)] == [  # type: ignore[union-attr]
        r["id"] for r in records
    ]


def test_when_parquet_then_one_split_per_row_group_numbered_by_row(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    with ParquetConversationWriter(path, row_group_size=4) as writer:
        for record in generated_records(10):
            writer.write(conversation_from_dict(record))

    splits = plan_splits(discover_batch_inputs([path]), split_bytes=1)

    assert [(s.start, s.length, s.first_line) for s in splits] == [(0, 4, 1), (1, 4, 5), (2, 2, 9)]
    assert Split.from_row(splits[1].to_row()) == splits[1]


def test_when_file_changes_after_planning_then_worker_error_names_it(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", generated_records(5))
    (split,) = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)
    path.write_text("{}\n")

    with pytest.raises(InputError, match=r"in\.jsonl: cannot be read by a Ray worker"):
        list(read_split(split))
