"""The fast scan path gives exactly what the straightforward per-message path gave.

The oracle (``reference_scan``) is the code the fast path replaced, run at test time on the
same lexicon, patterns and lists, so these tests hold whatever the phrase library contains.
"""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from safeguard.cli.main import _register, cli
from safeguard.core.conversation import Conversation
from safeguard.core.conversation_json import (
    conversation_from_dict,
    conversation_to_dict,
    dumps_conversation,
)
from safeguard.core.detector import ConversationView
from safeguard.core.engine import ScanEngine
from safeguard.core.errors import RecordError
from safeguard.core.normaliser import SEPARATOR, normalise, normalise_joined
from safeguard.importers.registry import discover_inputs, read_conversations
from safeguard.scanning import build_default_engine

from .generated_chat import PHRASES, varied_conversations
from .reference_scan import (
    ReferenceEngine,
    reference_json_line,
    reference_original_span,
    reference_view,
)

ROOT = Path(__file__).resolve().parents[2]


def _example_conversations() -> list[Conversation]:
    found: list[Conversation] = []
    for path in discover_inputs([ROOT / "examples"]):
        found.extend(read_conversations(path))
    for name in ("realistic_dev", "realistic_holdout"):
        path = ROOT / "benchmarks" / "data" / f"{name}.jsonl"
        if path.exists():
            found.extend(read_conversations(path, format="jsonl"))
    return found


CONVERSATIONS = _example_conversations() + varied_conversations(150)


Engines = tuple[ScanEngine, ReferenceEngine]


@pytest.fixture(scope="module")
def engines() -> Engines:
    engine = build_default_engine()
    return engine, ReferenceEngine(engine)


def test_batch_normalisation_equals_normalising_each_message() -> None:
    for conversation in CONVERSATIONS:
        texts = [m.text for m in conversation.messages]
        expected = SEPARATOR.join(normalise(t).text for t in texts)
        assert normalise_joined(texts) == expected, conversation.id


@pytest.mark.parametrize("seed", range(4))
def test_batch_normalisation_equals_normalising_each_message_on_random_text(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = [
        *"abcdefghijklmnopqrstuvwxyz" * 3,
        *"   ..,!'@$|+_-0123456789\n\t",
        *("\u00e9", "\u0455", "\U0001f618", "\u200b", "\u5b57", "\u017f", "\uff21", "\x01"),
        *("one ", "oh ", "two ", "double ", "seven ", "\x00"),
    ]
    for _ in range(3000):
        texts = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            for _ in range(rng.randint(0, 6))
        ]
        expected = SEPARATOR.join(normalise(t).text for t in texts)
        assert normalise_joined(texts) == expected, texts


@pytest.mark.parametrize("phrase", PHRASES)
def test_batch_normalisation_of_tricky_phrases(phrase: str) -> None:
    texts = ["hi", phrase, phrase.upper(), "one", phrase]
    assert normalise_joined(texts) == SEPARATOR.join(normalise(t).text for t in texts)
    assert normalise_joined([phrase]) == normalise(phrase).text


def test_view_gives_each_message_its_normalised_text() -> None:
    for conversation in CONVERSATIONS[:200]:
        fast = ConversationView.of(conversation)
        slow = reference_view(conversation)
        assert [n.text for n in fast.normalised] == [n.text for n in slow.normalised]
        for index, norm in enumerate(slow.normalised):
            assert fast.normalised_at(index).text == norm.text
            assert fast.locate(fast.starts[index]) == index


def test_every_detector_finds_the_same_signals(engines: Engines) -> None:
    engine, reference = engines
    pairs = list(zip(engine.detectors, reference.detectors, strict=True))
    for conversation in CONVERSATIONS:
        fast_view = ConversationView.of(conversation)
        slow_view = reference_view(conversation)
        for fast, slow in pairs:
            assert list(fast.detect(fast_view)) == list(slow.detect(slow_view)), (
                conversation.id,
                fast.name,
            )


def test_assessments_are_identical(engines: Engines) -> None:
    engine, reference = engines
    for conversation in CONVERSATIONS:
        fast = engine.assess(conversation)
        slow = reference.assess(conversation)
        assert fast.to_dict(detail=True) == slow.to_dict(detail=True), conversation.id


def test_scan_json_output_is_byte_identical(tmp_path: Path, engines: Engines) -> None:
    _engine, reference = engines
    conversations = [c for c in CONVERSATIONS if c.messages]
    seen: set[str] = set()
    unique = [c for c in conversations if not (c.id in seen or seen.add(c.id))]
    path = tmp_path / "input.jsonl"
    path.write_text("".join(dumps_conversation(c) + "\n" for c in unique), encoding="utf-8")
    _register()
    for detail in (False, True):
        args = ["scan", str(path), "--json", "--no-progress", "--min-level", "none"]
        result = CliRunner().invoke(cli, [*args, "--detail"] if detail else args)
        assert result.exit_code == 0, result.output
        expected = b"".join(
            reference_json_line(reference.assess(c), detail=detail)
            for c in (_reread(c) for c in unique)
        )
        assert result.stdout_bytes == expected


