"""Normalise chat text against evasion, keeping a map back to what was actually written.

The normalised form is lower-case words separated by single spaces, with a space at each end
(`` send me a pic ``), so that lexicon phrases match on whole words. On the way it:

- applies Unicode NFKD and drops combining marks, zero-width and control characters;
- maps look-alike letters from other scripts and a curated emoji set to words;
- decodes leetspeak (``s3nd p1c``), joins spaced-out letters (``s e n d``), collapses
  letters repeated three or more times (``pleeease``);
- expands chat abbreviations (``asl``, ``wyd``, ``u``, ``r``) and canonicalises image words;
- turns runs of spelled-out digits (``oh seven seven double nine``) into digits.

Every normalised word remembers the span of original text it came from, so evidence quotes
the original. Offsets are computed lazily: most messages never need them.

:func:`normalise_joined` normalises a whole conversation in one pass (the scan's hot path) and
returns exactly what :func:`normalise` gives each message, joined by :data:`SEPARATOR`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple, cast

from safeguard.core.datafile_reader import safe_load_yaml
from safeguard.core.errors import DataFileError

_TOKEN = re.compile(r"[a-z0-9@$_]+(?:[!|+'][a-z0-9@$_]+)*|[^\x00-\x7f\s]")
SEPARATOR = "\x00"
"""Joins the messages of :func:`normalise_joined`; never part of a normalised message."""
_TOKEN_OR_SEPARATOR = re.compile(_TOKEN.pattern + "|\x00")
_SPACED = re.compile(r"(?<![a-z0-9])[a-z](?:[^a-z0-9]{1,2}[a-z](?![a-z0-9])){2,}")
_TRIPLE = re.compile(r"([a-z])\1{2,}")
_AGE_SUFFIX = re.compile(r"^(\d{1,2})(yo|yrs|yr|y|f|m)$")
_DIGITS_THEN_LETTERS = re.compile(r"^\d+[a-z]{0,3}$")
_ZERO_WIDTH = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
)
_LEET_CHARS = frozenset("01345789@$!|+")


@dataclass(frozen=True, slots=True, eq=False)
class NormalisationTables:
    """The versioned tables of ``data/normalisation.yaml``."""

    version: int
    abbreviations: dict[str, tuple[str, ...]]
    leet: dict[int, str]
    confusables: dict[str, str]
    emoji: dict[str, str]
    number_words: dict[str, str]


def _require_str_map(data: dict[str, Any], key: str) -> dict[str, str]:
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        raise DataFileError(f"normalisation.yaml: '{key}' must be a non-empty mapping")
    out: dict[str, str] = {}
    for k, v in table.items():
        if not isinstance(v, str) or not str(k):
            raise DataFileError(f"normalisation.yaml: '{key}.{k}' must map to a string")
        out[str(k)] = v
    return out


def load_tables(text: str) -> NormalisationTables:
    """Validate and build normalisation tables from YAML text."""
    data = safe_load_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise DataFileError("normalisation.yaml: expected a mapping with an integer 'version'")
    abbreviations = {
        k.lower(): tuple(v.split()) for k, v in _require_str_map(data, "abbreviations").items()
    }
    leet = {ord(k): v for k, v in _require_str_map(data, "leet").items() if len(k) == 1}
    confusables = _require_str_map(data, "confusables")
    emoji = _require_str_map(data, "emoji")
    for ch in list(emoji):
        # Emoji often arrive with a variation selector; match the base character.
        emoji[ch.rstrip("\ufe0f")] = emoji[ch]
    return NormalisationTables(
        version=data["version"],
        abbreviations=abbreviations,
        leet=leet,
        confusables=confusables,
        emoji=emoji,
        number_words=_require_str_map(data, "number_words"),
    )


@lru_cache(maxsize=1)
def default_tables() -> NormalisationTables:
    """The packaged tables, loaded once on first use."""
    text = resources.files("safeguard.data").joinpath("normalisation.yaml").read_text("utf-8")
    return load_tables(text)


class _Word(NamedTuple):
    text: str
    start: int
    end: int


class NormalisedText:
    """A message's normalised text with a lazily built map back to the original.

    ``plain`` tells that the original is ASCII and needs no word-by-word path (as
    :func:`normalise_joined` finds out), which saves testing it again for the map.
    """

    __slots__ = ("_plain", "_spans", "original", "text")

    def __init__(self, original: str, text: str, *, plain: bool = False) -> None:
        self.original = original
        self.text = text
        self._plain = plain
        self._spans: list[tuple[int, int, int, int]] | None = None

    def __repr__(self) -> str:
        return f"NormalisedText({self.text!r})"

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of original text behind normalised characters ``start:end``."""
        spans = self._word_spans()
        first: int | None = None
        last: int | None = None
        # Words are in normalised order, each ending before the next starts: begin with the
        # last word starting before ``start`` and stop at the first starting at ``end``.
        at = bisect_left(spans, (start,)) - 1
        for norm_start, norm_end, orig_start, orig_end in spans[max(at, 0) :]:
            if norm_start >= end:
                break
            if norm_end <= start:
                continue
            first = orig_start if first is None else min(first, orig_start)
            last = orig_end if last is None else max(last, orig_end)
        if first is None or last is None:
            return (0, 0)
        return (first, last)

    def original_quote(self, start: int, end: int) -> str:
        """The original text behind normalised characters ``start:end``."""
        a, b = self.original_span(start, end)
        return self.original[a:b]

    def _word_spans(self) -> list[tuple[int, int, int, int]]:
        """(normalised start, normalised end, original start, original end) of each word."""
        if self._spans is None:
            t = default_tables()
            starts: list[tuple[int, int, int]] = []
            pos = 1
            folded = self.original.lower()
            if self._plain or (self.original.isascii() and not _may_need_slow_path(folded, t)):
                # Fast path: each token's words map back to the token's own span.
                cache = _word_cache(t)
                for m in _TOKEN.finditer(folded):
                    tok = m.group()
                    words = cache[tok] if tok in cache else _decode_word(tok, t)
                    span = m.span()
                    if " " not in words:
                        starts.append((pos, *span))
                        pos += len(words) + 1
                        continue
                    for part in words.split(" "):
                        starts.append((pos, *span))
                        pos += len(part) + 1
            else:
                for word in _normalise_words(self.original, t, with_offsets=True):
                    starts.append((pos, word.start, word.end))
                    pos += len(word.text) + 1
            text = self.text
            size = len(text)
            self._spans = [
                (a, size if (e := text.find(" ", a)) < 0 else e, b, c) for a, b, c in starts
            ]
        return self._spans


