"""Incremental assessment equals assessing the whole conversation, however messages arrive."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguard.core.conversation import Conversation, Message
from safeguard.core.conversation_json import conversation_from_dict
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.engine import ScanEngine
from safeguard.core.incremental import (
    Findings,
    IncrementalScanner,
    detector_context,
    findings_from_dict,
)
from safeguard.core.lexicon import default_lexicon
from safeguard.core.signals import Signal
from safeguard.importers.registry import read_conversations
from safeguard.scanning import build_default_engine

from .helpers import conversation

ROOT = Path(__file__).resolve().parents[2]
ENGINE = build_default_engine()
SCANNER = IncrementalScanner(ENGINE)


@functools.cache
def _phrase_index() -> dict[tuple[int, object], list[str]]:
    """Literal lexicon phrases per rule (kind 0, rule index) and per group (kind 1, name)."""
    out: dict[tuple[int, object], list[str]] = {}
    for phrase, (_length, entries) in default_lexicon().automaton.items():
        for entry in entries:
            out.setdefault(entry, []).append(phrase.strip())
    return {key: sorted(phrases)[:40] for key, phrases in out.items()}


def _phrases(kind: int, key: object) -> list[str]:
    return _phrase_index().get((kind, key), [])


@functools.cache
def _pool() -> tuple[str, ...]:
    lexicon = default_lexicon()
    pool: list[str] = ["hi", "ok", "lol", "see you at school", "my number is 07700 900123"]
    for index in range(len(lexicon.rules)):
        pool.extend(_phrases(0, index)[:2])
    for group in sorted(lexicon.groups_used):
        pool.extend(_phrases(1, group)[:2])
    return tuple(sorted(set(pool)))


def _streamed(conv: Conversation, sizes: list[int], *, round_trip: bool = True) -> Findings:
    findings = Findings()
    i = 0
    step = 0
    while i < len(conv.messages):
        size = sizes[step % len(sizes)]
        findings = SCANNER.extend(
            findings,
            conv.messages[i : i + size],
            conversation_id=conv.id,
            participants=conv.participants,
        )
        if round_trip:
            findings = findings_from_dict(findings.to_dict())
        i += size
        step += 1
    return findings


def _assess(conv: Conversation, findings: Findings) -> dict[str, object]:
    return SCANNER.assess(
        findings, conversation_id=conv.id, participants=conv.participants, platform=conv.platform
    ).to_dict(detail=True)


def _corpus() -> list[Conversation]:
    out: list[Conversation] = []
    for path in (
        ROOT / "examples" / "conversations.jsonl",
        ROOT / "benchmarks" / "data" / "realistic_dev.jsonl",
        ROOT / "benchmarks" / "data" / "realistic_holdout.jsonl",
    ):
        if path.exists():
            out.extend(read_conversations(path))
    return out


def test_when_every_corpus_conversation_streams_in_random_batches_then_equal_to_full_scan() -> None:
    corpus = _corpus()
    assert len(corpus) >= 5
    rng = random.Random(7)
    for conv in corpus:
        full = ENGINE.assess(conv)
        sizes = [rng.choice([1, 1, 2, 3, 5, 11]) for _ in range(8)]
        findings = _streamed(conv, sizes)
        streamed = SCANNER.assess(
            findings,
            conversation_id=conv.id,
            participants=conv.participants,
            platform=conv.platform,
        )
        assert streamed.to_dict(detail=True) == full.to_dict(detail=True), conv.id
        assert streamed.risk_timeline == full.risk_timeline
        assert streamed.message_count == len(conv.messages)


def test_when_a_later_message_suppresses_an_earlier_signal_then_the_signal_goes() -> None:
    lexicon = default_lexicon()
    index = next(
        i
        for i, r in enumerate(lexicon.rules)
        if r.unless_groups and r.window >= 1 and not r.with_groups
    )
    rule = lexicon.rules[index]
    trigger = _phrases(0, index)[0]
    benign = _phrases(1, rule.unless_groups[0])[0]
    first = conversation([("sam", trigger)])
    findings = SCANNER.rebuild(first.messages, conversation_id="t")
    assert any(s.rule == rule.id for s in findings.signals)
    later = conversation([("sam", trigger), ("lily", benign)])
    findings = SCANNER.extend(findings, later.messages[1:], conversation_id="t")
    assert not any(s.rule == rule.id for s in findings.signals)
    assert _assess(later, findings) == ENGINE.assess(later).to_dict(detail=True)


def test_when_streaming_then_state_holds_only_relevant_messages_and_a_short_tail() -> None:
    rows = [("sam", "hi"), ("lily", "hello")] * 50 + [("sam", "dont tell your mum we talk")]
    conv = conversation(rows)
    findings = _streamed(conv, [1])
    assert findings.message_count == 101
    assert len(findings.tail) == 2 * SCANNER.context
    assert len(findings.messages) <= 2
    assert {m.id for _i, m in findings.messages} <= {"t-101", "t-100"}


class _Unbounded(Detector):
    name = "unbounded"
    version = "1"
    categories = ("grooming",)

    def detect(self, view: ConversationView) -> list[Signal]:
        return []


def test_when_a_detector_does_not_declare_its_context_then_incremental_refuses_it() -> None:
    with pytest.raises(ValueError, match="context_messages"):
        detector_context(_Unbounded())
    with pytest.raises(ValueError, match="unbounded"):
        IncrementalScanner(ScanEngine([_Unbounded()]))


def test_when_findings_round_trip_through_json_then_unchanged() -> None:
    conv = conversation(
        [
            ("sam", "you seem so mature for your age"),
            ("sam", "send me a pic, just for me"),
            ("lily", "no"),
            ("sam", "come on just one pic"),
        ],
        roles={"lily": "child"},
    )
    findings = SCANNER.rebuild(conv.messages, conversation_id="t")
    assert findings_from_dict(findings.to_dict()) == findings


_SENDERS = ("sam", "lily", "jo")


@st.composite
def _conversations(draw: st.DrawFn) -> tuple[Conversation, list[int]]:
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(_SENDERS), st.sampled_from(_pool())),
            min_size=1,
            max_size=30,
        )
    )
    roles = draw(st.sampled_from([{}, {"lily": "child"}, {"lily": "child", "sam": "adult"}]))
    conv = conversation_from_dict(
        {
            "id": "h",
            "participants": [
                {"id": s, **({"role": roles[s]} if s in roles else {})} for s in roles
            ],
            "messages": [{"sender": s, "text": t} for s, t in rows],
        }
    )
    sizes = draw(st.lists(st.integers(1, 6), min_size=1, max_size=6))
    return conv, sizes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_conversations())
def test_property_streamed_assessment_equals_whole_conversation(
    case: tuple[Conversation, list[int]],
) -> None:
    conv, sizes = case
    findings = _streamed(conv, sizes, round_trip=False)
    assert _assess(conv, findings) == ENGINE.assess(conv).to_dict(detail=True)


def test_when_no_messages_added_then_findings_unchanged() -> None:
    findings = SCANNER.rebuild([Message(id="a", sender="s", text="hi")], conversation_id="t")
    assert SCANNER.extend(findings, []) is findings


class _Counting(Detector):
    """Wraps a detector and records how many messages each call reads."""

    def __init__(self, inner: Detector) -> None:
        self.inner = inner
        self.name = inner.name  # type: ignore[misc]
        self.version = inner.version  # type: ignore[misc]
        self.categories = inner.categories  # type: ignore[misc]
        self.context_messages = detector_context(inner)
        self.seen: list[int] = []

    def detect(self, view: ConversationView) -> list[Signal]:
        self.seen.append(len(view.conversation.messages))
        return list(self.inner.detect(view))


def test_when_messages_arrive_one_by_one_then_detectors_read_a_bounded_window() -> None:
    counting = [_Counting(d) for d in ENGINE.detectors]
    scanner = IncrementalScanner(ScanEngine(counting, ENGINE.assessor))
    rows = [("sam", "hi"), ("lily", "dont tell your mum we talk")] * 100
    conv = conversation(rows)
    findings = Findings()
    for message in conv.messages:
        findings = scanner.extend(findings, [message], conversation_id="t")
    bound = 2 * scanner.context + 1
    assert all(max(c.seen) <= bound for c in counting)
    assert _assess(conv, findings) == ENGINE.assess(conv).to_dict(detail=True)