def _reread(conversation: Conversation) -> Conversation:
    return conversation_from_dict(conversation_to_dict(conversation))


def _reference_from_dict(record: dict[str, object]) -> Conversation:
    """conversation_from_dict with every message through the full validation (the oracle)."""
    from safeguard.core import conversation_json

    check = conversation_json._Checker("in.jsonl", 3, str(record["id"]))
    seen: set[str] = set()
    messages = tuple(
        conversation_json._message(check, raw, i, str(record["id"]), seen)
        for i, raw in enumerate(record["messages"])  # type: ignore[arg-type]
    )
    rest = conversation_from_dict({**record, "messages": []}, path="in.jsonl", line=3)
    return Conversation(
        id=rest.id,
        messages=messages,
        participants=rest.participants,
        platform=rest.platform,
        source=rest.source,
    )


MESSAGE_VARIANTS: list[object] = [
    {"id": "m1", "sender": "a", "text": "hi"},
    {"sender": "a", "text": "no id"},
    {"id": 7, "sender": "a", "text": "int id"},
    {"id": True, "sender": "a", "text": "bool id"},
    {"id": "", "sender": "a", "text": "empty id"},
    {"id": "m1", "sender": "a", "text": "duplicate"},
    {"id": "c-2", "sender": "a", "text": "clashes with a generated id"},
    {"id": "m2", "text": "no sender"},
    {"id": "m3", "sender": " ", "text": "blank sender"},
    {"id": "m4", "sender": 5, "text": "number sender"},
    {"id": "m5", "sender": "a"},
    {"id": "m6", "sender": "a", "text": None},
    {"id": "m7", "sender": "a", "text": 12},
    {"id": "m8", "sender": "a", "text": "t", "time": "2026-03-01T18:00:00Z"},
    {"id": "m9", "sender": "a", "text": "t", "time": "2026-03-01T18:00:00+01:00"},
    {"id": "m10", "sender": "a", "text": "t", "time": "yesterday"},
    {"id": "m11", "sender": "a", "text": "t", "time": 1700000000},
    {"id": "m12", "sender": "a", "text": "t", "attachments": None},
    {"id": "m13", "sender": "a", "text": "t", "attachments": []},
    {"id": "m14", "sender": "a", "text": "t", "attachments": [{"type": "image", "path": "a.png"}]},
    {"id": "m15", "sender": "a", "text": "t", "attachments": ""},
    {"id": "m16", "sender": "a", "text": "t", "attachments": {}},
    {"id": "m17", "sender": "a", "text": "t", "attachments": [{}]},
    ["not", "an", "object"],
    "text",
    None,
]


@pytest.mark.parametrize("variant", range(len(MESSAGE_VARIANTS)))
def test_reading_a_message_gives_the_same_result_or_error(variant: int) -> None:
    messages = [{"id": "m0", "sender": "a", "text": "first"}, MESSAGE_VARIANTS[variant]]
    messages.append({"sender": "b", "text": "after"})
    record: dict[str, object] = {"id": "c", "messages": messages}
    try:
        expected: object = _reference_from_dict(record)
    except RecordError as error:
        expected = str(error)
    try:
        got: object = conversation_from_dict(record, path="in.jsonl", line=3)
    except RecordError as error:
        got = str(error)
    assert got == expected


def test_original_spans_are_the_same_for_every_word_range() -> None:
    for conversation in CONVERSATIONS[:150]:
        for message in conversation.messages:
            norm = normalise(message.text)
            # Every run of one to three whole words, as phrases are matched.
            ends = [i for i, ch in enumerate(norm.text) if ch == " "]
            for k, a in enumerate(ends):
                for c in ends[k + 1 : k + 4]:
                    expected = reference_original_span(norm, a + 1, c)
                    assert norm.original_span(a + 1, c) == expected, (message.text, a, c)


@pytest.mark.parametrize("seed", range(3))
def test_personal_info_patterns_need_what_their_pre_checks_say(seed: int) -> None:
    from safeguard.core.detectors.personal_info_detector import _ANY_DIGIT, PII_PATTERNS

    rng = random.Random(seed)
    parts = [*"0123456789" * 3, " ", "-", "+", "(", ")", "+44 ", "07", "SW", "1AA", "a", "B", "z"]
    parts += ["\u0663", "\uff17", " road", " st", "at "]
    for _ in range(5000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 24)))
        for pii in PII_PATTERNS:
            if pii.pattern.search(text) is None:
                continue
            assert len(_ANY_DIGIT.findall(text)) >= pii.min_digits, (pii.kind, text)
            assert not pii.needs_upper or text != text.lower(), (pii.kind, text)


def test_view_normalised_text_is_each_messages_normalised_text() -> None:
    for conversation in CONVERSATIONS[:200]:
        texts = [normalise(m.text).text for m in conversation.messages]
        for view in (ConversationView.of(conversation), reference_view(conversation)):
            assert [view.normalised_text(i) for i in range(len(texts))] == texts
            if texts:
                assert view.normalised_text(-1) == texts[-1]
            with pytest.raises(IndexError):
                view.normalised_text(len(texts))


