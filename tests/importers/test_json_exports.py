"""Discord, Instagram/Facebook and Telegram JSON exports."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from safeguard.core.conversation import Attachment, Conversation, Role
from safeguard.core.errors import RecordError
from safeguard.importers.instagram_importer import fix_mojibake
from safeguard.importers.registry import read_conversations

Write = Callable[[str, str], Path]


def write_json(write: Write, name: str, document: Any) -> Path:
    return write(name, json.dumps(document, indent=2))


def read_all(path: Path, **kwargs: Any) -> list[Conversation]:
    return list(read_conversations(path, **kwargs))


# --- Discord -------------------------------------------------------------------------------


def discord_message(n: int, **changes: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "id": f"90{n}",
        "type": "Default",
        "timestamp": f"2026-03-01T18:0{n}:00.123+00:00",
        "timestampEdited": None,
        "isPinned": False,
        "content": f"message {n}",
        "author": {"id": "u1", "name": "sam_h", "nickname": "Sam", "isBot": False},
        "attachments": [],
        "embeds": [],
        "reactions": [],
    }
    message.update(changes)
    return message


def discord_export(*messages: dict[str, Any]) -> dict[str, Any]:
    return {
        "guild": {"id": "1", "name": "Year 8", "iconUrl": "https://cdn.example/icon.png"},
        "channel": {"id": "555", "type": "GuildTextChat", "name": "general", "topic": None},
        "dateRange": {"after": None, "before": None},
        "messages": list(messages),
        "messageCount": len(messages),
    }


def test_when_discord_export_then_authors_by_id_and_names_kept(write: Write) -> None:
    path = write_json(
        write,
        "general.json",
        discord_export(
            discord_message(1),
            discord_message(
                2, author={"id": "u2", "name": "jo_b", "nickname": None, "isBot": False}
            ),
        ),
    )
    [conversation] = read_all(path)
    assert conversation.id == "555"
    assert conversation.platform == "discord"
    assert [(m.id, m.sender, m.text) for m in conversation.messages] == [
        ("901", "u1", "message 1"),
        ("902", "u2", "message 2"),
    ]
    assert conversation.messages[0].time == datetime(2026, 3, 1, 18, 1, 0, 123000, tzinfo=UTC)
    assert [(p.id, p.name, p.role) for p in conversation.participants] == [
        ("u1", "Sam", Role.UNKNOWN),
        ("u2", "jo_b", Role.UNKNOWN),
    ]


def test_when_discord_attachments_then_local_paths_and_urls_kept(write: Write) -> None:
    attachments = [
        {"id": "a1", "url": "general.json_Files/cat-1A2B.png", "fileName": "cat.png"},
        {"id": "a2", "url": "https://cdn.example/attachments/clip.mp4", "fileName": "clip.mp4"},
        {"id": "a3", "url": "https://cdn.example/attachments/notes.pdf", "fileName": "notes.pdf"},
    ]
    path = write_json(
        write, "general.json", discord_export(discord_message(1, attachments=attachments))
    )
    [conversation] = read_all(path)
    assert conversation.messages[0].attachments == (
        Attachment("image", path="general.json_Files/cat-1A2B.png"),
        Attachment("video", url="https://cdn.example/attachments/clip.mp4"),
        Attachment("file", url="https://cdn.example/attachments/notes.pdf"),
    )


def test_when_discord_system_message_then_skipped(write: Write) -> None:
    path = write_json(
        write,
        "general.json",
        discord_export(
            discord_message(1, type="GuildMemberJoin", content=""),
            discord_message(2, type="Reply"),
            discord_message(3, type="ChannelPinnedMessage"),
        ),
    )
    [conversation] = read_all(path)
    assert [m.id for m in conversation.messages] == ["902"]


# --- Instagram / Facebook ----------------------------------------------------------------


def mis_encode(text: str) -> str:
    """How Meta's export writes text: UTF-8 bytes as Latin-1 characters."""
    return text.encode("utf-8").decode("latin-1")


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (mis_encode("Zoë"), "Zoë"),
        (mis_encode("see you at 4 👍"), "see you at 4 👍"),
        (mis_encode("Sofía García"), "Sofía García"),
        ("plain ascii", "plain ascii"),
        ("already right: café", "already right: café"),  # é alone is not valid UTF-8
        ("emoji already right 👍", "emoji already right 👍"),  # not Latin-1 at all
    ],
)
def test_when_text_mis_encoded_then_repaired_only_if_it_round_trips(
    stored: str, expected: str
) -> None:
    assert fix_mojibake(stored) == expected