def normalise(text: str, tables: NormalisationTables | None = None) -> NormalisedText:
    """Normalise ``text`` for matching; see the module docstring for what that does."""
    t = tables or default_tables()
    folded = text.lower() if text.isascii() else text.translate(_fold_table(t))
    if _needs_slow_path(folded, t):
        words = [w.text for w in _normalise_words(text, t, with_offsets=False)]
    else:
        cache = _word_cache(t)
        words = [
            cache[tok] if tok in cache else _decode_word(tok, t) for tok in _TOKEN.findall(folded)
        ]
    if not words:
        return NormalisedText(text, " ")
    return NormalisedText(text, " " + " ".join(words) + " ")


def _needs_slow_path(folded: str, t: NormalisationTables) -> bool:
    """Whether spaced-out letters or spelled-out digits need the word-by-word path."""
    return _slow_path_pattern(t).search(folded) is not None


@lru_cache(maxsize=4)
def _slow_path_pattern(t: NormalisationTables) -> re.Pattern[str]:
    names = "|".join(sorted([*t.number_words, "double", "triple"], key=len, reverse=True))
    numbers = rf"\b(?:{names})\b(?:\W+\b(?:{names}|\d+)\b){{2,}}"
    return re.compile(f"{_SPACED.pattern}|{numbers}")


_CACHES: dict[int, dict[str, str]] = {}
_CACHE_LIMIT = 200_000


def _word_cache(t: NormalisationTables) -> dict[str, str]:
    cache = _CACHES.get(id(t))
    if cache is None:
        cache = _CACHES[id(t)] = {}
    return cache


