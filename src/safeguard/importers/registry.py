"""Choose an importer by name or by content, find inputs, and read conversations.

This is the API the CLI (``scan``, ``convert``) uses::

    for path in discover_inputs([Path("exports")]):
        for conversation in read_conversations(path, skip_bad=True, on_skip=warn):
            ...
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from safeguard.core.conversation import Conversation
from safeguard.core.errors import InputError, RecordError, UnknownFormatError
from safeguard.importers.base import HEAD_BYTES, Importer, OnBad
from safeguard.importers.csv_importer import CsvImporter
from safeguard.importers.discord_importer import DiscordImporter
from safeguard.importers.instagram_importer import InstagramImporter
from safeguard.importers.jsonl_importer import JsonlImporter
from safeguard.importers.media import is_media_file
from safeguard.importers.options import ImportOptions
from safeguard.importers.pan12_importer import Pan12Importer
from safeguard.importers.telegram_importer import TelegramImporter
from safeguard.importers.whatsapp_importer import WhatsAppImporter

logger = logging.getLogger(__name__)

FORMAT_NAMES: tuple[str, ...] = (
    "jsonl",
    "whatsapp",
    "discord",
    "instagram",
    "telegram",
    "csv",
    "pan12",
)

# Most specific first: CSV (decided partly by file name) and WhatsApp text come last.
_DETECTION_ORDER = ("discord", "instagram", "telegram", "pan12", "jsonl", "whatsapp", "csv")


@lru_cache(maxsize=1)
def all_importers() -> Mapping[str, Importer]:
    """Every importer by its ``--format`` name, in :data:`FORMAT_NAMES` order."""
    built: list[Importer] = [
        JsonlImporter(),
        WhatsAppImporter(),
        DiscordImporter(),
        InstagramImporter(),
        TelegramImporter(),
        CsvImporter(),
        Pan12Importer(),
    ]
    by_name = {importer.name: importer for importer in built}
    return MappingProxyType({name: by_name[name] for name in FORMAT_NAMES})


def get_importer(format: str) -> Importer:
    """The importer called ``format``; InputError listing the names if there is none."""
    try:
        return all_importers()[format]
    except KeyError:
        raise InputError(
            f"unknown format {format!r}; expected one of {', '.join(FORMAT_NAMES)}"
        ) from None


def detect_format(path: Path) -> str:
    """The name of the format ``path`` is in, judged from its first bytes.

    Raises UnknownFormatError naming the file and listing the formats if none matches.
    """
    head = _read_head(path)
    found = _detect(path, head)
    if found is None:
        raise UnknownFormatError(
            f"{path}: cannot tell which chat export format this is; "
            f"name it with --format (one of: {', '.join(FORMAT_NAMES)})"
        )
    return found


def discover_inputs(paths: Sequence[Path], *, format: str | None = None) -> list[Path]:
    """The files to read for ``paths``.

    Directories are walked recursively in sorted order, keeping files some importer
    detects (with ``format``, files with that format's usual endings). Hidden files and
    folders are skipped there. Image, video and audio files are always skipped; other
    files named directly are kept, so an unknown one is reported when it is read. A path
    that does not exist raises InputError naming it.
    """
    importer = get_importer(format) if format is not None else None
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if not path.is_dir():
            if not is_media_file(path.name):
                found.append(path)
            continue
        for candidate in _walk(path):
            if is_media_file(candidate.name):
                continue
            if importer is not None:
                if candidate.suffix.lower() in importer.suffixes:
                    found.append(candidate)
            elif _detect(candidate, _read_head(candidate)) is not None:
                found.append(candidate)
    return list(dict.fromkeys(found))


def read_conversations(
    path: Path,
    *,
    format: str | None = None,
    options: ImportOptions = ImportOptions(),  # noqa: B008 (frozen, so safe to share)
    skip_bad: bool = False,
    on_skip: Callable[[RecordError], None] | None = None,
) -> Iterator[Conversation]:
    """The conversations in ``path``, read with ``format`` or the detected format.

    A malformed record raises RecordError (file, line, field, what was expected). With
    ``skip_bad`` each bad record goes to ``on_skip`` (or a logged warning) and is skipped;
    conversations are yielded as they are read, so none before a bad record are lost. The
    format is resolved now; the file is read as the result is iterated.
    """
    if not path.is_file():
        raise InputError(f"{path}: not a file" if path.exists() else f"{path}: no such file")
    importer = get_importer(format) if format is not None else get_importer(detect_format(path))
    on_bad: OnBad | None = None
    if skip_bad:
        on_bad = on_skip if on_skip is not None else _log_skip
    return _reading(importer.read(path, options, on_bad), path)


def _reading(conversations: Iterator[Conversation], path: Path) -> Iterator[Conversation]:
    """Pass conversations through, turning an OS read failure into InputError."""
    try:
        yield from conversations
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _log_skip(error: RecordError) -> None:
    logger.warning("skipped bad record: %s", error)


def _detect(path: Path, head: bytes) -> str | None:
    importers = all_importers()
    for name in _DETECTION_ORDER:
        if importers[name].detect(path, head):
            return name
    return None


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _walk(directory: Path) -> list[Path]:
    """Every non-hidden file under ``directory`` (not following links to folders), sorted."""
    files: list[Path] = []
    for root, dirnames, filenames in os.walk(directory):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(Path(root, f) for f in filenames if not f.startswith("."))
    return sorted(files)