def instagram_export() -> dict[str, Any]:
    return {
        "participants": [{"name": mis_encode("Zoë Hart")}, {"name": "Ben"}],
        "messages": [
            {
                "sender_name": "Ben",
                "timestamp_ms": 1772388120000,
                "content": mis_encode("see you at practice 👍"),
            },
            {
                "sender_name": mis_encode("Zoë Hart"),
                "timestamp_ms": 1772388060000,
                "photos": [
                    {
                        "uri": "your_instagram_activity/messages/inbox/ben_123/photos/1.jpg",
                        "creation_timestamp": 1772388060,
                    }
                ],
            },
            {"sender_name": mis_encode("Zoë Hart"), "timestamp_ms": 1772388000000, "content": "hi"},
        ],
        "title": "Ben",
        "is_still_participant": True,
        "thread_path": "inbox/ben_123",
        "magic_words": [],
    }


def test_when_instagram_thread_then_oldest_first_with_fixed_text(write: Write) -> None:
    path = write_json(
        write,
        "your_instagram_activity/messages/inbox/ben_123/message_1.json",
        instagram_export(),
    )
    [conversation] = read_all(path)
    assert conversation.id == "inbox/ben_123"
    assert conversation.platform == "instagram"
    assert [(m.id, m.sender, m.text) for m in conversation.messages] == [
        ("inbox/ben_123-1", "Zoë Hart", "hi"),
        ("inbox/ben_123-2", "Zoë Hart", ""),
        ("inbox/ben_123-3", "Ben", "see you at practice 👍"),
    ]
    assert conversation.messages[0].time == datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    assert conversation.messages[1].attachments == (Attachment("image", path="photos/1.jpg"),)
    assert [p.id for p in conversation.participants] == ["Zoë Hart", "Ben"]
    assert all(p.role is Role.UNKNOWN for p in conversation.participants)


def test_when_facebook_export_or_later_part_then_platform_and_id_say_so(write: Write) -> None:
    path = write_json(
        write, "facebook-zoe-2026/messages/inbox/ben_123/message_2.json", instagram_export()
    )
    [conversation] = read_all(path)
    assert conversation.platform == "facebook"
    assert conversation.id == "inbox/ben_123-part2"
    assert conversation.messages[0].id == "inbox/ben_123-part2-1"


def test_when_instagram_message_lacks_timestamp_then_error_names_json_path(write: Write) -> None:
    export = instagram_export()
    del export["messages"][1]["timestamp_ms"]
    path = write_json(write, "message_1.json", export)
    with pytest.raises(RecordError) as caught:
        read_all(path)
    assert caught.value.path == str(path)
    assert caught.value.field == "messages[1].timestamp_ms"
    assert "expected milliseconds since 1970" in str(caught.value)


def test_when_instagram_bad_message_skipped_then_others_keep_their_ids(write: Write) -> None:
    export = instagram_export()
    export["messages"][1]["sender_name"] = None
    path = write_json(write, "message_1.json", export)
    skipped: list[RecordError] = []
    [conversation] = read_all(path, skip_bad=True, on_skip=skipped.append)
    assert [e.field for e in skipped] == ["messages[1].sender_name"]
    assert [m.id.rsplit("-", 1)[1] for m in conversation.messages] == ["1", "3"]


# --- Telegram ------------------------------------------------------------------------------


def telegram_chat(chat_id: int = 42) -> dict[str, Any]:
    return {
        "name": "Leah",
        "type": "personal_chat",
        "id": chat_id,
        "messages": [
            {
                "id": 1,
                "type": "service",
                "date": "2026-02-15T19:19:00",
                "actor": "Dre",
                "actor_id": "user7",
                "action": "phone_call",
                "text": "",
            },
            {
                "id": 2,
                "type": "message",
                "date": "2026-02-15T19:20:00",
                "date_unixtime": "1771183200",
                "from": "Dre",
                "from_id": "user7",
                "text": ["look at ", {"type": "link", "text": "https://shop.example"}, " ok"],
                "text_entities": [],
            },
            {
                "id": 3,
                "type": "message",
                "date": "2026-02-15T19:21:00",
                "from": "Leah",
                "from_id": "user8",
                "photo": "photos/photo_1@15-02-2026_19-21-00.jpg",
                "width": 800,
                "height": 600,
                "text": "",
            },
            {
                "id": 4,
                "type": "message",
                "date": "2026-02-15T19:22:00",
                "from": "Dre",
                "from_id": "user7",
                "file": "voice_messages/audio_1@15-02-2026_19-22-00.ogg",
                "media_type": "voice_message",
                "mime_type": "audio/ogg",
                "text": "",
            },
            {
                "id": 5,
                "type": "message",
                "date": "2026-02-15T19:23:00",
                "from": "Dre",
                "from_id": "user7",
                "file": "(File not included. Change data exporting settings to download.)",
                "media_type": "video_file",
                "mime_type": "video/mp4",
                "text": "",
            },
        ],
    }