# -- whole conversations -------------------------------------------------------------------
#
# normalise_joined must equal SEPARATOR.join(normalise(text).text ...). Messages are joined by
# " \x00 " (spaces and the separator are no token's characters, so tokens do not change) and
# the whole conversation is folded and cut into words in one pass:
#
# - ASCII text is cut at every character no token contains into "pieces" (str.translate and
#   str.split, at C speed). A piece's tokens are _TOKEN.findall(piece), so a piece stands for
#   its decoded tokens; _PIECES caches that per piece (a piece with no token, such as "!!",
#   stands for _NOTHING, removed after joining). Other text goes token by token as normalise
#   does.
# - The only part of normalise that looks beyond one token is the slow-path test (spaced-out
#   letters, spelled-out digits). It is replaced by two exact pre-tests on the whole
#   conversation, and every message they cannot clear is tested, and if need be normalised,
#   alone:
#   - spaced-out letters need three letters, each with no letter or digit either side, one or
#     two characters apart. Mapping letters to "a", digits to "0" and everything else to " "
#     (the "shape"), that is a match of _SPACED_SHAPE.
#   - spelled-out digits start with a number word standing as a whole word. Such a word lies in
#     one token, alone or next to a non-word token character (@ $ ! | + '), so its token, and
#     the piece holding it, are "number" tokens and pieces. Every token and piece is recorded
#     in _NUMBER_KEYS when it is first decoded (the caches are filled only then), so "none of
#     the pieces or tokens is recorded" clears the whole conversation.

_JOIN = " \x00 "
_NOTHING = "\x01"  # no decoded word contains it: tokens are word characters or non-ASCII
_PIECE_TABLE = {
    i: chr(i) if chr(i) in "abcdefghijklmnopqrstuvwxyz0123456789@$_!|+'\x00" else " "
    for i in range(128)
}
_SHAPE = bytes(
    ord("a") if 97 <= i <= 122 else ord("0") if 48 <= i <= 57 else ord(" ") for i in range(256)
)
_SPACED_SHAPE = re.compile(rb" a  ?a  ?a ")
_NON_WORD_TOKEN_CHARS = re.compile(r"[@$!|+']")
_PIECES: dict[int, dict[str, str]] = {}
_NUMBER_KEYS: dict[int, set[str]] = {}


def normalise_joined(
    texts: Sequence[str],
    tables: NormalisationTables | None = None,
    *,
    slow: set[int] | None = None,
) -> str:
    """``SEPARATOR.join(normalise(text).text for text in texts)``, in one pass.

    With ``slow``, the indexes of the messages that may need the word-by-word path (spaced-out
    letters, spelled-out digits) are added to it; the others certainly do not.
    """
    t = tables or default_tables()
    if not texts:
        return ""
    joined = _JOIN.join(texts)
    if joined.count(SEPARATOR) != len(texts) - 1:  # a message holds the separator itself
        if slow is not None:
            slow.update(range(len(texts)))
        return SEPARATOR.join(normalise(text, t).text for text in texts)
    if joined.isascii():
        folded = joined.lower()
    else:
        table = _fold_table(t)
        folded = _JOIN.join(
            text.lower() if text.isascii() else text.translate(table) for text in texts
        )
    keys = folded.translate(_PIECE_TABLE).split()
    pieces = _piece_cache(t)
    found = list(map(pieces.get, keys))
    if None in found:
        words = [
            _decode_piece(key, t) if word is None else word
            for key, word in zip(keys, found, strict=True)
        ]
    else:
        words = cast(list[str], found)
    if not words:  # one message without a word: normalise gives one space
        return " "
    result = " " + " ".join(words) + " "
    if _NOTHING in result:
        result = result.replace(" " + _NOTHING, "")
    suspects = _slow_path_suspects(folded, keys, t)
    if not suspects:
        return result
    parts = result.split(SEPARATOR)
    for index in suspects:
        text = texts[index]
        own = text.lower() if text.isascii() else text.translate(_fold_table(t))
        if _needs_slow_path(own, t):
            parts[index] = normalise(text, t).text
            if slow is not None:
                slow.add(index)
    return SEPARATOR.join(parts)


def _piece_cache(t: NormalisationTables) -> dict[str, str]:
    cache = _PIECES.get(id(t))
    if cache is None:
        cache = _PIECES[id(t)] = {}
    return cache


def _decode_piece(piece: str, t: NormalisationTables) -> str:
    """The normalised words of one ASCII piece (see above); cached per table."""
    tokens = _TOKEN_OR_SEPARATOR.findall(piece)
    if tokens:
        cache = _word_cache(t)
        result = " ".join(cache[tok] if tok in cache else _decode_word(tok, t) for tok in tokens)
    else:
        result = _NOTHING
    if not _number_keys(t).isdisjoint(tokens):
        _number_keys(t).add(piece)
    pieces = _piece_cache(t)
    if len(pieces) < _CACHE_LIMIT:
        pieces[piece] = result
    return result


