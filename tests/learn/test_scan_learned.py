"""``safeguard scan --learned``: the learned detectors join the rules in the scan engine."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from safeguard.cli.main import _register, cli
from safeguard.scanning import build_scan_engine


def _conversation(tmp_path: Path) -> Path:
    texts = [
        "hey you seem really mature for your age",
        "thanks lol",
        "dont tell your mum we talk ok, its our secret",
        "send me a pic, just for me",
    ]
    msgs = [
        {"id": f"l1-{i}", "sender": "a" if i % 2 == 0 else "b", "text": t}
        for i, t in enumerate(texts)
    ]
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "l1", "messages": msgs}) + "\n")
    return path


def test_the_scan_engine_has_the_learned_detector_only_when_asked() -> None:
    assert "learned" not in {d.name for d in build_scan_engine().detectors}
    assert "learned" in {d.name for d in build_scan_engine(learned=True).detectors}


def test_scan_learned_writes_assessments_with_learned_evidence(tmp_path: Path) -> None:
    _register()
    result = CliRunner().invoke(
        cli,
        ["scan", str(_conversation(tmp_path)), "--json", "--detail", "--learned", "--no-progress"],
    )
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("{"))
    assessment = json.loads(line)
    assert assessment["conversation_id"] == "l1"
    detectors = {e["detector"] for c in assessment["categories"] for e in c["evidence"]}
    assert "learned" in detectors and "signal_library" in detectors


def test_scan_rejects_a_bad_thresholds_file_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "thresholds.yaml"
    bad.write_text("cascade: [not, a, mapping]\n")
    _register()
    result = CliRunner().invoke(
        cli,
        [
            "scan",
            str(_conversation(tmp_path)),
            "--learned",
            "--thresholds",
            str(bad),
            "--no-progress",
        ],
    )
    assert result.exit_code == 5, result.output
    assert "thresholds" in result.output
