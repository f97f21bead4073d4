"""Generated conversations for the batch tests.

Every text is short, invented and non-graphic, written like safeguarding training material.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ORDINARY = (
    "did you finish the maths homework",
    "gg that was a good match",
    "see you at football practice",
    "mum says tea is at six",
    "lol that video was so funny",
    "can you send me the science notes",
    "what time is the bus tomorrow",
    "i got a new puppy, he is so cute",
)
RISKY = (
    "send me a pic, just for me",
    "don't tell your mum about us",
    "you're really mature for your age",
    "what school do you go to",
    "delete our chats after ok",
    "lets meet up saturday, don't tell anyone",
    "add me on snap instead, this app is watched",
    "i'll give you a gift card if you send a photo",
)


def generated_records(count: int, *, seed: int = 11) -> list[dict[str, Any]]:
    """``count`` conversations of 2-12 messages; about a third carry risky lines."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    for n in range(count):
        conv_id = f"gen-{n}"
        people: list[dict[str, Any]] = [{"id": f"kid{n}"}, {"id": f"other{n}"}]
        if rng.random() < 0.5:
            people[0].update(role="child", age=rng.randint(10, 16))
        if rng.random() < 0.3:
            people[1].update(role="adult", age=rng.randint(20, 50), name="Pat")
        risky = rng.random() < 0.35
        messages: list[dict[str, Any]] = []
        for i in range(rng.randint(2, 12)):
            sender = people[i % 2]["id"]
            pool = RISKY if risky and i % 2 == 1 and rng.random() < 0.6 else ORDINARY
            message: dict[str, Any] = {"id": f"{conv_id}-{i + 1}", "sender": sender}
            message["text"] = rng.choice(pool)
            if rng.random() < 0.5:
                message["time"] = f"2026-03-{1 + i % 28:02d}T18:{i % 60:02d}:00Z"
            if rng.random() < 0.05:
                message["attachments"] = [{"type": "audio", "path": f"voice/{n}-{i}.ogg"}]
            messages.append(message)
        record: dict[str, Any] = {"id": conv_id, "participants": people, "messages": messages}
        if rng.random() < 0.7:
            record["platform"] = rng.choice(("chat", "game", "dm"))
        records.append(record)
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]], *, blank_every: int = 0) -> Path:
    """The records as JSON Lines; with ``blank_every``, a blank line after every n-th one."""
    lines: list[str] = []
    for n, record in enumerate(records, start=1):
        lines.append(json.dumps(record))
        if blank_every and n % blank_every == 0:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