@lru_cache(maxsize=4)
def _number_names(t: NormalisationTables) -> frozenset[str]:
    return frozenset([*t.number_words, "double", "triple"])


def _is_number_token(token: str, t: NormalisationTables) -> bool:
    """Whether a number word stands as a whole word somewhere in ``token``."""
    names = _number_names(t)
    if token in names:
        return True
    return any(part in names for part in _NON_WORD_TOKEN_CHARS.split(token))


def _number_keys(t: NormalisationTables) -> set[str]:
    found = _NUMBER_KEYS.get(id(t))
    if found is None:
        found = _NUMBER_KEYS[id(t)] = set(_number_names(t))
    return found


def _slow_path_suspects(folded: str, keys: list[str], t: NormalisationTables) -> list[int]:
    """Indexes of the messages that may need the word-by-word path (a superset)."""
    starts: list[int] | None = None
    suspects: set[int] = set()
    # A non-ASCII character is one "?" byte, so shape[i] is folded[i - 1] (one leading space).
    shape = f" {folded} ".encode("ascii", "replace").translate(_SHAPE)
    found = _SPACED_SHAPE.search(shape)
    while found is not None:
        if starts is None:
            starts = _starts(folded)
        # The first letter is folded[at], the last folded[end - 3].
        at, end = found.span()
        suspects.update(range(bisect_right(starts, at) - 1, bisect_right(starts, end - 3)))
        found = _SPACED_SHAPE.search(shape, at + 1)
    numbers = _number_keys(t)
    if not numbers.isdisjoint(keys):
        if starts is None:
            starts = _starts(folded)
        for key in numbers.intersection(keys):
            at = folded.find(key)
            while at >= 0:
                suspects.add(bisect_right(starts, at) - 1)
                at = folded.find(key, at + 1)
    return sorted(suspects)


def _may_need_slow_path(folded: str, t: NormalisationTables) -> bool:
    """``_needs_slow_path`` for one text, answered by the pre-tests when they clear it."""
    pieces = folded.translate(_PIECE_TABLE).split()
    cache = _piece_cache(t)
    for piece in pieces:
        if piece not in cache:
            _decode_piece(piece, t)  # records number pieces
    if _number_keys(t).isdisjoint(pieces):
        shape = f" {folded} ".encode("ascii", "replace").translate(_SHAPE)
        if _SPACED_SHAPE.search(shape) is None:
            return False
    return _needs_slow_path(folded, t)


def _starts(joined: str) -> list[int]:
    """Where each message of a text joined by SEPARATOR starts (just after a separator)."""
    starts = [0]
    at = joined.find(SEPARATOR)
    while at >= 0:
        starts.append(at + 1)
        at = joined.find(SEPARATOR, at + 1)
    return starts


def _decode_word(token: str, t: NormalisationTables) -> str:
    """The normalised word(s) for one raw token, space-separated; cached per table."""
    cache = _word_cache(t)
    result = " ".join(_expand_token(token.replace("'", ""), t))
    if _is_number_token(token, t):
        _number_keys(t).add(token)
    if len(cache) < _CACHE_LIMIT:
        cache[token] = result
    return result


def _expand_token(token: str, t: NormalisationTables) -> tuple[str, ...]:
    abbreviations = t.abbreviations
    expansion = abbreviations.get(token)
    if expansion is not None:
        return expansion
    token = _decode_token(token, t)
    expansion = abbreviations.get(token)
    if expansion is not None:
        return expansion
    age = _AGE_SUFFIX.match(token)
    if age:
        if age.group(2) in ("yo", "yrs", "yr", "y"):
            return (age.group(1), "years", "old")
        return (age.group(1), age.group(2))
    return (token,)


class _FoldTable(dict[int, str | None]):
    """A ``str.translate`` table that folds each character on first sight (see _fold_non_ascii)."""

    def __init__(self, t: NormalisationTables) -> None:
        super().__init__()
        self._t = t

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        if ch in _ZERO_WIDTH or ch == "\ufe0f":
            value: str | None = None
        elif ch in self._t.emoji:
            value = " " + self._t.emoji[ch] + " "
        else:
            value = _fold_char(ch, self._t.confusables)
        if len(self) < _CACHE_LIMIT:
            self[code] = value
        return value


_FOLD_TABLES: dict[int, _FoldTable] = {}


