"""``safeguard batch`` on a local Ray (2 CPUs) writes exactly what ``safeguard scan --json`` prints.

Batch runs the text detectors only, so inputs with image attachments (the bundled examples)
are compared with ``scan --json --no-images``; the generated inputs carry no images and are
compared with plain ``scan --json``. One Ray serves the session (starting it takes ~10-30 s)
and each test is one or two Ray jobs, since each job starts its actors afresh.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from safeguard.batch.batch_run import BatchOptions, run_batch
from safeguard.batch.inputs import discover_batch_inputs
from safeguard.batch.ray_cluster import RayCluster
from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import _register, cli

from .generated import generated_records, write_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.slow


def invoke(*args: str) -> Result:
    _register()
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "500"})


def scan_json(*args: str, expect: int = ExitCode.OK) -> str:
    result = invoke("scan", *args, "--json", "--no-progress")
    assert result.exit_code == expect, result.stderr
    return result.stdout


def batch(*args: str, expect: int = ExitCode.OK) -> Result:
    result = invoke("batch", *args, "--no-progress")
    assert result.exit_code == expect, result.stderr
    return result


def to_parquet(source: Path, out: Path, row_group_size: int) -> Path:
    result = invoke(
        "to-parquet", str(source), "--out", str(out), "--row-group-size", str(row_group_size)
    )
    assert result.exit_code == ExitCode.OK, result.stderr
    return out


def test_when_examples_and_generated_files_in_many_splits_then_output_equals_scan_json(
    local_ray: RayCluster, tmp_path: Path
) -> None:
    generated = write_jsonl(tmp_path / "gen.jsonl", generated_records(400), blank_every=9)
    inputs = [
        EXAMPLES / "conversations.jsonl",
        to_parquet(EXAMPLES, tmp_path / "examples.parquet", 3),
        generated,
        to_parquet(generated, tmp_path / "gen.parquet", 37),
    ]
    out = tmp_path / "out.jsonl"

    totals = run_batch(
        discover_batch_inputs(inputs), out, local_ray, BatchOptions(split_bytes=4096)
    )

    examples_jsonl = scan_json(str(inputs[0]), "--no-images")
    every_example = scan_json(str(EXAMPLES), "--no-images")
    generated_scan = scan_json(str(generated))
    assert examples_jsonl.count("\n") >= 3
    assert every_example.count("\n") >= 10
    assert 50 < generated_scan.count("\n") < 400
    assert out.read_text(encoding="utf-8") == (
        examples_jsonl + every_example + generated_scan + generated_scan
    )
    assert totals.splits >= 20
    assert totals.workers == 2
    assert totals.conversations == 5 + pq.ParquetFile(inputs[1]).metadata.num_rows + 800


def test_when_cli_on_folder_with_detail_min_level_and_fail_on_then_equals_scan_json(
    local_ray: RayCluster, tmp_path: Path
) -> None:
    source = tmp_path / "conversations.jsonl"
    source.write_bytes((EXAMPLES / "conversations.jsonl").read_bytes())
    (tmp_path / "media").symlink_to(EXAMPLES / "media")
    out = tmp_path / "out.jsonl"
    out.write_text('{"conversation_id": "from an earlier run"}\n')  # in the folder: not an input
    options = ("--detail", "--min-level", "none", "--fail-on", "medium")

    result = batch(
        str(tmp_path), "--out", str(out), "--workers", "2", *options, expect=ExitCode.ALERTS
    )

    expected = scan_json(str(source), "--no-images", *options, expect=ExitCode.ALERTS)
    assert expected.count("\n") == 5
    assert out.read_text(encoding="utf-8") == expected
    assert "5 conversations, 75 messages in 1 files on 1 Ray workers" in result.stderr
    assert "1 image attachments not examined" in result.stderr


def test_when_bad_records_then_same_errors_as_scan_and_output_untouched(
    local_ray: RayCluster, tmp_path: Path
) -> None:
    source = write_jsonl(tmp_path / "mixed.jsonl", generated_records(4, seed=3))
    lines = source.read_text().splitlines()
    lines.insert(1, '{"id": "x1", "messages": [{"sender": "a", "text": "hi", "time": "soon"}]}')
    lines.insert(3, lines[0])  # a repeated conversation id
    lines.append("{not json")
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")

    scan_stop = invoke("scan", str(source), "--json", "--no-progress")
    stopped = batch(str(source), "--out", str(out), expect=ExitCode.INPUT_ERROR)

    assert scan_stop.exit_code == ExitCode.INPUT_ERROR
    first_error = scan_stop.stderr.splitlines()[0]
    assert first_error.startswith(f"error: {source}:2: field 'messages[0].time'")
    assert stopped.stderr.splitlines()[0] == first_error
    assert f"Nothing was written to {out}" in stopped.stderr
    assert out.read_text() == "earlier results\n"

    scan_skip = invoke("scan", str(source), "--json", "--no-progress", "--skip-bad")
    skipped = batch(str(source), "--out", str(out), "--skip-bad", expect=ExitCode.PARTIAL)

    assert scan_skip.exit_code == ExitCode.PARTIAL

    def skips(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("skipped:")]

    assert skips(skipped.stderr) == skips(scan_skip.stderr)
    assert [s.split(":")[2] for s in skips(skipped.stderr)] == ["2", "4", "7"]
    assert "duplicate conversation id" in skipped.stderr
    assert out.read_text(encoding="utf-8") == scan_skip.stdout
