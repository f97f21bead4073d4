"""DiscordChatExporter JSON: one channel per file.

``{"guild": {...}, "channel": {"id", "name", ...}, "messages": [{"id", "type", "timestamp",
"content", "author": {"id", "name", "nickname", "isBot"}, "attachments": [{"url",
"fileName"}]}]}``. Participants are keyed by the author's stable id, named by nickname or
user name. Join, pin, call and other non-chat message types are skipped. An attachment
downloaded with the export (``--media``) has a relative ``url``: it becomes the path;
otherwise the URL is kept as ``url``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from safeguard.core.conversation import Attachment, Conversation, Message, Participant
from safeguard.core.conversation_json import parse_time
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

_START = re.compile(rb'^\{\s*"guild"\s*:\s*\{')
_CHAT_TYPES = frozenset({"Default", "Reply"})


class DiscordImporter(Importer):
    """Reads a DiscordChatExporter JSON export as one conversation."""

    name: ClassVar[str] = "discord"
    description: ClassVar[str] = "DiscordChatExporter JSON (one channel per file)"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    def detect(self, path: Path, head: bytes) -> bool:
        start = strip_bom(head)
        return bool(_START.match(start)) and b'"channel"' in start and b'"messages"' in start

    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        name = str(path)
        try:
            document = expect_object(load_json(path), name, "(document)")
            channel = expect_object(document.get("channel"), name, "channel")
            conv_id = _identifier(channel.get("id"), name, "channel.id")
            raw_messages = expect_list(document.get("messages"), name, "messages")
        except RecordError as error:
            report(error, on_bad)
            return
        messages: list[Message] = []
        people: dict[str, Participant] = {}
        seen: set[str] = set()
        for index, raw in enumerate(raw_messages):
            where = f"messages[{index}]"
            try:
                built = _message(raw, name, where)
                if built is not None and built[0].id in seen:
                    raise RecordError(
                        name, None, f"duplicate message id {built[0].id!r}", field=f"{where}.id"
                    )
            except RecordError as error:
                report(error, on_bad)
                continue
            if built is not None:
                message, author = built
                seen.add(message.id)
                messages.append(message)
                people.setdefault(author.id, author)
        yield Conversation(
            id=conv_id,
            messages=tuple(messages),
            participants=tuple(people.values()),
            platform="discord",
            source=name,
        )


def _identifier(value: Any, name: str, where: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return expect_text(value, name, where)


def _message(raw: Any, name: str, where: str) -> tuple[Message, Participant] | None:
    """The message and its author, or None for a non-chat message type."""
    record = expect_object(raw, name, where)
    kind = record.get("type", "Default")
    if kind not in _CHAT_TYPES:
        return None
    message_id = _identifier(record.get("id"), name, f"{where}.id")
    author = expect_object(record.get("author"), name, f"{where}.author")
    author_id = _identifier(author.get("id"), name, f"{where}.author.id")
    display = author.get("nickname") or author.get("name")
    person = Participant(id=author_id, name=display if isinstance(display, str) else None)
    content = record.get("content") or ""
    if not isinstance(content, str):
        raise RecordError(name, None, "expected a string", field=f"{where}.content")
    stamp = expect_text(record.get("timestamp"), name, f"{where}.timestamp")
    try:
        time = parse_time(stamp)
    except ValueError:
        raise RecordError(
            name, None, f"expected an ISO 8601 timestamp, got {stamp!r}", field=f"{where}.timestamp"
        ) from None
    attachments = []
    raw_attachments = record.get("attachments") or []
    for j, raw_att in enumerate(expect_list(raw_attachments, name, f"{where}.attachments")):
        awhere = f"{where}.attachments[{j}]"
        att = expect_object(raw_att, name, awhere)
        url = expect_text(att.get("url"), name, f"{awhere}.url")
        file_name = att.get("fileName") if isinstance(att.get("fileName"), str) else None
        kind_of = attachment_type(file_name or url.split("?", 1)[0])
        if url.startswith(("http://", "https://")):
            attachments.append(Attachment(type=kind_of, url=url))
        else:
            attachments.append(Attachment(type=kind_of, path=url))
    message = Message(
        id=message_id,
        sender=author_id,
        text=content,
        time=time,
        attachments=tuple(attachments),
    )
    return message, person
