"""``safeguard hash``: PDQ (with quality), MD5 and SHA-256 of images, and nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import cli
from safeguard.images.image_hashes import ImageReadError, hash_image_file


@cli.command("hash")
@click.argument("images", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per image per line: path, pdq, quality, md5, sha256.",
)
def hash_command(images: tuple[Path, ...], as_json: bool) -> None:
    """Hash IMAGE files: PDQ perceptual hash with its quality (0-100), MD5 and SHA-256.

    Each file is read once as a stream and decoded in memory; nothing is written, copied or
    cached, and the image is never shown. Without --json, each line reads
    ``PDQ QUALITY MD5 SHA256 PATH``. A PDQ quality below 50 means the image has too little
    structure for its PDQ hash to be matched reliably.

    Exit codes: 0 every image hashed; 3 some could not be read (the others are still printed).
    """
    failed = 0
    for path in images:
        try:
            hashes = hash_image_file(path)
        except ImageReadError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
            continue
        if as_json:
            sys.stdout.write(orjson.dumps(hashes.as_dict()).decode() + "\n")
        else:
            line = f"{hashes.pdq} {hashes.quality:3d} {hashes.md5} {hashes.sha256} {hashes.path}"
            click.echo(line)
    sys.stdout.flush()
    if failed:
        sys.exit(ExitCode.INPUT_ERROR)
