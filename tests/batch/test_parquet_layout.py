"""The Parquet layout: a lossless home for the JSON Lines conversation format."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from safeguard.batch.inputs import discover_batch_inputs
from safeguard.batch.parquet_layout import (
    CONVERSATION_SCHEMA,
    ParquetConversationWriter,
    check_layout,
)
from safeguard.batch.split_reader import read_split
from safeguard.batch.splits import plan_splits
from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import _register, cli
from safeguard.core.conversation_json import (
    conversation_from_dict,
    iter_jsonl_lines,
    read_conversation_line,
)
from safeguard.core.errors import InputError, RecordError

from .generated import generated_records, write_jsonl


def _read_all(path: Path) -> list[object]:
    splits = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)
    return [item for split in splits for _, item in read_split(split)]


def test_when_conversations_written_then_read_back_equal(tmp_path: Path) -> None:
    conversations = [conversation_from_dict(r) for r in generated_records(60)]
    path = tmp_path / "out.parquet"
    with ParquetConversationWriter(path, row_group_size=16) as writer:
        for conversation in conversations:
            writer.write(conversation)

    assert writer.rows_written == 60
    assert pq.ParquetFile(path).metadata.num_row_groups == 4
    assert pq.ParquetFile(path).schema_arrow.equals(CONVERSATION_SCHEMA)
    assert _read_all(path) == conversations


def test_when_writer_fails_then_no_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    conversation = conversation_from_dict(generated_records(1)[0])
    with pytest.raises(RuntimeError), ParquetConversationWriter(path) as writer:
        writer.write(conversation)
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_when_time_is_a_parquet_timestamp_then_read_as_iso_8601(tmp_path: Path) -> None:
    message_type = pa.struct(
        [("sender", pa.string()), ("text", pa.string()), ("time", pa.timestamp("s", tz="UTC"))]
    )
    table = pa.table(
        {
            "id": ["c1"],
            "messages": pa.array(
                [[{"sender": "a", "text": "hi", "time": datetime(2026, 3, 1, 18, tzinfo=UTC)}]],
                type=pa.list_(message_type),
            ),
        }
    )
    path = tmp_path / "ts.parquet"
    pq.write_table(table, path)

    (conversation,) = _read_all(path)

    assert conversation.messages[0].time == datetime(2026, 3, 1, 18, tzinfo=UTC)  # type: ignore[attr-defined]


def test_when_column_missing_then_error_names_file_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"id": ["c1"], "text": ["hello"]}), path)
    with pytest.raises(InputError, match=r"bad\.parquet: column 'messages' missing"):
        check_layout(path, str(path))


def test_when_row_is_invalid_then_record_error_names_file_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "rows.parquet"
    rows = [
        {"id": "ok", "messages": [{"sender": "a", "text": "hi"}]},
        {"id": "bad", "messages": [{"sender": None, "text": "hi"}]},
    ]
    pq.write_table(pa.Table.from_pylist(rows), path)

    items = _read_all(path)

    assert isinstance(items[1], RecordError)
    assert str(items[1]) == (f"{path}:2: field 'messages[0].sender': is missing; expected a string")


def test_when_row_group_is_large_then_read_in_slices_with_right_row_numbers(
    tmp_path: Path,
) -> None:
    records = generated_records(1200)
    good = [conversation_from_dict(r) for i, r in enumerate(records) if i != 1100]
    records[1100]["messages"][0]["sender"] = None
    path = tmp_path / "big.parquet"
    pq.write_table(pa.Table.from_pylist(records, schema=CONVERSATION_SCHEMA), path)

    items = _read_all(path)

    assert pq.ParquetFile(path).metadata.num_row_groups == 1
    assert str(items[1100]).startswith(f"{path}:1101: field 'messages[0].sender': is missing")
    assert [i for n, i in enumerate(items) if n != 1100] == good


def test_when_to_parquet_on_jsonl_then_rows_equal_jsonl_records(tmp_path: Path) -> None:
    _register()
    source = write_jsonl(tmp_path / "in.jsonl", generated_records(25))
    out = tmp_path / "out.parquet"

    result = CliRunner().invoke(
        cli, ["to-parquet", str(source), "--out", str(out), "--row-group-size", "10"]
    )

    assert result.exit_code == ExitCode.OK, result.output
    assert "wrote 25 conversations" in result.stderr
    expected = [
        read_conversation_line(raw, path=str(source), line=n) for n, raw in iter_jsonl_lines(source)
    ]
    assert _read_all(out) == expected


def test_when_to_parquet_meets_bad_record_then_exit_3_and_no_file(tmp_path: Path) -> None:
    _register()
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "c1", "messages": [{"sender": "a", "text": "hi"}]}\n'
        '{"id": "c2", "messages": [{"text": "hi"}]}\n'
    )
    out = tmp_path / "out.parquet"

    result = CliRunner().invoke(cli, ["to-parquet", str(source), "--out", str(out)])

    assert result.exit_code == ExitCode.INPUT_ERROR
    assert f"{source}:2: field 'messages[0].sender': is missing" in result.stderr
    assert not out.exists()
