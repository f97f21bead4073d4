"""Instagram and Facebook Messenger "Download your information" ``message_N.json`` files.

``{"participants": [{"name"}], "messages": [{"sender_name", "timestamp_ms", "content",
"photos": [{"uri"}], ...}], "thread_path": "inbox/…"}``, newest message first; output is
oldest first. Meta writes text as UTF-8 bytes escaped one by one as Latin-1 characters
(``"Ã©"`` for ``"é"``); names and text are repaired when that reading round-trips.

Media ``uri`` values are relative to the export's root; they are rewritten relative to the
JSON file when they pass through its folder (``photos/1.jpg``), else kept as given. A long
thread is split by Meta into ``message_1.json`` (newest), ``message_2.json``, …: each file is
read as its own conversation, ``message_2.json`` onwards with a ``-part<N>`` id suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from safeguard.core.conversation import Attachment, Conversation, Message, Participant
from safeguard.core.errors import RecordError
from safeguard.importers.base import (
    Importer,
    OnBad,
    expect_list,
    expect_object,
    expect_text,
    load_json,
    report,
    strip_bom,
)
from safeguard.importers.media import attachment_type
from safeguard.importers.options import ImportOptions

_MEDIA_KEYS = (
    ("photos", "image"),
    ("videos", "video"),
    ("audio_files", "audio"),
    ("gifs", "image"),
    ("files", "file"),
)
_NOT_CHAT = frozenset({"Subscribe", "Unsubscribe"})
_PART = re.compile(r"^message_(\d+)$")


def fix_mojibake(text: str) -> str:
    """Undo Meta's UTF-8-read-as-Latin-1 encoding when that gives valid UTF-8."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


class InstagramImporter(Importer):
    """Reads one Instagram or Facebook Messenger thread file as one conversation."""

    name: ClassVar[str] = "instagram"
    description: ClassVar[str] = "Instagram / Facebook 'Download your information' message_N.json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    def detect(self, path: Path, head: bytes) -> bool:
        start = strip_bom(head)
        return (
            start.startswith(b"{")
            and b'"participants"' in start
            and b'"sender_name"' in start
            and b'"timestamp_ms"' in start
        )

    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        name = str(path)
        try:
            document = expect_object(load_json(path), name, "(document)")
            raw_messages = expect_list(document.get("messages"), name, "messages")
            listed = _listed_participants(document.get("participants"), name)
        except RecordError as error:
            report(error, on_bad)
            return
        conv_id = _conversation_id(path, document.get("thread_path"))
        messages: list[Message] = []
        senders: dict[str, None] = dict.fromkeys(listed)
        total = len(raw_messages)
        # Newest first in the file: walk backwards so numbering runs oldest first.
        for number, index in enumerate(range(total - 1, -1, -1), start=1):
            try:
                message = _message(
                    raw_messages[index], name, f"messages[{index}]", f"{conv_id}-{number}", path
                )
            except RecordError as error:
                report(error, on_bad)
                continue
            if message is not None:
                messages.append(message)
                senders.setdefault(message.sender, None)
        yield Conversation(
            id=conv_id,
            messages=tuple(messages),
            participants=tuple(Participant(id=sender) for sender in senders),
            platform=_platform(path),
            source=name,
        )


def _listed_participants(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    names = []
    for i, raw in enumerate(expect_list(value, name, "participants")):
        person = expect_object(raw, name, f"participants[{i}]")
        names.append(fix_mojibake(expect_text(person.get("name"), name, f"participants[{i}].name")))
    return names


def _message(raw: Any, name: str, where: str, message_id: str, path: Path) -> Message | None:
    record = expect_object(raw, name, where)
    if record.get("type") in _NOT_CHAT:
        return None
    sender = fix_mojibake(expect_text(record.get("sender_name"), name, f"{where}.sender_name"))
    stamp = record.get("timestamp_ms")
    if isinstance(stamp, bool) or not isinstance(stamp, int | float):
        problem = "is missing" if stamp is None else f"got {stamp!r}"
        raise RecordError(
            name,
            None,
            f"{problem}; expected milliseconds since 1970",
            field=f"{where}.timestamp_ms",
        )
    try:
        time = datetime.fromtimestamp(stamp / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordError(
            name, None, f"{stamp!r} is out of range", field=f"{where}.timestamp_ms"
        ) from None
    content = record.get("content") or ""
    if not isinstance(content, str):
        raise RecordError(name, None, "expected a string", field=f"{where}.content")
    return Message(
        id=message_id,
        sender=sender,
        text=fix_mojibake(content),
        time=time,
        attachments=_attachments(record, name, where, path),
    )


def _attachments(
    record: dict[str, Any], name: str, where: str, path: Path
) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    for key, kind in _MEDIA_KEYS:
        items = record.get(key)
        if items is None:
            continue
        for j, raw in enumerate(expect_list(items, name, f"{where}.{key}")):
            item = expect_object(raw, name, f"{where}.{key}[{j}]")
            uri = expect_text(item.get("uri"), name, f"{where}.{key}[{j}].uri")
            found.append(_attachment(uri, kind, path))
    sticker = record.get("sticker")
    if isinstance(sticker, dict) and isinstance(sticker.get("uri"), str):
        found.append(_attachment(sticker["uri"], "image", path))
    return tuple(found)


def _attachment(uri: str, kind: str, path: Path) -> Attachment:
    if uri.startswith(("http://", "https://")):
        return Attachment(type=kind, url=uri)
    parts = PurePosixPath(uri).parts
    folder = path.absolute().parent.name
    if folder and folder in parts:
        cut = len(parts) - 1 - parts[::-1].index(folder)
        uri = PurePosixPath(*parts[cut + 1 :]).as_posix()
    if kind == "file":
        kind = attachment_type(uri)
    return Attachment(type=kind, path=uri)


def _conversation_id(path: Path, thread_path: Any) -> str:
    folder = path.absolute().parent.name
    base = thread_path if isinstance(thread_path, str) and thread_path.strip() else folder
    base = base or path.stem
    part = _PART.match(path.stem)
    if part is not None and int(part.group(1)) > 1:
        return f"{base}-part{part.group(1)}"
    return base


def _platform(path: Path) -> str:
    lowered = [part.lower() for part in path.parts]
    if any(part.startswith(("facebook", "messenger")) for part in lowered):
        return "facebook"
    return "instagram"
