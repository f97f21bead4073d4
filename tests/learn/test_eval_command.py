"""``safeguard eval`` end to end on a tiny labelled file (rules only: fast)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from safeguard.cli.main import _register, cli


def test_eval_prints_per_category_figures_and_writes_report(tmp_path: Path) -> None:
    convs = tmp_path / "c.jsonl"
    labels = tmp_path / "l.jsonl"
    rows = [
        (
            "e1",
            ["grooming"],
            [
                "you're so mature",
                "don't tell your mum about us, it's our secret",
                "send me a pic, just for me",
            ],
        ),
        ("e2", [], ["see you at practice", "did you do the homework"]),
    ]
    with convs.open("w") as out, labels.open("w") as lab:
        for cid, cats, texts in rows:
            msgs = [
                {"id": f"{cid}-{i}", "sender": "a" if i % 2 else "b", "text": t}
                for i, t in enumerate(texts)
            ]
            out.write(json.dumps({"id": cid, "messages": msgs}) + "\n")
            lab.write(json.dumps({"conversation_id": cid, "categories": cats}) + "\n")
    report = tmp_path / "r.json"
    _register()
    result = CliRunner().invoke(
        cli, ["eval", str(convs), "--labels", str(labels), "--report", str(report), "--rules-only"]
    )
    assert result.exit_code == 0, result.output
    assert "grooming" in result.output
    data = json.loads(report.read_text())
    assert data["conversations"] == 2
    assert set(data["categories"]["grooming"]) >= {"auc", "f1", "precision", "recall", "fpr"}
    assert data["benign"] == 1


def test_eval_rejects_bad_labels_with_line_and_field(tmp_path: Path) -> None:
    convs = tmp_path / "c.jsonl"
    convs.write_text(json.dumps({"id": "x", "messages": []}) + "\n")
    labels = tmp_path / "l.jsonl"
    labels.write_text('{"conversation_id": "x", "categories": ["not_a_category"]}\n')
    _register()
    result = CliRunner().invoke(cli, ["eval", str(convs), "--labels", str(labels), "--rules-only"])
    assert result.exit_code == 3
    assert "l.jsonl:1" in result.output and "categories" in result.output
