"""Throughput of the full pipeline with the cascade, against MiniLM on every message.

``python -m benchmarks.learned.cascade``: a generated mix of conversations (95% ordinary,
5% containing risky lines; see chat_mix.py) is scanned by the engine with the rule
detectors plus the learned detector, once with the cascade and once with it disabled (every
message and window embedded). Reported: messages per second of each, the share of messages
the cascade sent to MiniLM, and the recall of each on (a) the generated risky conversations
and (b) the labelled realistic_dev conversations.
"""

from __future__ import annotations

import dataclasses
import random
import time
from pathlib import Path

from benchmarks.learned.chat_mix import chat_messages
from benchmarks.learned.results import machine, merge_results

from safeguard.core.conversation import Conversation, Message
from safeguard.core.engine import build_engine
from safeguard.core.levels import RiskLevel
from safeguard.learn.learned_detector import LearnedDetector
from safeguard.learn.models import default_models
from safeguard.learn.thresholds import default_thresholds

DEV = Path("benchmarks/data/realistic_dev.jsonl")
DEV_LABELS = Path("benchmarks/data/realistic_dev.labels.jsonl")


def generated_mix(n_conversations: int, seed: int = 11) -> tuple[list[Conversation], list[int]]:
    """Conversations of 20 messages; 5% carry 2-3 risky lines among ordinary ones."""
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


def _run(detector: LearnedDetector, convs: list[Conversation]) -> tuple[float, list[bool], int]:
    engine = build_engine(extra=[detector])
    gated = 0
    start = time.perf_counter()
    raised = []
    for conv in convs:
        assessment = engine.assess(conv)
        gated += detector.last_gated
        raised.append(assessment.risk >= RiskLevel.MEDIUM)
    elapsed = time.perf_counter() - start
    return sum(len(c.messages) for c in convs) / elapsed, raised, gated


def _recall(raised: list[bool], labels: list[int]) -> float:
    pos = [r for r, y in zip(raised, labels, strict=True) if y]
    return sum(pos) / len(pos) if pos else 0.0


def main(n_conversations: int = 400) -> dict[str, object]:
    models = default_models()
    models.embedder.encode(["warm up"])
    on = LearnedDetector(models, default_thresholds())
    off = LearnedDetector(models, dataclasses.replace(default_thresholds(), cascade_enabled=False))
    convs, labels = generated_mix(n_conversations)
    n_messages = sum(len(c.messages) for c in convs)
    rate_on, raised_on, gated_on = _run(on, convs)
    # all-embedding is slow: time it on a slice, recall on everything risky plus the slice
    slice_n = max(20, n_conversations // 10)
    rate_off, _, _ = _run(off, convs[:slice_n])
    risky = [c for c, y in zip(convs, labels, strict=True) if y]
    _, raised_off_risky, _ = _run(off, risky)
    _, raised_on_risky, _ = _run(on, risky)
    figures: dict[str, object] = {
        "machine": machine(),
        "generated_mix": {
            "conversations": len(convs),
            "messages": n_messages,
            "risky_conversations": sum(labels),
            "cascade_messages_per_s": round(rate_on, 1),
            "all_embedding_messages_per_s": round(rate_off, 1),
            "speedup": round(rate_on / rate_off, 1),
            "share_of_messages_embedded": round(gated_on / n_messages, 4),
            "recall_cascade": round(sum(raised_on_risky) / len(risky), 4) if risky else None,
            "recall_all_embedding": round(sum(raised_off_risky) / len(risky), 4) if risky else None,
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
        y = [int(bool(dev_labels[c.id].categories)) for c in dev if c.id in dev_labels]
        dev = [c for c in dev if c.id in dev_labels]
        _, r_on, _ = _run(on, dev)
        _, r_off, _ = _run(off, dev)
        figures["realistic_dev_any_risk_recall"] = {
            "cascade": round(_recall(r_on, y), 4),
            "all_embedding": round(_recall(r_off, y), 4),
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
