"""``safeguard convert`` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import safeguard.cli.convert_command  # noqa: F401  (registers the command)
from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line
from safeguard.importers.registry import FORMAT_NAMES

Write = Callable[[str, str | bytes], Path]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["convert", *args])


def test_when_folder_of_every_format_then_one_valid_jsonl_line_per_conversation(
    write_sample: Callable[[str], Path], tmp_path: Path
) -> None:
    for fmt in FORMAT_NAMES:
        write_sample(fmt)
    out = tmp_path / "out" / "all.jsonl"
    out.parent.mkdir()
    result = run(str(tmp_path), "-o", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    conversations = [
        read_conversation_line(raw, path=str(out), line=n) for n, raw in iter_jsonl_lines(out)
    ]
    assert len(conversations) == len(FORMAT_NAMES)
    assert {c.platform for c in conversations} >= {"whatsapp", "discord", "telegram", "pan12"}
    assert "converted 7 conversations" in result.stderr
    assert "from 7 files" in result.stderr
    assert result.stdout == ""
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_when_no_output_option_then_jsonl_on_stdout(write_sample: Callable[[str], Path]) -> None:
    result = run(str(write_sample("whatsapp")))
    assert result.exit_code == ExitCode.OK
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert record["id"] == "WhatsApp Chat with Dan"
    assert [m["text"] for m in record["messages"]] == ["hey how was school", "ok i guess"]


def test_when_bad_record_then_exit_3_names_it_and_output_file_untouched(
    write: Write, tmp_path: Path
) -> None:
    source = write("c.csv", "sender,text,time\nsam,hi,\njo,ok,someday\n")
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    result = run(str(source), "-o", str(out))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert f"{source}:3: field 'time'" in result.stderr
    assert "--skip-bad" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_when_skip_bad_then_exit_4_reports_each_skip_and_writes_the_rest(
    write: Write, tmp_path: Path
) -> None:
    source = write("c.csv", "sender,text,time\nsam,hi,\njo,ok,someday\n,who,\nsam,bye,\n")
    out = tmp_path / "out.jsonl"
    result = run(str(source), "--skip-bad", "-o", str(out))
    assert result.exit_code == ExitCode.PARTIAL
    assert result.stderr.count("skipped: ") == 2
    assert f"{source}:3" in result.stderr and f"{source}:4" in result.stderr
    assert "skipped 2 bad records" in result.stderr
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [m["text"] for m in record["messages"]] == ["hi", "bye"]


def test_when_format_and_columns_given_then_used(write: Write) -> None:
    source = write("thread.txt", "from;body\n")  # wrong ending and separator: not detected
    source.write_text("from,body\nsam,hi\n", encoding="utf-8")
    result = run(str(source), "--format", "csv", "--csv-columns", "sender=from,text=body")
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["messages"][0]["sender"] == "sam"


@pytest.mark.parametrize(("flag", "month"), [("--day-first", 2), ("--month-first", 1)])
def test_when_date_order_flag_then_whatsapp_dates_follow_it(
    write: Write, flag: str, month: int
) -> None:
    source = write("chat.txt", "01/02/2026, 10:00 - Dan: hi\n")
    result = run(str(source), flag)
    assert result.exit_code == ExitCode.OK
    time = json.loads(result.stdout)["messages"][0]["time"]
    assert time.startswith(f"2026-{month:02d}-")


def test_when_input_unknown_or_missing_then_exit_3(write: Write, tmp_path: Path) -> None:
    unknown = write("notes.txt", "shopping list\n")
    result = run(str(unknown))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "cannot tell which chat export format" in result.stderr
    result = run(str(tmp_path / "missing.txt"))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "no such file or directory" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(str(empty))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "no chat exports found" in result.stderr


def test_when_bad_option_then_usage_exit_2(write_sample: Callable[[str], Path]) -> None:
    assert run(str(write_sample("csv")), "--format", "slack").exit_code == ExitCode.USAGE
    result = run(str(write_sample("csv")), "--csv-columns", "speaker=from")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "unknown field 'speaker'" in result.stderr


def test_when_two_files_share_a_conversation_id_then_warned(write: Write, tmp_path: Path) -> None:
    line = '{"id": "c1", "messages": [{"sender": "a", "text": "hi"}]}\n'
    write("a.jsonl", line)
    write("b.jsonl", line)
    result = run(str(tmp_path))
    assert result.exit_code == ExitCode.OK
    assert "conversation id 'c1' was also read from" in result.stderr
    assert len(result.stdout.splitlines()) == 2
