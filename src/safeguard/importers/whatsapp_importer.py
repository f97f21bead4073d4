"""WhatsApp "Export chat" text files from Android and iPhone.

Each message starts with a date and time:

- Android: ``12/03/2026, 18:04 - Name: text``
- iPhone: ``[12/03/2026, 18:04:05] Name: text`` (lines often carry U+200E marks)

with ``/``, ``.`` or ``-`` between date parts, two- or four-digit years, and 24-hour or
12-hour (``6:04 pm``) times. Lines that do not start with a date continue the message above.

**Date order is ambiguous.** Exports write the phone's local order, dd/mm or mm/dd, and do
not say which. The importer reads the whole file first: a first number above 12 anywhere
means day-first, a second number above 12 means month-first; if neither occurs, the order
under which the dates run forwards wins, and a tie means day-first (UK). Pass
``ImportOptions(day_first=...)`` (``--day-first/--month-first``) to decide it yourself.
Times are local to the exporting phone and carry no time zone.

Media become attachments: ``<Media omitted>`` (type ``file``: WhatsApp does not say what
it was), ``image omitted``, ``<attached: 00000012-PHOTO-….jpg>`` and ``IMG-….jpg (file
attached)`` (path relative to the export, which sits beside the chat file). System lines
(the encryption notice, "X added Y", "changed the subject", deleted-message and missed-call
markers) are not messages and are skipped. One conversation per file, named after the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

from safeguard.core.conversation import Attachment, Conversation, Message, Participant
from safeguard.core.errors import RecordError
from safeguard.importers.base import Importer, OnBad, report
from safeguard.importers.media import attachment_type
from safeguard.importers.options import ImportOptions

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_REMOVE_MARKS = str.maketrans("", "", _MARKS)

_HEADER = re.compile(
    r"^[\u200e\u200f\ufeff]*"
    r"(?P<open>\[)?"
    r"(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{2,4}),?\s+"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\.?)?"
    r"(?(open)\]\s|\s[-\u2013]\s)"
    r"(?P<rest>.*)$"
)

# Words that show the text before the first ": " is an Android system line, not a name.
_SYSTEM_PHRASE = re.compile(
    r" (?:added|removed|left|created group|changed the subject|changed this group|"
    r"changed the group|changed their phone number|joined using|deleted this group|"
    r"pinned a message|turned (?:on|off) disappearing)\b|end-to-end encrypted|security code"
)
_SKIPPED_TEXTS = frozenset(
    {
        "This message was deleted",
        "This message was deleted.",
        "You deleted this message",
        "You deleted this message.",
        "Missed voice call",
        "Missed video call",
    }
)
_MEDIA_OMITTED = "<Media omitted>"
_IOS_OMITTED = re.compile(r"^(?P<kind>image|video|audio|sticker|GIF|Contact card) omitted$")
_IOS_DOCUMENT = re.compile(r"^\S.* document omitted$")
_OMITTED_TYPES = {
    "image": "image",
    "video": "video",
    "audio": "audio",
    "sticker": "image",
    "GIF": "image",
    "Contact card": "file",
}
_ATTACHED_IOS = re.compile(r"^<attached:\s*(?P<file>[^<>]+?)\s*>\s*(?P<after>.*)$")
_ATTACHED_ANDROID = re.compile(
    r"^(?P<file>[^<>:\"/\\|?*]+\.\w{1,5}) \(file attached\)\s*(?P<after>.*)$"
)


@dataclass
class _Entry:
    """One dated line and the lines that continue it (mutable while the file is read)."""

    line: int
    header: re.Match[str]
    extra: list[str] = field(default_factory=list)


class WhatsAppImporter(Importer):
    """Reads a WhatsApp chat export (.txt) as one conversation."""

    name: ClassVar[str] = "whatsapp"
    description: ClassVar[str] = "WhatsApp 'Export chat' text file (Android or iPhone)"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)

    def detect(self, path: Path, head: bytes) -> bool:
        text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
        lines = [line for line in text.splitlines()[:6] if line.strip()]
        return any(_HEADER.match(line) for line in lines[:3])

    def read(
        self, path: Path, options: ImportOptions, on_bad: OnBad | None = None
    ) -> Iterator[Conversation]:
        name = str(path)
        entries = _read_entries(path, name, on_bad)
        if entries is None:
            return
        order = _date_order(entries, options.day_first)
        conv_id = _conversation_id(path)
        messages: list[Message] = []
        senders: dict[str, None] = {}
        for ordinal, entry in enumerate(entries, start=1):
            try:
                message = _message(entry, order, f"{conv_id}-{ordinal}", name)
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
            platform="whatsapp",
            source=name,
        )


def _read_entries(path: Path, name: str, on_bad: OnBad | None) -> list[_Entry] | None:
    """Group the file's lines into dated entries; None if the file is unusable."""
    entries: list[_Entry] = []
    try:
        handle = path.open("rb")
    except OSError as exc:
        report(RecordError(name, None, f"cannot be read ({exc.strerror})"), on_bad)
        return None
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                report(RecordError(name, number, "is not valid UTF-8 text"), on_bad)
                continue
            text = text.rstrip("\r\n")
            header = _HEADER.match(text)
            if header is not None:
                entries.append(_Entry(number, header))
            elif entries:
                entries[-1].extra.append(text)
            elif text.strip():
                report(
                    RecordError(
                        name,
                        number,
                        "expected a line starting with a date and time, like "
                        "'12/03/2026, 18:04 - Name: text' or '[12/03/2026, 18:04:05] Name: text'",
                    ),
                    on_bad,
                )
    return entries


