"""One small synthetic export per format, for the detection and contract tests.

Every line is invented, ordinary chat, written the way safeguarding training material is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

WHATSAPP_ANDROID = """\
12/03/2026, 18:04 - Messages and calls are end-to-end encrypted. Tap to learn more.
13/03/2026, 18:05 - Dan: hey how was school
13/03/2026, 18:06 - Mia: ok i guess
"""

DISCORD = {
    "guild": {"id": "1", "name": "Year 8 chat"},
    "channel": {"id": "chan-1", "type": "GuildTextChat", "name": "general"},
    "messages": [
        {
            "id": "m1",
            "type": "Default",
            "timestamp": "2026-03-01T18:00:00+00:00",
            "content": "anyone done the maths homework",
            "author": {"id": "u1", "name": "sam", "nickname": "Sam", "isBot": False},
            "attachments": [],
        },
        {
            "id": "m2",
            "type": "Default",
            "timestamp": "2026-03-01T18:01:00+00:00",
            "content": "yeah sending it",
            "author": {"id": "u2", "name": "jo", "nickname": None, "isBot": False},
            "attachments": [],
        },
    ],
}

INSTAGRAM = {
    "participants": [{"name": "Zo\u00c3\u00ab"}, {"name": "Ben"}],
    "messages": [
        {"sender_name": "Ben", "timestamp_ms": 1772388060000, "content": "see you at practice"},
        {"sender_name": "Zo\u00c3\u00ab", "timestamp_ms": 1772388000000, "content": "hi"},
    ],
    "title": "Ben",
    "thread_path": "inbox/ben_123",
}

TELEGRAM = {
    "name": "Leah",
    "type": "personal_chat",
    "id": 42,
    "messages": [
        {
            "id": 1,
            "type": "message",
            "date": "2026-02-15T19:20:00",
            "from": "Dre",
            "from_id": "user7",
            "text": "hi",
        },
        {
            "id": 2,
            "type": "message",
            "date": "2026-02-15T19:21:00",
            "from": "Leah",
            "from_id": "user8",
            "text": "hey",
        },
    ],
}

CSV = """\
conversation_id,message_id,sender,text,time
c1,c1-1,tom,u online?,2026-02-03T21:15:00Z
c1,c1-2,lily,ye just finished homework,2026-02-03T21:17:00Z
"""

PAN12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<conversations>
<conversation id="conv-a">
<message line="1"><author>aaa</author><time>03:20</time><text>hello</text></message>
<message line="2"><author>bbb</author><time>03:21</time><text>hi there</text></message>
</conversation>
</conversations>
"""

JSONL = (
    '{"id": "c42", "platform": "chat", "participants": [{"id": "mia", "role": "child", '
    '"age": 12}, {"id": "dan_x"}], "messages": [{"id": "c42-1", "sender": "dan_x", '
    '"time": "2026-03-01T18:00:00Z", "text": "hey"}]}\n'
)

# format -> (file name, file content): one export each, all with readable text.
SAMPLES: dict[str, tuple[str, str]] = {
    "jsonl": ("conversations.jsonl", JSONL),
    "whatsapp": ("WhatsApp Chat with Dan.txt", WHATSAPP_ANDROID),
    "discord": ("general.json", json.dumps(DISCORD, indent=2)),
    "instagram": ("message_1.json", json.dumps(INSTAGRAM, indent=2)),
    "telegram": ("result.json", json.dumps(TELEGRAM, indent=1)),
    "csv": ("export.csv", CSV),
    "pan12": ("pan12.xml", PAN12),
}

Writer = Callable[[str, str | bytes], Path]


@pytest.fixture
def samples() -> dict[str, tuple[str, str]]:
    """format -> (file name, content) of one small valid export."""
    return SAMPLES


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """Write a file (text as UTF-8, or bytes) under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def write_sample(write: Writer) -> Callable[[str], Path]:
    """Write the sample export of a format and return its path."""

    def _write_sample(fmt: str) -> Path:
        name, content = SAMPLES[fmt]
        return write(name, content)

    return _write_sample
