"""Every example conversation parses: natively, and through the importers once they exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NATIVE = EXAMPLES / "conversations.jsonl"

_INBOX = "instagram/your_instagram_activity/messages/inbox"

# Conversations per example file: what an importer must find in each.
EXPECTED_PER_FILE = {
    "conversations.jsonl": 5,
    "whatsapp_android_year9_group.txt": 1,
    "whatsapp_android_family.txt": 1,
    "whatsapp_ios_year10_group.txt": 1,
    "whatsapp_ios_connor.txt": 1,
    "discord/ellie_w_fan_club_general.json": 1,
    "discord/the_squad_gaming.json": 1,
    f"{_INBOX}/mayaellis_1183920455172634/message_1.json": 1,
    f"{_INBOX}/sofiagarcia_1197733501826410/message_1.json": 1,
    "telegram/ChatExport_2026-02-20/result.json": 1,
    "platform_export.csv": 4,
    "pan12_style.xml": 2,
}


def test_native_jsonl_parses_with_unique_ids() -> None:
    conversations = [
        read_conversation_line(raw, path=str(NATIVE), line=n) for n, raw in iter_jsonl_lines(NATIVE)
    ]
    assert len(conversations) == EXPECTED_PER_FILE["conversations.jsonl"]
    ids = [c.id for c in conversations]
    assert len(set(ids)) == len(ids)
    for conversation in conversations:
        assert all(m.time is not None for m in conversation.messages)
        times = [m.time for m in conversation.messages]
        assert times == sorted(times), conversation.id


def test_native_attachments_point_at_files_in_the_examples_folder() -> None:
    paths = [
        att.path
        for n, raw in iter_jsonl_lines(NATIVE)
        for m in read_conversation_line(raw, path=str(NATIVE), line=n).messages
        for att in m.attachments
    ]
    assert paths, "at least one native example carries an attachment"
    for path in paths:
        assert path is not None and (EXAMPLES / path).is_file(), path


def test_every_listed_example_file_exists_and_nothing_is_unlisted() -> None:
    for name in EXPECTED_PER_FILE:
        assert (EXAMPLES / name).is_file(), name
    conversation_files = {
        str(p.relative_to(EXAMPLES))
        for p in EXAMPLES.rglob("*")
        if p.is_file() and p.suffix in {".jsonl", ".txt", ".json", ".csv", ".xml"}
    }
    assert conversation_files == set(EXPECTED_PER_FILE)


def test_instagram_examples_keep_the_export_mis_encoding() -> None:
    """Instagram writes UTF-8 bytes as Latin-1 code points; the examples must too."""
    path = EXAMPLES / next(k for k in EXPECTED_PER_FILE if "mayaellis" in k)
    data = json.loads(path.read_text(encoding="ascii"))
    names = {p["name"] for p in data["participants"]}
    assert "Zo\u00c3\u00ab Hart" in names  # "Zoë" as the export spells it
    stamps = [m["timestamp_ms"] for m in data["messages"]]
    assert stamps == sorted(stamps, reverse=True)


def test_every_example_file_reads_through_the_importers() -> None:
    registry = pytest.importorskip("safeguard.importers.registry")
    total = 0
    for name, expected in EXPECTED_PER_FILE.items():
        conversations = list(registry.read_conversations(EXAMPLES / name))
        assert len(conversations) == expected, name
        for conversation in conversations:
            assert len(conversation.messages) >= 5, (name, conversation.id)
        total += len(conversations)
    assert total == 20


def test_importers_undo_the_instagram_mis_encoding_and_keep_attachments() -> None:
    registry = pytest.importorskip("safeguard.importers.registry")
    everyone: set[str] = set()
    attachments = 0
    for name in EXPECTED_PER_FILE:
        for conversation in registry.read_conversations(EXAMPLES / name):
            everyone.update(p.name or p.id for p in conversation.participants)
            attachments += sum(len(m.attachments) for m in conversation.messages)
    assert "Zoë Hart" in everyone
    assert "Zo\u00c3\u00ab Hart" not in everyone
    # shapes.png, three Instagram photos, a Telegram photo and four WhatsApp media lines
    assert attachments >= 9