def _date_order(entries: list[_Entry], day_first: bool | None) -> str:
    """``"dmy"`` or ``"mdy"`` for the file's two-number-first dates (see module docstring)."""
    if day_first is not None:
        return "dmy" if day_first else "mdy"
    pairs = [
        (int(e.header["a"]), int(e.header["b"]), int(e.header["c"]))
        for e in entries
        if len(e.header["a"]) <= 2
    ]
    day_evidence = sum(1 for a, b, _ in pairs if a > 12)
    month_evidence = sum(1 for a, b, _ in pairs if b > 12)
    if day_evidence or month_evidence:
        return "dmy" if day_evidence >= month_evidence else "mdy"
    day_first_backwards = _backward_steps([(c, b, a) for a, b, c in pairs])
    month_first_backwards = _backward_steps([(c, a, b) for a, b, c in pairs])
    return "mdy" if month_first_backwards < day_first_backwards else "dmy"


def _backward_steps(dates: list[tuple[int, int, int]]) -> int:
    return sum(1 for before, after in pairwise(dates) if after < before)


def _timestamp(header: re.Match[str], order: str, name: str, line: int) -> datetime:
    a, b, c = header["a"], header["b"], header["c"]
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = (int(a), int(b)) if order == "dmy" else (int(b), int(a))
    hour = int(header["hour"])
    ampm = header["ampm"]
    stamp = header.group(0)[: header.start("rest")].translate(_REMOVE_MARKS).strip(" []-\u2013")
    try:
        if ampm is not None:
            if not 1 <= hour <= 12:
                raise ValueError("hour must be 1-12 with am/pm")
            hour = hour % 12 + (12 if ampm in "Pp" else 0)
        second = int(header["second"] or 0)
        return datetime(year, month, day, hour, int(header["minute"]), second)
    except ValueError:
        reading = "day/month" if order == "dmy" else "month/day"
        raise RecordError(
            name,
            line,
            f"{stamp!r} is not a valid date and time read as {reading}/year; "
            "use --day-first or --month-first if the order was guessed wrongly",
            field="time",
        ) from None


def _split_sender(rest: str) -> tuple[str | None, str]:
    """(sender, text), or (None, rest) for a system line that names nobody."""
    cut = rest.find(": ")
    if cut <= 0:
        return None, rest
    sender = rest[:cut].translate(_REMOVE_MARKS).strip()
    if not sender or _SYSTEM_PHRASE.search(rest[:cut]):
        return None, rest
    return sender, rest[cut + 2 :]


def _attachment(first_line: str, has_mark: bool) -> tuple[Attachment | None, str]:
    """The attachment a message's first line names, and the text left after it."""
    if first_line == _MEDIA_OMITTED:
        return Attachment(type="file"), ""
    omitted = _IOS_OMITTED.match(first_line)
    if omitted is not None:
        return Attachment(type=_OMITTED_TYPES[omitted["kind"]]), ""
    if has_mark and _IOS_DOCUMENT.match(first_line):
        return Attachment(type="file"), ""
    attached = _ATTACHED_IOS.match(first_line) or _ATTACHED_ANDROID.match(first_line)
    if attached is not None:
        file_name = attached["file"]
        return Attachment(type=attachment_type(file_name), path=file_name), attached["after"]
    return None, first_line


def _message(entry: _Entry, order: str, message_id: str, name: str) -> Message | None:
    """The message an entry holds, or None for a system line."""
    time = _timestamp(entry.header, order, name, entry.line)
    sender, raw_text = _split_sender(entry.header["rest"])
    if sender is None:
        return None
    has_mark = raw_text.startswith(("\u200e", "\u200f"))
    first_line = raw_text.lstrip(_MARKS)
    attachment, first_line = _attachment(first_line.strip(), has_mark)
    if attachment is None and has_mark:
        return None  # iPhone marks system lines (and deleted messages) with U+200E
    if attachment is None and first_line in _SKIPPED_TEXTS and not entry.extra:
        return None
    lines = [first_line, *entry.extra] if first_line or attachment is None else entry.extra
    return Message(
        id=message_id,
        sender=sender,
        text="\n".join(lines),
        time=time,
        attachments=(attachment,) if attachment is not None else (),
    )


def _conversation_id(path: Path) -> str:
    """The file name without its ending; an iPhone ``_chat.txt`` takes its folder's name."""
    folder = path.absolute().parent.name
    if path.stem == "_chat" and folder:
        return folder
    return path.stem
