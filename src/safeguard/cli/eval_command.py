"""``safeguard eval``: measure detection against labelled conversations."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.errors import DataFileError, InputError
from safeguard.core.levels import RiskLevel


@cli.command("eval")
@click.argument("conversations", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--labels",
    "labels_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON Lines: {"conversation_id": ..., "categories": [...]} per conversation.',
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("build/eval-report.json"),
    show_default=True,
    help="Where to write the JSON report.",
)
@click.option(
    "--thresholds",
    "thresholds_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A thresholds.yaml for the learned detectors (default: the packaged one).",
)
@click.option(
    "--learned/--rules-only",
    default=True,
    show_default=True,
    help="Add the learned detectors to the rule-based ones.",
)
@click.option(
    "--min-level",
    default="medium",
    show_default=True,
    help="Level at which a category counts as raised (an alert is medium).",
)
def eval_command(
    conversations: Path,
    labels_path: Path,
    report_path: Path,
    thresholds_path: Path | None,
    learned: bool,
    min_level: str,
) -> None:
    """Print AUC, F1, precision, recall and false-positive rate per category."""
    from safeguard.core.engine import build_engine
    from safeguard.importers.registry import read_conversations
    from safeguard.learn.evaluation import evaluate, read_labels
    from safeguard.learn.learned_detector import LearnedDetector
    from safeguard.learn.thresholds import load_thresholds

    try:
        level = RiskLevel.parse(min_level)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--min-level") from None
    try:
        labels = read_labels(labels_path)
        convs = list(read_conversations(conversations))
        extra = [LearnedDetector(thresholds=load_thresholds(thresholds_path))] if learned else []
        engine = build_engine(extra=extra)
        assessments = [engine.assess(c) for c in convs]
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    except DataFileError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.DATA_ERROR)
    report = evaluate(convs, assessments, labels, min_level=level)
    report["detectors"] = "rules+learned" if learned else "rules"
    heads = ("n+", "AUC", "F1", "prec", "recall", "FPR")
    click.echo(f"{'category':26s} " + " ".join(f"{h:>6s}" for h in heads))
    for category, f in report["categories"].items():
        auc = "–" if f["auc"] is None else f"{f['auc']:.3f}"
        click.echo(
            f"{category:26s} {f['positives']:4d} {auc:>6s} {f['f1']:6.3f} {f['precision']:6.3f}"
            f" {f['recall']:6.3f} {f['fpr']:6.3f}"
        )
    click.echo(
        f"false alarms on benign conversations: {report['false_alarms_on_benign']}"
        f" of {report['benign']}"
    )
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    click.echo(f"report: {report_path}")
