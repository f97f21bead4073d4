"""The registry: format names, detection, input discovery, and the contract every importer keeps."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import safeguard.importers as importers_package
from safeguard.core.conversation_json import dumps_conversation, read_conversation_line
from safeguard.core.errors import InputError, RecordError, UnknownFormatError
from safeguard.importers.base import HEAD_BYTES
from safeguard.importers.registry import (
    FORMAT_NAMES,
    all_importers,
    detect_format,
    discover_inputs,
    get_importer,
    read_conversations,
)

Write = Callable[[str, str | bytes], Path]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_format_names_match_the_importers_in_order() -> None:
    assert FORMAT_NAMES == ("jsonl", "whatsapp", "discord", "instagram", "telegram", "csv", "pan12")
    assert tuple(all_importers()) == FORMAT_NAMES
    assert all(all_importers()[name].name == name for name in FORMAT_NAMES)


def test_package_exports_what_it_lists() -> None:
    assert sorted(importers_package.__all__) == sorted(
        name for name in importers_package.__all__ if hasattr(importers_package, name)
    )
    assert "read_conversations" in importers_package.__all__


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_when_sample_of_a_format_then_only_its_importer_claims_it(
    write_sample: Callable[[str], Path], fmt: str
) -> None:
    path = write_sample(fmt)
    head = path.read_bytes()[:HEAD_BYTES]
    claimed = [name for name, importer in all_importers().items() if importer.detect(path, head)]
    assert claimed == [fmt]
    assert detect_format(path) == fmt


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_importer_keeps_the_contract(write_sample: Callable[[str], Path], fmt: str) -> None:
    """Source set, unique ids, unknown roles unless the format carries them, JSONL round trip."""
    path = write_sample(fmt)
    conversations = list(read_conversations(path))
    assert conversations
    assert len({c.id for c in conversations}) == len(conversations)
    for conversation in conversations:
        assert conversation.source == str(path)
        ids = [m.id for m in conversation.messages]
        assert len(set(ids)) == len(ids) > 0
        assert set(conversation.sender_ids) >= {m.sender for m in conversation.messages}
        if fmt not in ("jsonl", "csv"):
            assert all(p.role.value == "unknown" for p in conversation.participants)
        line = dumps_conversation(conversation).encode()
        again = read_conversation_line(line, path=str(path), line=1)
        assert again == conversation


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", "Shopping: milk, eggs\nRemember the dentist\n"),
        ("settings.json", '{"theme": "dark", "messages": []}'),
        ("other.xml", '<?xml version="1.0"?><catalog><book/></catalog>'),
        ("table.csv", "name,score\nsam,3\n"),
        ("empty.txt", ""),
        ("likes.json", '{"likes_media_likes": [{"title": "someone"}]}'),
    ],
)
def test_when_file_is_no_chat_export_then_unknown_format_names_it_and_lists_formats(
    write: Write, name: str, content: str
) -> None:
    path = write(name, content)
    with pytest.raises(UnknownFormatError) as caught:
        detect_format(path)
    message = str(caught.value)
    assert str(path) in message
    assert all(fmt in message for fmt in FORMAT_NAMES)
    with pytest.raises(UnknownFormatError):
        read_conversations(path)


_INBOX = "instagram/your_instagram_activity/messages/inbox"
EXAMPLE_FORMATS = {
    "conversations.jsonl": "jsonl",
    "whatsapp_android_family.txt": "whatsapp",
    "whatsapp_ios_connor.txt": "whatsapp",
    "discord/the_squad_gaming.json": "discord",
    f"{_INBOX}/sofiagarcia_1197733501826410/message_1.json": "instagram",
    "telegram/ChatExport_2026-02-20/result.json": "telegram",
    "platform_export.csv": "csv",
    "pan12_style.xml": "pan12",
}


@pytest.mark.parametrize(("name", "fmt"), EXAMPLE_FORMATS.items())
def test_when_repository_example_then_detected_as_its_format(name: str, fmt: str) -> None:
    if not (EXAMPLES / name).is_file():
        pytest.skip("example file not in this checkout")
    assert detect_format(EXAMPLES / name) == fmt


def test_when_example_attachment_paths_then_they_resolve_beside_the_source() -> None:
    folder = (
        EXAMPLES / "instagram/your_instagram_activity/messages/inbox/sofiagarcia_1197733501826410"
    )
    if not folder.is_dir():
        pytest.skip("example folder not in this checkout")
    [conversation] = read_conversations(folder / "message_1.json")
    paths = [a.path for m in conversation.messages for a in m.attachments if a.path]
    assert paths
    assert all((Path(str(conversation.source)).parent / p).is_file() for p in paths)


def test_when_directory_then_detected_files_sorted_and_media_hidden_and_unknown_skipped(
    write_sample: Callable[[str], Path], write: Write, tmp_path: Path
) -> None:
    for fmt in FORMAT_NAMES:
        write_sample(fmt)
    write("photos/IMG-0001.jpg", b"\xff\xd8\xff")
    write("voice.opus", b"OggS")
    write(".hidden.jsonl", '{"id": "h", "messages": []}\n')
    write(".git/config.txt", "12/03/2026, 18:04 - Dan: hidden folder\n")
    write("readme.txt", "Not an export\n")
    write("nested/deeper/chat.txt", "12/03/2026, 18:04 - Dan: hey\n")
    found = discover_inputs([tmp_path])
    assert found == sorted(found)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == sorted(
        [
            "WhatsApp Chat with Dan.txt",
            "conversations.jsonl",
            "export.csv",
            "general.json",
            "message_1.json",
            "nested/deeper/chat.txt",
            "pan12.xml",
            "result.json",
        ]
    )


def test_when_files_named_directly_then_kept_unless_media(write: Write) -> None:
    notes = write("notes.txt", "not an export")
    picture = write("photo.png", b"\x89PNG")
    chat = write("chat.txt", "12/03/2026, 18:04 - Dan: hey\n")
    assert discover_inputs([notes, picture, chat, chat]) == [notes, chat]


def test_when_format_given_then_directory_keeps_that_formats_file_endings(
    write: Write, tmp_path: Path
) -> None:
    custom = write("a/thread.csv", "from,body\nsam,hi\n")
    write("a/chat.txt", "12/03/2026, 18:04 - Dan: hey\n")
    assert discover_inputs([tmp_path / "a"]) == [tmp_path / "a/chat.txt"]
    assert discover_inputs([tmp_path / "a"], format="csv") == [custom]


def test_when_path_missing_then_input_error_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "chat.txt"
    with pytest.raises(InputError, match="no such file or directory") as caught:
        discover_inputs([missing])
    assert str(missing) in str(caught.value)
    with pytest.raises(InputError, match=str(missing)):
        read_conversations(missing)


def test_when_directory_read_as_file_then_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a file"):
        read_conversations(tmp_path)
    with pytest.raises(InputError, match="is a directory"):
        detect_format(tmp_path)


def test_when_format_name_unknown_then_input_error_lists_names(
    write_sample: Callable[[str], Path],
) -> None:
    with pytest.raises(InputError, match="unknown format 'slack'; expected one of jsonl,"):
        get_importer("slack")
    with pytest.raises(InputError, match="unknown format"):
        read_conversations(write_sample("csv"), format="slack")


def test_when_format_forced_then_used_instead_of_detection(write: Write) -> None:
    path = write("thread.csv", "from,body\nsam,hi\n")
    with pytest.raises(UnknownFormatError):
        detect_format(path)
    options: Any = importers_package.ImportOptions(
        csv_columns=importers_package.CsvColumns.from_spec("sender=from,text=body")
    )
    [conversation] = read_conversations(path, format="csv", options=options)
    assert conversation.messages[0].text == "hi"


def test_when_skip_bad_without_handler_then_skips_are_logged_not_silent(
    write: Write, caplog: pytest.LogCaptureFixture
) -> None:
    path = write("c.csv", "sender,text,time\nsam,hi,never\njo,ok,\n")
    with caplog.at_level(logging.WARNING, logger="safeguard.importers"):
        [conversation] = read_conversations(path, skip_bad=True)
    assert [m.text for m in conversation.messages] == ["ok"]
    assert any(f"{path}:2" in record.getMessage() for record in caplog.records)


def test_when_not_skipping_then_first_bad_record_raises(write: Write) -> None:
    path = write("c.csv", "sender,text,time\nsam,hi,never\njo,ok,\n")
    with pytest.raises(RecordError):
        list(read_conversations(path))
