"""Throughput of the full pipeline with the cascade, against MiniLM on every message.

``python -m benchmarks.learned.cascade``: a generated mix of conversations (95% ordinary,
5% carrying three risky lines among twenty; see chat_mix.py) is scanned by the engine with
the rule detectors plus the learned detector. Reported, each the median of ``repeats``
interleaved runs (the machine is shared, so its load drifts):

- the reference: MiniLM embedding every message of the mix (batched, exact), messages/s;
- the full pipeline with the cascade, messages/s, and its speed-up over the reference;
- the full pipeline with the cascade disabled (every message embedded: the all-embedding
  pipeline), and the rules alone (the ceiling the learned stages can only lower);
- the share of messages the cascade sent to MiniLM, and the recall (conversation raised
  to medium or above) of the cascade and of the all-embedding pipeline on the generated
  risky conversations and on the labelled realistic_dev conversations.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import time
from pathlib import Path

from benchmarks.learned.chat_mix import chat_messages
from benchmarks.learned.results import machine, merge_results

from safeguard.core.conversation import Conversation, Message
from safeguard.core.engine import ScanEngine, build_engine
from safeguard.core.levels import RiskLevel
from safeguard.learn.learned_detector import LearnedDetector
from safeguard.learn.models import LearnedModels, default_models
from safeguard.learn.pieces import learned_text
from safeguard.learn.thresholds import default_thresholds

DEV = Path("benchmarks/data/realistic_dev.jsonl")
DEV_LABELS = Path("benchmarks/data/realistic_dev.labels.jsonl")


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
    engine: ScanEngine, detector: LearnedDetector | None, convs: list[Conversation]
) -> tuple[float, list[bool], int]:
    gated = 0
    start = time.perf_counter()
    raised = []
    for conv in convs:
        assessment = engine.assess(conv)
        gated += detector.last_gated if detector else 0
        raised.append(assessment.risk >= RiskLevel.MEDIUM)
    elapsed = time.perf_counter() - start
    return sum(len(c.messages) for c in convs) / elapsed, raised, gated


def _minilm_every_message(models: LearnedModels, texts: list[str]) -> float:
    """Messages/s of MiniLM alone on every message (normalised as the models read them)."""
    start = time.perf_counter()
    models.embedder.encode([learned_text(t) for t in texts])
    return len(texts) / (time.perf_counter() - start)


def _recall(raised: list[bool], labels: list[int]) -> float:
    pos = [r for r, y in zip(raised, labels, strict=True) if y]
    return round(sum(pos) / len(pos), 4) if pos else 0.0


def main(n_conversations: int = 400, repeats: int = 3) -> dict[str, object]:
    models = default_models()
    models.embedder.encode(["warm up"])
    on = LearnedDetector(models, default_thresholds())
    off = LearnedDetector(models, dataclasses.replace(default_thresholds(), cascade_enabled=False))
    engine_on, engine_off = build_engine(extra=[on]), build_engine(extra=[off])
    rules = build_engine()
    convs, labels = generated_mix(n_conversations)
    texts = [m.text for c in convs for m in c.messages]
    n_messages = len(texts)
    _run(engine_on, on, convs[:20])  # warm up caches of every stage
    rates: dict[str, list[float]] = {"cascade": [], "minilm": [], "rules": [], "all": []}
    raised_on: list[bool] = []
    gated_on = 0
    slice_n = max(20, n_conversations // 10)  # all-embedding is slow: time it on a slice
    for _ in range(repeats):
        rate, raised_on, gated_on = _run(engine_on, on, convs)
        rates["cascade"].append(rate)
        rates["minilm"].append(_minilm_every_message(models, texts[: slice_n * 20]))
        rates["rules"].append(_run(rules, None, convs)[0])
        rates["all"].append(_run(engine_off, off, convs[:slice_n])[0])
    med = {k: statistics.median(v) for k, v in rates.items()}
    risky = [c for c, y in zip(convs, labels, strict=True) if y]
    _, raised_off_risky, _ = _run(engine_off, off, risky)
    _, raised_on_risky, _ = _run(engine_on, on, risky)
    figures: dict[str, object] = {
        "machine": machine(),
        "generated_mix": {
            "conversations": len(convs),
            "messages": n_messages,
            "risky_conversations": sum(labels),
            "repeats": repeats,
            "minilm_every_message_per_s": round(med["minilm"], 1),
            "cascade_messages_per_s": round(med["cascade"], 1),
            "speedup_vs_minilm_every_message": round(med["cascade"] / med["minilm"], 1),
            "all_embedding_messages_per_s": round(med["all"], 1),
            "speedup_vs_all_embedding_pipeline": round(med["cascade"] / med["all"], 1),
            "rules_only_messages_per_s": round(med["rules"], 1),
            "rules_only_vs_minilm_every_message": round(med["rules"] / med["minilm"], 1),
            "runs_messages_per_s": {k: [round(x, 1) for x in v] for k, v in rates.items()},
            "share_of_messages_embedded": round(gated_on / n_messages, 4),
            "recall_cascade": _recall(raised_on_risky, [1] * len(risky)),
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
