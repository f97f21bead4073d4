"""Telegram Desktop JSON exports (``result.json``).

Either one chat (``{"name", "type", "id", "messages": [...]}``) or a full export
(``{"chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}}``). A message's
``text`` is a string or a list of strings and entity objects (``{"type": "link", "text":
...}``), joined here into plain text. ``from_id`` (``user123``) is the sender, ``from`` its
display name. ``photo`` and ``file`` become attachments with paths relative to the export;
a file the export left out keeps its type with no path. Service messages (joins, calls,
pins) are skipped. Times are the export's local ``date`` with no time zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from safeguard.core.conversation import Attachment, Conversation, Message, Participant
from safeguard.core.errors import RecordError
from safeguard.importers.base import (
    Importer,
    OnBad,
    UniqueIds,
    expect_list,
    expect_object,
    expect_text,
    load_json,
    report,
    strip_bom,
)
from safeguard.importers.media import attachment_type
from safeguard.importers.options import ImportOptions

_CHAT_TYPE = re.compile(
    rb'"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|'
    rb'public_supergroup|private_channel|public_channel|saved_messages)"'
)
_MEDIA_TYPES = {
    "sticker": "image",
    "animation": "video",
    "video_file": "video",
    "video_message": "video",
    "voice_message": "audio",
    "audio_file": "audio",
}
_NOT_INCLUDED = "(File not included"


class TelegramImporter(Importer):
    """Reads a Telegram Desktop JSON export: one conversation per chat."""

    name: ClassVar[str] = "telegram"
    description: ClassVar[str] = "Telegram Desktop JSON export (result.json), one or many chats"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    def detect(self, path: Path, head: bytes) -> bool:
        start = strip_bom(head)
        if not start.startswith(b"{") or b'"sender_name"' in start:
            return False
        return (
            b'"from_id"' in start
            or b'"date_unixtime"' in start
            or bool(_CHAT_TYPE.search(start))
            or (b'"personal_information"' in start and b'"chats"' in start)
        )

    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        name = str(path)
        try:
            document = expect_object(load_json(path), name, "(document)")
            chats = _chats(document, name)
        except RecordError as error:
            report(error, on_bad)
            return
        ids = UniqueIds(name)
        for where, raw_chat in chats:
            try:
                chat = expect_object(raw_chat, name, where or "(document)")
                conv_id = _identifier(chat.get("id"), name, _join(where, "id"))
                ids.check(conv_id, line=None, field=_join(where, "id"))
                raw_messages = expect_list(chat.get("messages"), name, _join(where, "messages"))
            except RecordError as error:
                report(error, on_bad)
                continue
            yield _conversation(conv_id, raw_messages, name, where, on_bad)


def _chats(document: dict[str, Any], name: str) -> list[tuple[str, Any]]:
    """(JSON path, chat) for every chat in a single-chat or full export."""
    if "messages" in document:
        return [("", document)]
    found: list[tuple[str, Any]] = []
    for key in ("chats", "left_chats"):
        section = document.get(key)
        if section is None:
            continue
        listing = expect_object(section, name, key)
        chats = expect_list(listing.get("list"), name, f"{key}.list")
        found.extend((f"{key}.list[{i}]", chat) for i, chat in enumerate(chats))
    if not found and "chats" not in document:
        raise RecordError(
            name,
            None,
            "expected 'messages' (one chat) or 'chats.list' (full export)",
            field="(document)",
        )
    return found


def _conversation(
    conv_id: str, raw_messages: list[Any], name: str, where: str, on_bad: OnBad | None
) -> Conversation:
    messages: list[Message] = []
    people: dict[str, Participant] = {}
    seen: set[str] = set()
    for index, raw in enumerate(raw_messages):
        mwhere = _join(where, f"messages[{index}]")
        try:
            built = _message(raw, name, mwhere)
            if built is not None and built[0].id in seen:
                raise RecordError(
                    name, None, f"duplicate message id {built[0].id!r}", field=f"{mwhere}.id"
                )
        except RecordError as error:
            report(error, on_bad)
            continue
        if built is not None:
            message, person = built
            seen.add(message.id)
            messages.append(message)
            people.setdefault(person.id, person)
    return Conversation(
        id=conv_id,
        messages=tuple(messages),
        participants=tuple(people.values()),
        platform="telegram",
        source=name,
    )


def _join(where: str, key: str) -> str:
    """A JSON path: ``key`` under ``where`` (the document itself when ``where`` is empty)."""
    return f"{where}.{key}" if where else key


def _identifier(value: Any, name: str, where: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return expect_text(value, name, where)


def _message(raw: Any, name: str, where: str) -> tuple[Message, Participant] | None:
    record = expect_object(raw, name, where)
    if record.get("type", "message") != "message":
        return None
    message_id = _identifier(record.get("id"), name, f"{where}.id")
    display = record.get("from")
    sender_id = record.get("from_id")
    if sender_id is None and isinstance(display, str) and display.strip():
        sender_id = display
    sender = _identifier(sender_id, name, f"{where}.from_id")
    stamp = expect_text(record.get("date"), name, f"{where}.date")
    try:
        time = datetime.fromisoformat(stamp)
    except ValueError:
        raise RecordError(
            name, None, f"expected an ISO 8601 date, got {stamp!r}", field=f"{where}.date"
        ) from None
    message = Message(
        id=message_id,
        sender=sender,
        text=plain_text(record.get("text"), name, f"{where}.text"),
        time=time,
        attachments=_attachments(record),
    )
    person = Participant(id=sender, name=display if isinstance(display, str) else None)
    return message, person


def plain_text(value: Any, name: str, where: str) -> str:
    """A Telegram ``text`` value (string, or list of strings and ``{type, text}``) as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise RecordError(
            name, None, "expected a string or a list of strings and entities", field=where
        )
    pieces: list[str] = []
    for i, part in enumerate(value):
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            pieces.append(part["text"])
        else:
            raise RecordError(
                name, None, "expected a string or an object with 'text'", field=f"{where}[{i}]"
            )
    return "".join(pieces)


def _attachments(record: dict[str, Any]) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    photo = record.get("photo")
    if isinstance(photo, str):
        found.append(Attachment(type="image", path=_included(photo)))
    file_path = record.get("file")
    if isinstance(file_path, str):
        mime = record.get("mime_type") if isinstance(record.get("mime_type"), str) else None
        media_type = record.get("media_type")
        kind = _MEDIA_TYPES.get(media_type) if isinstance(media_type, str) else None
        path = _included(file_path)
        file_name = record.get("file_name")
        named = path or (file_name if isinstance(file_name, str) else None)
        found.append(Attachment(type=kind or attachment_type(named, mime), path=path, mime=mime))
    return tuple(found)


def _included(value: str) -> str | None:
    """The relative path, or None when the export left the file out."""
    return None if value.startswith(_NOT_INCLUDED) or not value.strip() else value
