"""Seeded, varied synthetic conversations for comparing the fast scan path with the reference.

Messages mix the realistic sets and examples (read at run time), short safeguarding-training
phrases, and the shapes the fast path treats specially: leetspeak, spaced-out letters, number
words, phone numbers, e-mails, handles, schools, links (one adult host from the shipped list),
look-alike letters, emoji, control characters and the separator character itself.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from safeguard.core.conversation import Conversation
from safeguard.core.conversation_json import (
    conversation_from_dict,
    iter_jsonl_lines,
    read_conversation_line,
)
from safeguard.core.detectors.adult_domain_detector import default_domain_lists

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    ROOT / "examples" / "conversations.jsonl",
    ROOT / "benchmarks" / "data" / "realistic_dev.jsonl",
    ROOT / "benchmarks" / "data" / "realistic_holdout.jsonl",
)

PHRASES = (
    "send me a pic, just for me",
    "don't tell your mum",
    "s e n d  m e  a  p i c",
    "S3nd m3 a p1c",
    "u r a legend",
    "i'm a bit tired",
    "oh seven seven double nine one two three four five six",
    "my number is 07700 900123",
    "call me on +44 7700 900 123",
    "my email is kid_99@example.org",
    "add me on snap its more private, my snap is cool_kid.09",
    "i go to st marys high school",
    "my school is greenfield academy",
    "we live at 14 acacia road",
    "postcode SW1A 1AA",
    "\u0455\u0435nd nudes",
    "\U0001f92b dont tell",
    "see you at 5pm",
    "no one likes you",
    "one two three",
    "x'one'two'three",
    "nine, eight, seven, six",
    "\u2160 am \u00c5ngel",
    "big night",
    "disc golf",
    "IG: the_real_one1",
    "SC is fun",
    "Kik me",
    "ok.see you",
    "check example.org/page",
    "\x01hidden\x02",
    "a\x00b",
    "",
    "!!!",
    "'",
    "\u200bzero\u200b width",
    "pleeeease",
    "13yo",
    "\u212aik me",  # Kelvin sign: a case variant of k
    "my \u017fchool is greenfield academy",  # long s
    "\uff33\uff23 is fun",  # full-width letters
    "call 07700 900123 \U0001f4f1",
    "my snap is cool_kid.09 \U0001f618",
    "\u0663\u0664\u0665 \u0666\u0667\u0668 \u0669\u0660\u0661\u0662",  # Arabic-Indic digits
    "ÉCOLE \U0001f3eb SW1A 1AA",
    "one\u0301 two three",  # a combining mark after a number word
)


def _source_texts() -> list[str]:
    texts: list[str] = []
    for path in SOURCES:
        if not path.exists():
            continue
        for number, raw in iter_jsonl_lines(path):
            conversation = read_conversation_line(raw, path=str(path), line=number)
            texts.extend(m.text for m in conversation.messages)
    return texts


def varied_texts(rng: random.Random) -> Iterator[str]:
    """An endless stream of message texts."""
    texts = _source_texts() or list(PHRASES)
    blocked = sorted(default_domain_lists().blocked_hosts)
    host = blocked[len(blocked) // 2] if blocked else "example.org"
    while True:
        roll = rng.random()
        if roll < 0.45:
            yield rng.choice(texts)
        elif roll < 0.75:
            yield rng.choice(PHRASES)
        elif roll < 0.8:
            yield f"look at {host}/x{rng.randint(0, 99)}"
        elif roll < 0.9:
            a, b = rng.choice(texts), rng.choice(PHRASES)
            yield a[: rng.randint(0, len(a))] + rng.choice([" ", "", ".", "\n"]) + b
        else:
            yield rng.choice(PHRASES).upper()


def varied_conversations(count: int, seed: int = 11) -> list[Conversation]:
    """``count`` conversations of 0 to 30 messages between two or three people."""
    rng = random.Random(seed)
    texts = varied_texts(rng)
    out: list[Conversation] = []
    for n in range(count):
        people = ["kid", "other", "third"][: rng.randint(2, 3)]
        roles = rng.choice([{}, {"kid": "child"}, {"kid": "child", "other": "adult"}])
        record = {
            "id": f"g{n}",
            "participants": [
                {"id": p, **({"role": roles[p]} if p in roles else {})} for p in people
            ],
            "messages": [
                {"sender": rng.choice(people), "text": next(texts)}
                for _ in range(rng.randint(0, 30))
            ],
        }
        out.append(conversation_from_dict(record))
    return out
