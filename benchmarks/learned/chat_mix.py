"""A generated chat mix for speed benchmarks: ordinary messages and a few risky ones.

Nothing here comes from the public data sets; the risky lines are short, non-graphic lines
of the kind safeguarding training material uses.
"""

from __future__ import annotations

import random

_SUBJECTS = [
    "maths",
    "science",
    "history",
    "french",
    "the match",
    "the new game",
    "band practice",
    "lunch",
    "drama club",
    "football",
    "the school trip",
    "art",
]
_NAMES = ["sam", "priya", "leo", "maya", "tom", "aisha", "jack", "zara", "ben", "ella"]
_TIMES = ["7", "half 4", "after school", "tonight", "tomorrow", "at the weekend", "on monday"]
_ORDINARY = [
    "hey how was {s} today",
    "did you finish the {s} homework",
    "lol that was so funny",
    "are you coming to {s} {t}",
    "my mum says I can come round after {s}",
    "gg that last round was close",
    "what time does {s} start",
    "I forgot my charger again",
    "can you send me the notes from {s}",
    "haha no way, see you at the bus stop",
    "this exam is killing me honestly",
    "who's playing tonight? I'm on at {t}",
    "thanks for helping with {s}",
    "ok cool see you later",
    "did you see the new trailer",
    "{n} is coming to {s} too",
    "did {n} tell you about {s}",
    "I got {k} out of 20 on the {s} test",
    "meet you by the gate {t}?",
    "can't, I've got {s} {t}",
    "bring your headphones for {s}",
    "wanna play {t}? I'm on level {k}",
    "{n} said the {s} teacher is off sick",
    "we're getting pizza after {s}",
    "my phone is on {k} percent lol",
    "are we doing the {s} project together",
    "omg {n} just fell off the bench",
    "I'll ask my dad if I can come {t}",
    "which bus are you getting {t}",
    "have you done question {k} yet",
    "the wifi is so slow today",
    "happy birthday {n}!!",
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
            template = rng.choice(_ORDINARY)
            texts.append(
                template.format(
                    s=rng.choice(_SUBJECTS),
                    n=rng.choice(_NAMES),
                    t=rng.choice(_TIMES),
                    k=rng.randint(1, 99),
                )
            )
            labels.append(0)
    return texts, labels
