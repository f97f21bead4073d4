"""The worker side of batch, called directly (no Ray): scoring and the import boundary."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pyarrow as pa
import pytest

from safeguard.batch.inputs import discover_batch_inputs
from safeguard.batch.outcomes import outcomes_from_table, outcomes_table
from safeguard.batch.ray_cluster import ClusterError
from safeguard.batch.split_scorer import SplitScorer, WorkerVersionError
from safeguard.batch.splits import plan_splits
from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line
from safeguard.core.errors import InputError, RecordError
from safeguard.scanning import build_default_engine

from .generated import generated_records, write_jsonl


@pytest.fixture(scope="module")
def scorer() -> SplitScorer:
    return SplitScorer(min_level="none")


def test_when_split_scored_then_each_line_is_the_engine_assessment(
    scorer: SplitScorer, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", generated_records(30), blank_every=7)
    (split,) = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)
    engine = build_default_engine()

    outcomes = scorer.score(split)

    expected = [
        (n, engine.assess(read_conversation_line(raw, path=str(path), line=n)))
        for n, raw in iter_jsonl_lines(path)
    ]
    assert [o.line for o in outcomes] == [n for n, _ in expected]
    assert [o.output for o in outcomes] == [orjson.dumps(a.to_dict()).decode() for _, a in expected]
    assert [o.risk for o in outcomes] == [a.risk.value for _, a in expected]
    assert sum(o.messages for o in outcomes) == sum(a.message_count for _, a in expected)
    assert any(o.risk != "none" for o in outcomes)


def test_when_below_min_level_then_counted_but_no_output(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", generated_records(30))
    (split,) = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)

    outcomes = SplitScorer(min_level="medium").score(split)

    assert len(outcomes) == 30
    for outcome in outcomes:
        assert (outcome.output is not None) == (outcome.risk in {"medium", "high", "critical"})


def test_when_record_is_bad_then_outcome_rebuilds_the_same_record_error(
    scorer: SplitScorer, tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": "a", "messages": [{"sender": "x", "text": "hi"}]}\n'
        "\n"
        '{"id": "b", "messages": [{"sender": "x", "text": 5}]}\n'
        "{not json\n"
    )
    (split,) = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)

    outcomes = scorer.score(split)

    assert [o.line for o in outcomes] == [1, 3, 4]
    with pytest.raises(RecordError) as first:
        read_conversation_line(
            b'{"id": "b", "messages": [{"sender": "x", "text": 5}]}', path=str(path), line=3
        )
    assert str(outcomes[1].record_error(str(path))) == str(first.value)
    assert str(outcomes[1].record_error(str(path))) == (
        f"{path}:3: field 'messages[0].text': expected a string, got int"
    )
    assert str(outcomes[2].record_error(str(path))).startswith(f"{path}:4: not valid JSON")


def test_when_outcomes_go_through_arrow_then_they_come_back_equal(
    scorer: SplitScorer, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", generated_records(12))
    (split,) = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)
    outcomes = scorer.score(split)

    assert list(outcomes_from_table(outcomes_table(outcomes))) == outcomes
    assert list(outcomes_from_table(scorer(pa.Table.from_pylist([split.to_row()])))) == outcomes


def test_when_driver_version_differs_then_worker_reports_it_as_a_fatal_outcome(
    tmp_path: Path,
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", generated_records(2))
    (split,) = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)
    scorer = SplitScorer(version="0.0.0-other")

    with pytest.raises(WorkerVersionError, match="install the same version on every node"):
        scorer.score(split)
    (outcome,) = outcomes_from_table(scorer(pa.Table.from_pylist([split.to_row()])))
    assert outcome.fatal == "cluster"
    assert isinstance(outcome.failure(), ClusterError)
    assert "the driver has 0.0.0-other" in str(outcome.failure())


def test_when_split_unreadable_then_fatal_input_outcome(
    scorer: SplitScorer, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", generated_records(2))
    (split,) = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)
    path.unlink()

    (outcome,) = outcomes_from_table(scorer(pa.Table.from_pylist([split.to_row()])))

    assert type(outcome.failure()) is InputError
    assert str(outcome.failure()).startswith(f"{path}: cannot be read by a Ray worker")


def test_worker_code_imports_only_the_detection_core(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", generated_records(5))
    probe = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from safeguard.batch.inputs import discover_batch_inputs
        from safeguard.batch.splits import plan_splits
        from safeguard.batch.split_scorer import SplitScorer
        (split,) = plan_splits(discover_batch_inputs([Path({str(path)!r})]), split_bytes=1 << 20)
        SplitScorer().score(split)
        print("\\n".join(sorted(m for m in sys.modules if m.startswith("safeguard"))))
        """
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()

    outside = [
        m
        for m in loaded
        if not m.startswith(("safeguard.core", "safeguard.batch"))
        and m not in {"safeguard", "safeguard.scanning", "safeguard.data"}
    ]
    assert outside == []
    assert "safeguard.batch.batch_run" not in loaded
