"""Throughput of the full pipeline with the cascade, against MiniLM on every message.

``python -m benchmarks.learned.cascade``: a generated mix of conversations (95% ordinary,
5% carrying three risky lines among twenty; see chat_mix.py) is scanned by the engine with
the rule detectors plus the learned detector. Reported, each the median of ``repeats``
interleaved runs (the machine is shared, so its load drifts):

- the reference: MiniLM embedding every message of the mix (batched, exact), messages/s;
- the full pipeline with the cascade, messages/s, and its speed-up over the reference;
- the full pipeline with the cascade disabled (every message embedded: the all-embedding
  pipeline), and the rules alone (the ceiling the learned stages can only lower);
- the full pipeline with the cascade, conversations assessed in batches of 64 (what
  ``safeguard scan`` hands ``ScanEngine.assess_many``) with the learned detector's
  ``detect_many`` (one MiniLM pass per batch; the engine here calls it, see
  :class:`BatchingEngine` - the core engine does not yet);
- the same two with stage one's memory of whole texts emptied before every conversation
  (per conversation) or every batch (batched): the price when chat does not repeat itself
  (the per-word caches of the n-gram and static models, older than the memory, stay);
- stage one alone, CPU microseconds per message (process time, not wall time: the machine
  is shared), fast path and the reference path it replaced;
- the share of messages the cascade sent to MiniLM, and the recall (conversation raised
  to medium or above) of the cascade and of the all-embedding pipeline on the generated
  risky conversations and on the labelled realistic_dev conversations;
- the 1-minute load average before and after.

Speed-ups are given against the measured MiniLM rate and against the nominal 330 msg/s of
issue 3.
"""

from __future__ import annotations

import dataclasses
import os
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.learned.chat_mix import chat_messages
from benchmarks.learned.results import machine, merge_results

from safeguard.core.assessment import Assessment
from safeguard.core.conversation import Conversation, Message
from safeguard.core.detector import ConversationView
from safeguard.core.engine import ScanEngine, build_engine
from safeguard.core.levels import RiskLevel
from safeguard.core.signals import Signal
from safeguard.learn.learned_detector import LearnedDetector
from safeguard.learn.models import LearnedModels, default_models
from safeguard.learn.pieces import learned_text
from safeguard.learn.thresholds import default_thresholds

DEV = Path("benchmarks/data/realistic_dev.jsonl")
DEV_LABELS = Path("benchmarks/data/realistic_dev.labels.jsonl")
NOMINAL_MINILM_PER_S = 330.0  # issue 3: "about 330/s here"
BATCH = 64  # conversations per assess_many call (safeguard scan's SCAN_BATCH)


class BatchingEngine(ScanEngine):
    """``assess_many`` that lets a detector with ``detect_many`` see the whole batch."""

    def assess_many(self, conversations: Sequence[Conversation]) -> list[Assessment]:
        views = [ConversationView.of(c) for c in conversations]
        found: list[list[Signal]] = [[] for _ in views]
        for detector in self.detectors:
            many = getattr(detector, "detect_many", None)
            results = many(views) if many else [detector.detect(v) for v in views]
            for signals, result in zip(found, results, strict=True):
                signals.extend(result)
        return [self.assessor.assess(v, s) for v, s in zip(views, found, strict=True)]


def generated_mix(n_conversations: int, seed: int = 11) -> tuple[list[Conversation], list[int]]:
    """Conversations of 20 messages; 5% carry 3 risky lines among ordinary ones."""
    rng = random.Random(seed)
    convs: list[Conversation] = []
    labels: list[int] = []
    for c in range(n_conversations):
        risky = rng.random() < 0.05
        texts, _ = chat_messages(20, risky_share=0.0, seed=seed * 1000 + c)
        if risky:
            bad, _ = chat_messages(200, risky_share=1.0, seed=c)
            for k, pos in enumerate(sorted(rng.sample(range(5, 20), 3))):
                texts[pos] = bad[k]
        msgs = tuple(
            Message(f"g{c}-{i}", "a" if i % 2 == 0 else "b", f"{t}") for i, t in enumerate(texts)
        )
        convs.append(Conversation(f"g{c}", msgs))
        labels.append(int(risky))
    return convs, labels


