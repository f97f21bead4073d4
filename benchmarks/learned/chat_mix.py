"""A generated chat mix for speed benchmarks: ordinary messages and a few risky ones.

Nothing here comes from the public data sets; the risky lines are short, non-graphic lines
of the kind safeguarding training material uses.
"""

from __future__ import annotations

import random

_SUBJECTS = ["maths", "science", "history", "the match", "the new game", "band practice", "lunch"]
_ORDINARY = [
    "hey how was {s} today",
    "did you finish the {s} homework",
    "lol that was so funny",
    "are you coming to {s} tomorrow",
    "my mum says I can come round after {s}",
    "gg that last round was close",
    "what time does {s} start",
    "I forgot my charger again",
    "can you send me the notes from {s}",
    "haha no way, see you at the bus stop",
    "this exam is killing me honestly",
    "who's playing tonight? I'm on at 7",
    "thanks for helping with {s}",
    "ok cool see you later",
    "did you see the new trailer",
]
_RISKY = [
    "you're so mature for your age, not like the others",
    "are you home alone right now",
    "don't tell your mum about us, it's our secret",
    "send me a pic, just for me",
    "let's talk on another app where nobody can see",
    "I'll send you money for a new phone if you do what I ask",
    "send more or I'll share the photo with your whole school",
    "turn your camera on and do what I tell you",
    "nobody would miss you if you were gone, just do it",
    "I don't want to be here anymore, I've been hurting myself again",
    "everyone hates you, you should just leave school",
    "we could meet at the park on saturday, don't bring anyone",
]


def chat_messages(n: int, risky_share: float = 0.05, seed: int = 7) -> tuple[list[str], list[int]]:
    """``n`` messages and their labels (1 = risky), about ``risky_share`` risky."""
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[int] = []
    for _ in range(n):
        if rng.random() < risky_share:
            texts.append(rng.choice(_RISKY))
            labels.append(1)
        else:
            texts.append(rng.choice(_ORDINARY).format(s=rng.choice(_SUBJECTS)))
            labels.append(0)
    return texts, labels