def test_when_telegram_single_chat_then_entities_joined_and_media_attached(write: Write) -> None:
    path = write_json(write, "ChatExport_2026-02-20/result.json", telegram_chat())
    [conversation] = read_all(path)
    assert conversation.id == "42"
    assert conversation.platform == "telegram"
    assert [(m.id, m.sender, m.text) for m in conversation.messages] == [
        ("2", "user7", "look at https://shop.example ok"),
        ("3", "user8", ""),
        ("4", "user7", ""),
        ("5", "user7", ""),
    ]
    assert conversation.messages[0].time == datetime(2026, 2, 15, 19, 20)
    assert conversation.messages[1].attachments == (
        Attachment("image", path="photos/photo_1@15-02-2026_19-21-00.jpg"),
    )
    assert conversation.messages[2].attachments == (
        Attachment(
            "audio", path="voice_messages/audio_1@15-02-2026_19-22-00.ogg", mime="audio/ogg"
        ),
    )
    assert conversation.messages[3].attachments == (Attachment("video", mime="video/mp4"),)
    assert [(p.id, p.name) for p in conversation.participants] == [
        ("user7", "Dre"),
        ("user8", "Leah"),
    ]


def test_when_telegram_full_export_then_one_conversation_per_chat(write: Write) -> None:
    document = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 8, "first_name": "Leah"},
        "chats": {"about": "chats", "list": [telegram_chat(42), telegram_chat(43)]},
        "left_chats": {"about": "left", "list": [telegram_chat(44)]},
    }
    path = write_json(write, "result.json", document)
    assert [c.id for c in read_all(path)] == ["42", "43", "44"]


def test_when_telegram_chats_share_an_id_then_error(write: Write) -> None:
    document = {"chats": {"list": [telegram_chat(42), telegram_chat(42)]}}
    path = write_json(write, "result.json", document)
    with pytest.raises(RecordError) as caught:
        read_all(path, format="telegram")
    assert caught.value.field == "chats.list[1].id"
    assert "duplicate conversation id '42'" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"from_id": None, "from": None}, "messages[2].from_id", "expected a string"),
        ({"date": "yesterday"}, "messages[2].date", "expected an ISO 8601 date"),
        ({"text": [{"type": "bold"}]}, "messages[2].text[0]", "object with 'text'"),
        ({"text": 7}, "messages[2].text", "expected a string or a list"),
    ],
)
def test_when_telegram_message_malformed_then_error_names_json_path(
    write: Write, change: dict[str, Any], field: str, expected: str
) -> None:
    chat = copy.deepcopy(telegram_chat())
    chat["messages"][2].update(change)
    path = write_json(write, "result.json", chat)
    with pytest.raises(RecordError) as caught:
        read_all(path)
    assert caught.value.path == str(path)
    assert caught.value.field == field
    assert expected in str(caught.value)
    # With --skip-bad the same message is reported and the others kept.
    skipped: list[RecordError] = []
    [conversation] = read_all(path, skip_bad=True, on_skip=skipped.append)
    assert [e.field for e in skipped] == [field]
    assert [m.id for m in conversation.messages] == ["2", "4", "5"]


# --- shared: broken documents ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["discord", "instagram", "telegram"])
def test_when_json_broken_then_error_names_line(write: Write, fmt: str) -> None:
    path = write("broken.json", '{\n  "messages": [\n    {"id": 1,,}\n  ]\n}\n')
    with pytest.raises(RecordError) as caught:
        read_all(path, format=fmt)
    assert caught.value.line == 3
    assert "not valid JSON" in str(caught.value)
    skipped: list[RecordError] = []
    assert read_all(path, format=fmt, skip_bad=True, on_skip=skipped.append) == []
    assert len(skipped) == 1


@pytest.mark.parametrize(
    ("fmt", "document", "field"),
    [
        ("discord", {"guild": {}, "messages": []}, "channel"),
        ("discord", {"guild": {}, "channel": {"id": "1"}, "messages": {}}, "messages"),
        ("instagram", {"participants": [], "messages": None}, "messages"),
        ("instagram", {"participants": [{"name": 3}], "messages": []}, "participants[0].name"),
        ("telegram", {"about": "nothing else"}, "(document)"),
        ("telegram", {"chats": {"list": "x"}}, "chats.list"),
    ],
)
def test_when_json_document_shape_wrong_then_error_names_field(
    write: Write, fmt: str, document: dict[str, Any], field: str
) -> None:
    path = write_json(write, "export.json", document)
    with pytest.raises(RecordError) as caught:
        read_all(path, format=fmt)
    assert caught.value.field == field
    assert f"field '{field}'" in str(caught.value)