def _run(
    engine: ScanEngine,
    detector: LearnedDetector | None,
    convs: list[Conversation],
    *,
    batch: int = 1,
    cold: bool = False,
) -> tuple[float, list[bool], int]:
    """Messages/s (wall), raised flags and messages embedded; ``batch`` > 1 assesses that
    many conversations per ``assess_many``; ``cold`` empties stage one's memory of texts
    before every batch."""
    gated = 0
    start = time.perf_counter()
    raised = []
    for k in range(0, len(convs), batch):
        if cold and detector is not None:
            detector.forget_texts()
        part = convs[k : k + batch]
        found = [engine.assess(part[0])] if batch == 1 else engine.assess_many(part)
        gated += detector.last_gated if detector else 0
        raised += [a.risk >= RiskLevel.MEDIUM for a in found]
    elapsed = time.perf_counter() - start
    return sum(len(c.messages) for c in convs) / elapsed, raised, gated


def _stage_one_us(detector: LearnedDetector, convs: list[Conversation], *, cold: bool) -> float:
    """CPU microseconds per message of stage one alone (normalisation done beforehand)."""
    views = [ConversationView.of(c) for c in convs]
    for view in views:
        view.normalised[:]  # normalise (shared with the rules) outside the timing
    start = time.process_time()
    for view in views:
        if cold:
            detector.forget_texts()
        detector.stage_one(view)
    return (time.process_time() - start) / sum(len(c.messages) for c in convs) * 1e6


def _minilm_every_message(models: LearnedModels, texts: list[str]) -> float:
    """Messages/s of MiniLM alone on every message (normalised as the models read them)."""
    start = time.perf_counter()
    models.embedder.encode([learned_text(t) for t in texts])
    return len(texts) / (time.perf_counter() - start)


def _recall(raised: list[bool], labels: list[int]) -> float:
    pos = [r for r, y in zip(raised, labels, strict=True) if y]
    return round(sum(pos) / len(pos), 4) if pos else 0.0


