"""Find the files ``safeguard batch`` reads and tell JSON Lines from Parquet."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from safeguard.core.errors import InputError

BatchFormat = Literal["jsonl", "parquet"]

PARQUET_MAGIC = b"PAR1"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class BatchInput:
    """One input file: ``name`` as the user wrote it (used in messages), ``path`` absolute."""

    name: str
    path: Path
    format: BatchFormat


def discover_batch_inputs(paths: Sequence[Path]) -> list[BatchInput]:
    """The files to score for ``paths``, in order, each once.

    A file named directly is JSON Lines or Parquet (judged from its first bytes) or an
    InputError saying how to convert it. Folders are walked recursively in sorted order,
    keeping ``*.jsonl``, ``*.ndjson`` and ``*.parquet`` and skipping hidden files and folders.
    A path that does not exist is an InputError naming it.
    """
    found: dict[Path, BatchInput] = {}
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            for candidate in _walk(path):
                if candidate.suffix.lower() in (*JSONL_SUFFIXES, *PARQUET_SUFFIXES):
                    found.setdefault(candidate.resolve(), _input(candidate))
        else:
            found.setdefault(path.resolve(), _input(path))
    return list(found.values())


def sniff_format(path: Path) -> BatchFormat:
    """``parquet`` or ``jsonl`` from the first bytes of ``path``; InputError if neither."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    start = head.removeprefix(_BOM).lstrip()
    if not start or start.startswith(b"{"):
        return "jsonl"
    raise InputError(
        f"{path}: not Safeguard JSON Lines or Parquet; convert chat exports first with "
        "`safeguard convert` (JSON Lines) or `safeguard to-parquet`"
    )


def _input(path: Path) -> BatchInput:
    return BatchInput(name=str(path), path=path.resolve(), format=sniff_format(path))


def _walk(directory: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirnames, filenames in os.walk(directory):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(Path(root, f) for f in filenames if not f.startswith("."))
    return sorted(files)