def test_view_normalised_behaves_as_a_sequence() -> None:
    conversation = next(c for c in CONVERSATIONS if len(c.messages) >= 3)
    fast = ConversationView.of(conversation).normalised
    slow = [normalise(m.text).text for m in conversation.messages]
    assert len(fast) == len(slow)
    assert [n.text for n in fast] == slow
    assert fast[-1].text == slow[-1]
    assert [n.text for n in fast[1:3]] == slow[1:3]
    assert fast[0] is fast[0]  # built once, so its offsets are worked out once
    with pytest.raises(IndexError):
        fast[len(slow)]


def test_remembered_texts_give_the_same_signals_when_memory_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safeguard.core.detectors import signal_library_detector as sld

    from .reference_scan import ReferenceSignalLibraryDetector

    monkeypatch.setattr(sld, "REMEMBERED_TEXTS", 5)
    monkeypatch.setattr(sld, "REMEMBERED_LENGTH", 30)
    fast = sld.SignalLibraryDetector()
    slow = ReferenceSignalLibraryDetector()
    for _ in range(2):  # round two: texts remembered, not kept (memory full) and too long
        for conversation in CONVERSATIONS[:120]:
            expected = list(slow.detect(reference_view(conversation)))
            assert list(fast.detect(ConversationView.of(conversation))) == expected


def test_remembered_personal_info_is_the_same_when_memory_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safeguard.core.detectors import personal_info_detector as pid

    from .reference_scan import ReferencePersonalInfoDetector

    monkeypatch.setattr(pid, "REMEMBERED_TEXTS", 5)
    monkeypatch.setattr(pid, "REMEMBERED_LENGTH", 30)
    fast = pid.PersonalInfoDetector()
    slow = ReferencePersonalInfoDetector()
    for _ in range(2):
        for conversation in CONVERSATIONS[:200]:
            expected = list(slow.detect(reference_view(conversation)))
            assert list(fast.detect(ConversationView.of(conversation))) == expected


def test_assessing_a_batch_equals_assessing_one_by_one(engines: Engines) -> None:
    engine, _reference = engines
    batch = CONVERSATIONS[:150]
    one_by_one = [engine.assess(c) for c in batch]
    together = engine.assess_many(batch)
    assert [a.to_dict(detail=True) for a in together] == [
        a.to_dict(detail=True) for a in one_by_one
    ]
    assert [a.risk_timeline for a in together] == [a.risk_timeline for a in one_by_one]


def _record(n: int) -> str:
    return dumps_conversation(
        conversation_from_dict(
            {"id": f"b{n}", "messages": [{"sender": "a", "text": "dont tell your mum ok"}]}
        )
    )


@pytest.mark.parametrize("good", [0, 1, 63, 64, 65, 130])
def test_a_bad_record_stops_the_scan_after_everything_before_it_is_written(
    tmp_path: Path, good: int
) -> None:
    path = tmp_path / "input.jsonl"
    lines = [_record(n) for n in range(good)] + ['{"id": "broken", "messages": 3}']
    lines += [_record(n) for n in range(good, good + 5)]
    path.write_text("\n".join(lines) + "\n")
    _register()
    args = [
        "scan",
        str(path),
        "--format",
        "jsonl",
        "--json",
        "--no-progress",
        "--min-level",
        "none",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3
    written = [orjson.loads(line)["conversation_id"] for line in result.stdout.splitlines()]
    assert written == [f"b{n}" for n in range(good)]
    with_skip = CliRunner().invoke(cli, [*args, "--skip-bad"])
    assert with_skip.exit_code == 4
    assert len(with_skip.stdout.splitlines()) == good + 5


def test_remembered_normalised_texts_are_the_same_when_memory_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safeguard.core import detector as detector_module

    monkeypatch.setattr(detector_module, "REMEMBERED_TEXTS", 7)
    monkeypatch.setattr(detector_module, "REMEMBERED_LENGTH", 25)
    for _ in range(2):  # round two: texts remembered, not kept (memory full) and too long
        for conversation in CONVERSATIONS[:200]:
            fast = ConversationView.of(conversation)
            slow = reference_view(conversation)
            assert [n.text for n in fast.normalised] == [n.text for n in slow.normalised]
            for index, norm in enumerate(slow.normalised):
                end = len(norm.text) - 1
                if end > 1:
                    got = fast.normalised_at(index).original_span(1, end)
                    assert got == reference_original_span(norm, 1, end)


def test_phrase_groups_are_what_the_automaton_finds() -> None:
    from safeguard.core.lexicon import default_lexicon, phrase_groups

    lexicon = default_lexicon()
    for conversation in CONVERSATIONS[:150]:
        for message in conversation.messages:
            text = normalise(message.text).text
            expected = {
                key
                for _end, (_length, entries) in lexicon.automaton.iter(text)
                for kind, key in entries
                if kind == 1
            }
            assert phrase_groups(lexicon, text) == expected
            assert phrase_groups(lexicon, text) == expected  # remembered
