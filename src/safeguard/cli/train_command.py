"""``safeguard train``: rebuild the learned models from the public data sets (seeded)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.core.errors import InputError


@cli.command("train")
@click.option(
    "--data",
    "data_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data"),
    show_default=True,
    help="Directory of the public training sets (see its MANIFEST.md).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the weight files (default: the package's data/models).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/learn-cache"),
    show_default=True,
    help="Cache of MiniLM embeddings of the training texts (vectors only, never text).",
)
@click.option("--seed", type=int, default=None, help="Split seed (default: the documented one).")
@click.option(
    "--distil-static/--no-distil-static",
    default=False,
    show_default=True,
    help="Also distil the static word-piece embedder from MiniLM (about 2-3 minutes).",
)
def train_command(
    data_root: Path, out_dir: Path | None, cache_dir: Path, seed: int | None, distil_static: bool
) -> None:
    """Train the learned detectors and write their weights and MODEL_CARD.md."""
    from safeguard.learn.model_card import write_model_card
    from safeguard.learn.models import models_dir
    from safeguard.learn.splits import SPLIT_SEED
    from safeguard.learn.training import TrainConfig, train

    target = out_dir or models_dir()
    config = TrainConfig(
        data_root=data_root,
        out_dir=target,
        cache_dir=cache_dir,
        seed=SPLIT_SEED if seed is None else seed,
        distil_static=distil_static,
    )
    try:
        report = train(config, log=lambda line: click.echo(line, err=True))
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    card = write_model_card(target)
    for path in [*report.files, card]:
        click.echo(str(path))