def main(n_conversations: int = 400, repeats: int = 3) -> dict[str, object]:
    load_before = os.getloadavg()[0]
    models = default_models()
    models.embedder.encode(["warm up"])
    on = LearnedDetector(models, default_thresholds())
    reference = LearnedDetector(models, default_thresholds(), fast_gate=False)
    off = LearnedDetector(models, dataclasses.replace(default_thresholds(), cascade_enabled=False))
    engine_on, engine_off = build_engine(extra=[on]), build_engine(extra=[off])
    batching = BatchingEngine(engine_on.detectors, engine_on.assessor)
    rules = build_engine()
    convs, labels = generated_mix(n_conversations)
    texts = [m.text for c in convs for m in c.messages]
    n_messages = len(texts)
    _run(engine_on, on, convs[:20])  # warm up caches of every stage
    _run(engine_on, reference, convs[:20])
    keys = ["cascade", "batched", "cascade_cold", "batched_cold", "minilm", "rules", "all"]
    rates: dict[str, list[float]] = {k: [] for k in keys}
    stage_one: dict[str, list[float]] = {"fast": [], "fast_cold": [], "reference": []}
    raised_on: list[bool] = []
    gated_on = 0
    slice_n = max(20, n_conversations // 10)  # all-embedding is slow: time it on a slice
    for _ in range(repeats):
        rate, raised_on, gated_on = _run(engine_on, on, convs)
        rates["cascade"].append(rate)
        rates["batched"].append(_run(batching, on, convs, batch=BATCH)[0])
        rates["cascade_cold"].append(_run(engine_on, on, convs, cold=True)[0])
        rates["batched_cold"].append(_run(batching, on, convs, batch=BATCH, cold=True)[0])
        rates["minilm"].append(_minilm_every_message(models, texts[: slice_n * 20]))
        rates["rules"].append(_run(rules, None, convs)[0])
        rates["all"].append(_run(engine_off, off, convs[:slice_n])[0])
        stage_one["fast"].append(_stage_one_us(on, convs, cold=False))
        stage_one["fast_cold"].append(_stage_one_us(on, convs, cold=True))
        stage_one["reference"].append(_stage_one_us(reference, convs, cold=False))
    med = {k: statistics.median(v) for k, v in rates.items()}
    us = {k: round(statistics.median(v), 1) for k, v in stage_one.items()}
    risky = [c for c, y in zip(convs, labels, strict=True) if y]
    _, raised_off_risky, _ = _run(engine_off, off, risky)
    _, raised_on_risky, _ = _run(engine_on, on, risky)
    _, raised_batched_risky, _ = _run(batching, on, risky, batch=BATCH)

    def speedups(rate: float) -> dict[str, float]:
        return {
            "vs_minilm_measured": round(rate / med["minilm"], 1),
            "vs_minilm_nominal_330": round(rate / NOMINAL_MINILM_PER_S, 1),
        }

    figures: dict[str, object] = {
        "machine": machine(),
        "load_avg_1min_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "generated_mix": {
            "conversations": len(convs),
            "messages": n_messages,
            "distinct_texts": len(set(texts)),
            "risky_conversations": sum(labels),
            "repeats": repeats,
            "minilm_every_message_per_s": round(med["minilm"], 1),
            "cascade_messages_per_s": round(med["cascade"], 1),
            "speedup_vs_minilm_every_message": round(med["cascade"] / med["minilm"], 1),
            "speedups": {
                "cascade_per_conversation": speedups(med["cascade"]),
                "cascade_batched_64": speedups(med["batched"]),
                "cascade_per_conversation_no_text_memory": speedups(med["cascade_cold"]),
                "cascade_batched_64_no_text_memory": speedups(med["batched_cold"]),
            },
            "cascade_batched_messages_per_s": round(med["batched"], 1),
            "cascade_no_text_memory_messages_per_s": round(med["cascade_cold"], 1),
            "cascade_batched_no_text_memory_messages_per_s": round(med["batched_cold"], 1),
            "stage_one_cpu_us_per_message": us,
            "all_embedding_messages_per_s": round(med["all"], 1),
            "speedup_vs_all_embedding_pipeline": round(med["cascade"] / med["all"], 1),
            "rules_only_messages_per_s": round(med["rules"], 1),
            "rules_only_vs_minilm_every_message": round(med["rules"] / med["minilm"], 1),
            "runs_messages_per_s": {k: [round(x, 1) for x in v] for k, v in rates.items()},
            "share_of_messages_embedded": round(gated_on / n_messages, 4),
            "recall_cascade": _recall(raised_on_risky, [1] * len(risky)),
            "recall_cascade_batched": _recall(raised_batched_risky, [1] * len(risky)),
            "recall_all_embedding": _recall(raised_off_risky, [1] * len(risky)),
            "false_alarms_cascade": sum(
                1 for r, y in zip(raised_on, labels, strict=True) if r and not y
            ),
        },
    }
    if DEV.is_file():
        from safeguard.importers.registry import read_conversations
        from safeguard.learn.evaluation import read_labels

        dev = list(read_conversations(DEV))
        dev_labels = read_labels(DEV_LABELS)
        dev = [c for c in dev if c.id in dev_labels]
        y = [int(bool(dev_labels[c.id].categories)) for c in dev]
        _, r_on, _ = _run(engine_on, on, dev)
        _, r_off, _ = _run(engine_off, off, dev)
        figures["realistic_dev_any_risk_recall"] = {
            "cascade": _recall(r_on, y),
            "all_embedding": _recall(r_off, y),
            "false_alarms_cascade": sum(1 for r, t in zip(r_on, y, strict=True) if r and not t),
            "false_alarms_all_embedding": sum(
                1 for r, t in zip(r_off, y, strict=True) if r and not t
            ),
            "benign": y.count(0),
        }
    for key, value in figures.items():
        print(f"{key}: {value}")
    merge_results("cascade", figures)
    return figures


if __name__ == "__main__":
    main()
