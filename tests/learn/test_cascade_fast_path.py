"""Stage one's fast path (memory per text, windows only where read) decides as the reference.

The reference is stage one as first written (every model on every message and window):
``LearnedDetector(fast_gate=False)``. On the labelled realistic_dev conversations and on a
generated chat mix (ordinary conversations, some with risky lines) the fast path must pass
the same messages and give the same signals - the same calibrated scores - and the same
assessments; ``detect_many`` (one MiniLM pass over many conversations) the same signals
up to float rounding of batched matrix products.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from numpy.typing import NDArray

from safeguard.core.conversation import Conversation, Message
from safeguard.core.detector import ConversationView
from safeguard.core.engine import build_engine
from safeguard.core.signals import Signal
from safeguard.importers.registry import read_conversations
from safeguard.learn.cascade import GateMemo
from safeguard.learn.learned_detector import LearnedDetector
from safeguard.learn.models import default_models

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "benchmarks" / "data" / "realistic_dev.jsonl"


def _chat_mix() -> ModuleType:
    path = ROOT / "benchmarks" / "learned" / "chat_mix.py"
    spec = importlib.util.spec_from_file_location("_chat_mix", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generated(n: int, seed: int = 5) -> list[Conversation]:
    """Conversations of 20 messages; one in four carries three risky lines."""
    chat_messages = _chat_mix().chat_messages
    rng = random.Random(seed)
    convs = []
    for c in range(n):
        texts, _ = chat_messages(20, risky_share=0.0, seed=seed * 1000 + c)
        if c % 4 == 0:
            bad, _ = chat_messages(200, risky_share=1.0, seed=c)
            for k, pos in enumerate(sorted(rng.sample(range(5, 20), 3))):
                texts[pos] = bad[k]
        msgs = tuple(Message(f"g{c}-{i}", "ab"[i % 2], t) for i, t in enumerate(texts))
        convs.append(Conversation(f"g{c}", msgs))
    return convs


@pytest.fixture(scope="module")
def conversations() -> list[Conversation]:
    convs = _generated(40)
    if DEV.is_file():
        convs = list(read_conversations(DEV)) + convs
    return convs


@pytest.fixture(scope="module")
def detectors() -> tuple[LearnedDetector, LearnedDetector]:
    models = default_models()
    return LearnedDetector(models), LearnedDetector(models, fast_gate=False)


@pytest.fixture(scope="module")
def reference_signals(
    conversations: list[Conversation], detectors: tuple[LearnedDetector, LearnedDetector]
) -> dict[str, list[Signal]]:
    reference = detectors[1]
    return {c.id: list(reference.detect(ConversationView.of(c))) for c in conversations}


def test_fast_stage_one_gives_the_reference_signals_and_assessments(
    conversations: list[Conversation],
    detectors: tuple[LearnedDetector, LearnedDetector],
    reference_signals: dict[str, list[Signal]],
) -> None:
    fast, reference = detectors
    engine = build_engine(extra=[fast])
    rules = build_engine()
    for _ in range(2):  # the second time every text is remembered
        for conv in conversations:
            a, b = ConversationView.of(conv), ConversationView.of(conv)
            assert fast.stage_one(a).chosen == reference.stage_one(b).chosen, conv.id
            assert list(fast.detect(a)) == reference_signals[conv.id], conv.id
    for conv in conversations:
        view = ConversationView.of(conv)
        want = rules.assessor.assess(view, rules.signals(view) + reference_signals[conv.id])
        assert engine.assess(conv) == want, conv.id
    assert sum(bool(s) for s in reference_signals.values()) >= 10


def test_detect_many_gives_the_signals_of_detect(
    conversations: list[Conversation],
    detectors: tuple[LearnedDetector, LearnedDetector],
    reference_signals: dict[str, list[Signal]],
) -> None:
    fast = detectors[0]
    batched = fast.detect_many([ConversationView.of(c) for c in conversations])
    for conv, got in zip(conversations, batched, strict=True):
        want = reference_signals[conv.id]
        assert _key(list(got)) == _key(want), conv.id
        for g, w in zip(sorted(got, key=_order), sorted(want, key=_order), strict=True):
            assert g.weight == pytest.approx(w.weight, abs=1e-5), conv.id


def _key(signals: list[Signal]) -> list[tuple[str, int, str, str]]:
    return sorted((s.category, s.message_index, s.rule, s.reason) for s in signals)


def _order(signal: Signal) -> tuple[str, int, str]:
    return signal.category, signal.message_index, signal.rule


def test_gate_memo_scores_each_new_text_once_and_stays_bounded() -> None:
    seen: list[list[str]] = []

    def score(
        texts: list[str],
    ) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.bool_]]:
        seen.append(texts)
        n = len(texts)
        sums = np.asarray([[float(len(t))] for t in texts], dtype=np.float32)
        return sums, np.ones(n, np.float32), np.asarray(["!" in t for t in texts])

    memo = GateMemo(1, score, limit=3)
    rows = memo.rows(["a", "bb!", "a"])
    assert seen == [["a", "bb!"]]
    assert memo.sums[rows, 0].tolist() == [1.0, 3.0, 1.0]
    assert memo.passed[rows].tolist() == [False, True, False]
    memo.rows(["bb!", "a"])
    assert len(seen) == 1  # remembered
    for k in range(20):  # beyond the limit: still right, memory bounded
        texts = [f"t{k}", "a", f"u{k}!"]
        rows = memo.rows(texts)
        assert memo.sums[rows, 0].tolist() == [float(len(t)) for t in texts]
        assert memo.passed[rows].tolist() == [False, False, True]
    assert len(memo) <= 3
    assert len(memo.counts) == 1024  # rows of texts not kept are reused, not added
