"""Evasion perturbations for the robustness report: the same text, disguised.

Each perturbation is seeded and deterministic. They imitate what people type to dodge
filters: leetspeak digits, letters spaced apart, look-alike letters from other scripts, and
emoji between words. The report measures recall on the perturbed positives next to clean.
"""

from __future__ import annotations

import random
from collections.abc import Callable

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у"}
_EMOJI = ["😂", "😉", "🔥", "👀", "😘", "💯"]


def leetspeak(text: str, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "".join(_LEET[c] if c in _LEET and rng.random() < 0.6 else c for c in text)


def spacing(text: str, seed: int = 0) -> str:
    """Space out the letters of about a third of the words (``s e n d``)."""
    rng = random.Random(seed)
    words = text.split(" ")
    return " ".join(
        " ".join(w) if len(w) > 2 and w.isalpha() and rng.random() < 0.33 else w for w in words
    )


def lookalikes(text: str, seed: int = 0) -> str:
    """Swap Latin letters for Cyrillic/Greek look-alikes, about half the time."""
    rng = random.Random(seed)
    return "".join(_LOOKALIKE[c] if c in _LOOKALIKE and rng.random() < 0.5 else c for c in text)


def emoji(text: str, seed: int = 0) -> str:
    """An emoji after about one word in four."""
    rng = random.Random(seed)
    out = []
    for word in text.split(" "):
        out.append(word)
        if rng.random() < 0.25:
            out.append(rng.choice(_EMOJI))
    return " ".join(out)


PERTURBATIONS: dict[str, Callable[[str, int], str]] = {
    "leetspeak": leetspeak,
    "spacing": spacing,
    "lookalikes": lookalikes,
    "emoji": emoji,
}
