"""PAN 2012 sexual-predator-identification XML.

``<conversations><conversation id="…"><message line="1"><author>…</author><time>03:20</time>
<text>…</text></message>…</conversation>…</conversations>``. The file is parsed as a stream
(conversations are yielded as each one closes), fed line by line so errors name the line.
Message ids are ``<conversation id>-<line attribute>``, matching the line numbers PAN12's
ground-truth files use. ``<time>`` is a time of day with no date, so messages carry no time.

Untrusted XML: any DTD (``<!DOCTYPE``) is refused before parsing. Without a DTD no entity
can be declared, so nothing can expand (billion laughs) or fetch external files; expat
rejects any other entity reference. This guard is used instead of defusedxml because
defusedxml offers no line-fed pull parser, which the line numbers in errors need.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, cast

from safeguard.core.conversation import Conversation, Message, Participant
from safeguard.core.errors import RecordError
from safeguard.importers.base import Importer, OnBad, UniqueIds, report, strip_bom
from safeguard.importers.options import ImportOptions

_ROOT = re.compile(rb"^(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<conversations[\s>/]", re.DOTALL)
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


class _Conversation:
    """The conversation being read (mutable until its closing tag)."""

    def __init__(self, conv_id: str | None, line: int) -> None:
        self.id = conv_id
        self.line = line
        self.count = 0
        self.messages: list[Message] = []
        self.message_ids: set[str] = set()
        self.senders: dict[str, None] = {}


class Pan12Importer(Importer):
    """Reads PAN 2012 XML, one conversation per ``<conversation>`` element."""

    name: ClassVar[str] = "pan12"
    description: ClassVar[str] = "PAN 2012 predator-identification XML (<conversations>)"
    suffixes: ClassVar[tuple[str, ...]] = (".xml",)

    def detect(self, path: Path, head: bytes) -> bool:
        return bool(_ROOT.match(strip_bom(head)))

    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        name = str(path)
        ids = UniqueIds(name)
        parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        root: ET.Element | None = None
        current: _Conversation | None = None
        message_line = 0
        try:
            handle = path.open("rb")
        except OSError as exc:
            report(RecordError(name, None, f"cannot be read ({exc.strerror})"), on_bad)
            return
        with handle:
            number = 0
            for number, raw in enumerate(handle, start=1):
                if root is None and any(marker in raw for marker in _DTD_MARKERS):
                    report(
                        RecordError(name, number, "DTDs and entity declarations are not allowed"),
                        on_bad,
                    )
                    return
                try:
                    parser.feed(raw)
                    events = list(parser.read_events())
                except ET.ParseError as exc:
                    report(_xml_error(name, exc, number), on_bad)
                    return
                for item in events:
                    event, element = cast(tuple[str, ET.Element], item)
                    tag = element.tag
                    if event == "start":
                        if root is None:
                            if tag != "conversations":
                                report(
                                    RecordError(
                                        name, number, f"expected root <conversations>, got <{tag}>"
                                    ),
                                    on_bad,
                                )
                                return
                            root = element
                        elif tag == "conversation":
                            current = _Conversation(element.get("id"), number)
                        elif tag == "message":
                            message_line = number
                    elif tag == "message" and current is not None:
                        try:
                            _add_message(current, element, name, message_line)
                        except RecordError as error:
                            report(error, on_bad)
                        element.clear()
                    elif tag == "conversation" and current is not None:
                        finished, current = current, None
                        assert root is not None
                        root.clear()
                        try:
                            conversation = _finish(finished, ids, name)
                        except RecordError as error:
                            report(error, on_bad)
                            continue
                        yield conversation
            try:
                parser.close()
            except ET.ParseError as exc:
                report(_xml_error(name, exc, number), on_bad)


def _xml_error(name: str, exc: ET.ParseError, fallback_line: int) -> RecordError:
    position = getattr(exc, "position", None)
    line = position[0] if position else fallback_line
    return RecordError(name, line or fallback_line, f"not well-formed XML ({exc})")


def _add_message(conversation: _Conversation, element: ET.Element, name: str, line: int) -> None:
    conversation.count += 1
    author = (element.findtext("author") or "").strip()
    if not author:
        raise RecordError(
            name, line, "is missing or empty; expected the author's id", field="author"
        )
    number = (element.get("line") or "").strip() or str(conversation.count)
    message_id = f"{conversation.id}-{number}"
    if message_id in conversation.message_ids:
        raise RecordError(name, line, f"duplicate message line {number!r}", field="message.line")
    conversation.message_ids.add(message_id)
    conversation.senders.setdefault(author, None)
    conversation.messages.append(
        Message(id=message_id, sender=author, text=element.findtext("text") or "")
    )


def _finish(conversation: _Conversation, ids: UniqueIds, name: str) -> Conversation:
    if not conversation.id or not conversation.id.strip():
        raise RecordError(
            name, conversation.line, "is missing; expected an id attribute", field="conversation.id"
        )
    ids.check(conversation.id, line=conversation.line, field="conversation.id")
    return Conversation(
        id=conversation.id,
        messages=tuple(conversation.messages),
        participants=tuple(Participant(id=s) for s in conversation.senders),
        platform="pan12",
        source=name,
    )
