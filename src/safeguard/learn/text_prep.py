"""The text the learned models read: the core normaliser's output without emoji.

The core normaliser turns a curated set of emoji into words (good for phrase rules). For the
learned models that backfires: in the training data laughing and kissing faces sit mostly on
the negative side (r/teenagers posts in the suicide set), so "I want to die" followed by an
emoji read as harmless (robustness report: recall 0.75 -> 0.09). Texts with non-ASCII
characters are therefore normalised again without the emoji table, and the remaining
pictographic symbols are dropped before the learned models score.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from functools import lru_cache

from safeguard.core.normaliser import NormalisationTables, default_tables, normalise


@lru_cache(maxsize=1)
def _tables_without_emoji() -> NormalisationTables:
    return replace(default_tables(), emoji={})


@lru_cache(maxsize=4096)
def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Mn", "Cf")


def model_text(normalised: str, original: str | None = None) -> str:
    """Normalised text with emoji and other pictographic symbols removed, spaces tidied.

    With ``original`` (the text as written), a non-ASCII text is re-normalised without the
    emoji-to-word table first.
    """
    if original is not None and not original.isascii():
        normalised = normalise(original, _tables_without_emoji()).text
    if normalised.isascii():
        return normalised.strip()
    return " ".join("".join(c for c in normalised if not _is_symbol(c)).split())