def _fold_table(t: NormalisationTables) -> _FoldTable:
    table = _FOLD_TABLES.get(id(t))
    if table is None:
        table = _FOLD_TABLES[id(t)] = _FoldTable(t)
    return table


def _fold_non_ascii(text: str, t: NormalisationTables) -> tuple[str, list[int]]:
    """Fold a non-ASCII string as ``normalise`` does, with a per-character origin map."""
    table = _fold_table(t)
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = table[ord(ch)]
        if folded:
            out.append(folded)
            origin.extend([i] * len(folded))
    return "".join(out), origin


@lru_cache(maxsize=8192)
def _fold_char_cached(ch: str, confusable: str | None) -> str:
    if confusable is not None:
        return confusable
    category = unicodedata.category(ch)
    if category.startswith("C") or category in ("Zl", "Zp"):
        return " " if ch in "\n\r\t\v\f" else ""
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.lower()


def _fold_char(ch: str, confusables: dict[str, str]) -> str:
    low = ch.lower()
    return _fold_char_cached(ch, confusables.get(ch) or confusables.get(low))


def _normalise_words(text: str, t: NormalisationTables, *, with_offsets: bool) -> list[_Word]:
    if text.isascii():
        folded = text.lower()
        origin: list[int] | None = None
    else:
        folded, origin = _fold_non_ascii(text, t)
        # Folding can produce characters NFKD left non-ASCII (e.g. CJK); they stay as tokens.
    raw = [_Word(m.group().replace("'", ""), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    raw = _join_spaced_letters(raw, t)
    if with_offsets and origin is not None:
        raw = [_Word(w.text, origin[w.start], origin[w.end - 1] + 1) for w in raw]
    words: list[_Word] = []
    for w in raw:
        words.extend(_Word(part, w.start, w.end) for part in _expand_token(w.text, t))
    return _join_number_words(words, t)


def _decode_token(token: str, t: NormalisationTables) -> str:
    """Leetspeak and repeated letters within one token."""
    if not token.isalpha() and not token.isdigit() and "_" not in token:
        has_letter = any("a" <= c <= "z" for c in token)
        if (
            has_letter
            and not _DIGITS_THEN_LETTERS.match(token)
            and any(c in _LEET_CHARS for c in token)
        ):
            token = token.translate(t.leet)
    if _TRIPLE.search(token):
        token = _TRIPLE.sub(r"\1", token)
    return token


def _join_spaced_letters(words: list[_Word], t: NormalisationTables) -> list[_Word]:
    """Join runs of single letters ("s e n d") into words.

    Runs of four or more letters join; runs of three join unless one of the letters is itself
    a chat abbreviation ("u r a ..."), which is ordinary shorthand rather than evasion. Inside a
    run, a wider gap ("s e n d  m e") separates the spaced-out words.
    """
    if len(words) < 3:
        return words
    out: list[_Word] = []
    i = 0
    n = len(words)
    while i < n:
        j = i
        while j < n and len(words[j].text) == 1 and words[j].text.isalpha():
            j += 1
        run = j - i
        if run >= 4 or (run == 3 and not any(w.text in t.abbreviations for w in words[i:j])):
            group_start = i
            for k in range(i + 1, j + 1):
                if k == j or words[k].start - words[k - 1].end > 1:
                    group = words[group_start:k]
                    out.append(_Word("".join(w.text for w in group), group[0].start, group[-1].end))
                    group_start = k
            i = j
        elif run > 0:
            out.extend(words[i:j])
            i = j
        else:
            out.append(words[i])
            i += 1
    return out


def _join_number_words(words: list[_Word], t: NormalisationTables) -> list[_Word]:
    """Turn runs of four or more spelled-out digits into one digit string."""
    numbers = t.number_words
    if len(words) < 4:
        return words
    out: list[_Word] = []
    i = 0
    n = len(words)
    while i < n:
        j = i
        digits: list[str] = []
        while j < n:
            word = words[j].text
            if word in numbers:
                digits.append(numbers[word])
                j += 1
            elif word in ("double", "triple") and j + 1 < n and words[j + 1].text in numbers:
                digits.append(numbers[words[j + 1].text] * (2 if word == "double" else 3))
                j += 2
            elif word.isdigit() and digits:
                digits.append(word)
                j += 1
            else:
                break
        if len("".join(digits)) >= 4 and j - i >= 3:
            out.append(_Word("".join(digits), words[i].start, words[j - 1].end))
            i = j
        else:
            out.append(words[i])
            i += 1
    return out
