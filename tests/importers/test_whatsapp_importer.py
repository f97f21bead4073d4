"""WhatsApp text exports: Android and iPhone styles, date orders, media, system lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from safeguard.core.conversation import Attachment, Conversation
from safeguard.core.errors import RecordError
from safeguard.importers.options import ImportOptions
from safeguard.importers.registry import detect_format, read_conversations

LRM = "\u200e"
NNBSP = "\u202f"


def read_one(path: Path, options: ImportOptions | None = None) -> Conversation:
    conversations = list(read_conversations(path, options=options or ImportOptions()))
    assert len(conversations) == 1
    return conversations[0]


def summary(conversation: Conversation) -> list[tuple[str, str, datetime | None]]:
    return [(m.sender, m.text, m.time) for m in conversation.messages]


# (case, file content, expected (sender, text, time) per message)
FORMATS = [
    (
        "android_24h_day_first",
        "12/03/2026, 18:04 - Dan: hey\n13/03/2026, 09:05 - Mia: morning\n",
        [
            ("Dan", "hey", datetime(2026, 3, 12, 18, 4)),
            ("Mia", "morning", datetime(2026, 3, 13, 9, 5)),
        ],
    ),
    (
        "android_12h_month_first_two_digit_year",
        "3/12/26, 6:04 PM - Dan: hey\n3/13/26, 12:05 AM - Mia: cant sleep\n",
        [
            ("Dan", "hey", datetime(2026, 3, 12, 18, 4)),
            ("Mia", "cant sleep", datetime(2026, 3, 13, 0, 5)),
        ],
    ),
    (
        "android_12h_narrow_space_lower_case",
        f"13/03/2026, 12:30{NNBSP}pm - Dan: lunch?\n",
        [("Dan", "lunch?", datetime(2026, 3, 13, 12, 30))],
    ),
    (
        "ios_24h_seconds",
        "[12/03/2026, 18:04:05] Dan: hey\n[14/03/2026, 18:04:30] Mia: hi\n",
        [
            ("Dan", "hey", datetime(2026, 3, 12, 18, 4, 5)),
            ("Mia", "hi", datetime(2026, 3, 14, 18, 4, 30)),
        ],
    ),
    (
        "ios_12h_with_marks",
        f"{LRM}[3/12/26, 6:04:05{NNBSP}PM] Dan: hey\n[3/14/26, 6:05:00{NNBSP}AM] Mia: hi\n",
        [
            ("Dan", "hey", datetime(2026, 3, 12, 18, 4, 5)),
            ("Mia", "hi", datetime(2026, 3, 14, 6, 5)),
        ],
    ),
    (
        "dotted_dates",
        "14.03.26, 20:11 - Dan: hey\n",
        [("Dan", "hey", datetime(2026, 3, 14, 20, 11))],
    ),
    (
        "year_first_dates",
        "2026-03-14, 20:11 - Dan: hey\n",
        [("Dan", "hey", datetime(2026, 3, 14, 20, 11))],
    ),
    (
        "multi_line_message",
        "12/03/2026, 18:04 - Dan: first line\nsecond line\n\nfourth line\n"
        "12/03/2026, 18:05 - Mia: ok\n",
        [
            ("Dan", "first line\nsecond line\n\nfourth line", datetime(2026, 3, 12, 18, 4)),
            ("Mia", "ok", datetime(2026, 3, 12, 18, 5)),
        ],
    ),
    (
        "windows_line_endings_and_bom",
        "\ufeff12/03/2026, 18:04 - Dan: hey\r\n13/03/2026, 18:05 - Mia: hi\r\n",
        [
            ("Dan", "hey", datetime(2026, 3, 12, 18, 4)),
            ("Mia", "hi", datetime(2026, 3, 13, 18, 5)),
        ],
    ),
    (
        "phone_number_sender_in_bidi_marks",
        "12/03/2026, 18:04 - \u202a+44 7700 900456\u202c: who is this\n",
        [("+44 7700 900456", "who is this", datetime(2026, 3, 12, 18, 4))],
    ),
    (
        "colon_inside_text",
        "12/03/2026, 18:04 - Dan: meet at: the park\n",
        [("Dan", "meet at: the park", datetime(2026, 3, 12, 18, 4))],
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in FORMATS], ids=[c[0] for c in FORMATS]
)
def test_when_export_in_each_date_style_then_messages_read(
    write: Callable[[str, str], Path], content: str, expected: list[tuple[str, str, datetime]]
) -> None:
    path = write("chat.txt", content)
    assert detect_format(path) == "whatsapp"
    assert summary(read_one(path)) == expected


SYSTEM_LINES = [
    (
        "android_encryption_notice",
        "12/03/2026, 18:01 - Messages and calls are end-to-end encrypted. No one outside of "
        "this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
    ),
    ("android_added", "12/03/2026, 18:01 - Liam added Josh, Ryan, +44 7700 900456"),
    ("android_left", "12/03/2026, 18:01 - Noah left"),
    ("android_created_group", '12/03/2026, 18:01 - Liam created group "9B"'),
    (
        "android_subject_with_colon",
        '12/03/2026, 18:01 - Liam changed the subject from "9B" to "9B: lads"',
    ),
    ("android_security_code", "12/03/2026, 18:01 - Your security code with Dan changed."),
    ("android_deleted", "12/03/2026, 18:01 - Dan: This message was deleted"),
    (
        "ios_encryption_notice",
        f"[12/03/2026, 18:01:00] Year 10: {LRM}Messages and calls are end-to-end encrypted.",
    ),
    ("ios_added", f"[12/03/2026, 18:01:00] Year 10: {LRM}Liam added Josh"),
    ("ios_deleted", f"[12/03/2026, 18:01:00] Dan: {LRM}This message was deleted."),
    ("ios_missed_call", f"[12/03/2026, 18:01:00] Dan: {LRM}Missed voice call"),
]


@pytest.mark.parametrize("line", [c[1] for c in SYSTEM_LINES], ids=[c[0] for c in SYSTEM_LINES])
def test_when_system_line_then_skipped_and_next_message_kept(
    write: Callable[[str, str], Path], line: str
) -> None:
    bracketed = line.startswith("[")
    follow = "[12/03/2026, 18:02:00] Mia: hi" if bracketed else "12/03/2026, 18:02 - Mia: hi"
    conversation = read_one(write("chat.txt", f"{line}\n{follow}\n"))
    assert summary(conversation) == [("Mia", "hi", datetime(2026, 3, 12, 18, 2))]
    # Numbering counts the skipped line, so message ids stay stable.
    assert [m.id for m in conversation.messages] == ["chat-2"]
    assert [p.id for p in conversation.participants] == ["Mia"]


MEDIA = [
    ("android_media_omitted", "12/03/2026, 18:04 - Dan: <Media omitted>", Attachment("file"), ""),
    (
        "android_file_attached_with_caption",
        "12/03/2026, 18:04 - Dan: IMG-20260312-WA0001.jpg (file attached)\nlook at this",
        Attachment("image", path="IMG-20260312-WA0001.jpg"),
        "look at this",
    ),
    (
        "android_voice_note",
        "12/03/2026, 18:04 - Dan: PTT-20260312-WA0002.opus (file attached)",
        Attachment("audio", path="PTT-20260312-WA0002.opus"),
        "",
    ),
    (
        "ios_image_omitted",
        f"{LRM}[12/03/2026, 18:04:00] Dan: {LRM}image omitted",
        Attachment("image"),
        "",
    ),
    ("ios_video_omitted", "[12/03/2026, 18:04:00] Dan: video omitted", Attachment("video"), ""),
    (
        "ios_document_omitted",
        f"[12/03/2026, 18:04:00] Dan: {LRM}homework.pdf \u2022 2 pages document omitted",
        Attachment("file"),
        "",
    ),
    (
        "ios_attached_photo",
        f"[12/03/2026, 18:04:00] Dan: {LRM}<attached: 00000012-PHOTO-2026-03-12-18-04-00.jpg>",
        Attachment("image", path="00000012-PHOTO-2026-03-12-18-04-00.jpg"),
        "",
    ),
    (
        "ios_attached_video",
        f"[12/03/2026, 18:04:00] Dan: {LRM}<attached: 00000013-VIDEO-2026-03-12-18-04-00.mp4>",
        Attachment("video", path="00000013-VIDEO-2026-03-12-18-04-00.mp4"),
        "",
    ),
]


@pytest.mark.parametrize(
    ("line", "attachment", "text"), [c[1:] for c in MEDIA], ids=[c[0] for c in MEDIA]
)
def test_when_media_line_then_attachment_with_relative_path(
    write: Callable[[str, str], Path], line: str, attachment: Attachment, text: str
) -> None:
    conversation = read_one(write("chat.txt", line + "\n"))
    [message] = conversation.messages
    assert message.sender == "Dan"
    assert message.attachments == (attachment,)
    assert message.text == text


def test_when_text_merely_mentions_omitted_then_it_stays_text(
    write: Callable[[str, str], Path],
) -> None:
    conversation = read_one(
        write("chat.txt", "12/03/2026, 18:04 - Dan: the bit about video omitted\n")
    )
    assert conversation.messages[0].text == "the bit about video omitted"
    assert conversation.messages[0].attachments == ()


AMBIGUOUS = [
    # (case, dates as "a/b/2026", day_first option, expected (month, day) of each)
    ("day_above_12_means_day_first", ["01/02", "13/02"], None, [(2, 1), (2, 13)]),
    ("second_above_12_means_month_first", ["02/01", "02/13"], None, [(2, 1), (2, 13)]),
    ("forward_order_decides_month_first", ["01/12", "02/01"], None, [(1, 12), (2, 1)]),
    ("forward_order_decides_day_first", ["12/01", "01/02"], None, [(1, 12), (2, 1)]),
    ("tie_means_day_first", ["01/02", "01/03"], None, [(2, 1), (3, 1)]),
    ("option_forces_month_first", ["01/02", "01/03"], False, [(1, 2), (1, 3)]),
    ("option_forces_day_first", ["01/02", "02/02"], True, [(2, 1), (2, 2)]),
]


@pytest.mark.parametrize(
    ("dates", "day_first", "expected"),
    [c[1:] for c in AMBIGUOUS],
    ids=[c[0] for c in AMBIGUOUS],
)
def test_when_date_order_ambiguous_then_inferred_or_overridden(
    write: Callable[[str, str], Path],
    dates: list[str],
    day_first: bool | None,
    expected: list[tuple[int, int]],
) -> None:
    content = "".join(f"{d}/2026, 10:00 - Dan: message {i}\n" for i, d in enumerate(dates))
    conversation = read_one(write("chat.txt", content), ImportOptions(day_first=day_first))
    got = [(m.time.month, m.time.day) for m in conversation.messages if m.time is not None]
    assert got == expected


def test_when_ios_chat_file_then_id_from_folder_and_source_is_file(
    write: Callable[[str, str], Path],
) -> None:
    path = write("WhatsApp Chat - Dan/_chat.txt", "[12/03/2026, 18:04:05] Dan: hey\n")
    conversation = read_one(path)
    assert conversation.id == "WhatsApp Chat - Dan"
    assert conversation.messages[0].id == "WhatsApp Chat - Dan-1"
    assert conversation.source == str(path)
    assert conversation.platform == "whatsapp"


def test_when_date_impossible_then_error_names_file_line_and_field(
    write: Callable[[str, str], Path],
) -> None:
    path = write("chat.txt", "12/03/2026, 18:04 - Dan: hey\n31/02/2026, 18:05 - Mia: hi\n")
    with pytest.raises(RecordError) as caught:
        read_one(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 2
    assert caught.value.field == "time"
    assert f"{path}:2: field 'time'" in str(caught.value)
    assert "31/02/2026, 18:05" in str(caught.value)


def test_when_skip_bad_then_bad_date_reported_and_rest_kept(
    write: Callable[[str, str], Path],
) -> None:
    path = write(
        "chat.txt",
        "12/03/2026, 18:04 - Dan: hey\n31/02/2026, 18:05 - Mia: hi\n13/03/2026, 18:06 - Mia: ok\n",
    )
    skipped: list[RecordError] = []
    [conversation] = read_conversations(path, skip_bad=True, on_skip=skipped.append)
    assert [m.text for m in conversation.messages] == ["hey", "ok"]
    assert [m.id for m in conversation.messages] == ["chat-1", "chat-3"]
    assert [e.line for e in skipped] == [2]


def test_when_text_before_first_date_then_error_names_line(
    write: Callable[[str, str], Path],
) -> None:
    path = write("chat.txt", "12/03/2026, 18:04 - Dan: hey\n")
    path.write_text("exported by a tool\n12/03/2026, 18:04 - Dan: hey\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        list(read_conversations(path, format="whatsapp"))
    assert caught.value.line == 1
    assert "expected a line starting with a date and time" in str(caught.value)


def test_when_line_not_utf8_then_error_names_line(write: Callable[[str, bytes], Path]) -> None:
    path = write("chat.txt", b"12/03/2026, 18:04 - Dan: hey\n12/03/2026, 18:05 - Mia: caf\xe9\n")
    with pytest.raises(RecordError) as caught:
        list(read_conversations(path))
    assert caught.value.line == 2
    assert "UTF-8" in str(caught.value)
