"""The speed cascade in CPU time, one thread: figures that survive a shared, loaded machine.

``python -m benchmarks.learned.cascade_cpu``: the generated mix of ``cascade.py``, with
PyTorch on one thread, timed by the process's CPU time (``time.process_time``) instead of
the wall clock. Wall-clock rates on a machine other jobs keep busy mostly measure the other
jobs (and two PyTorch threads on two contended cores stall each other at every barrier);
the CPU seconds a configuration spends per message do not depend much on the load. Rates
are messages per CPU second, each the median of ``repeats`` interleaved runs, and speed-ups
are ratios of such rates (MiniLM on every message measured the same way); the nominal
330/s of issue 3 is a wall-clock rate, so the ratio to it is not reported here.
"""

from __future__ import annotations

import os
import statistics
import time

from benchmarks.learned.cascade import BATCH, BatchingEngine, generated_mix
from benchmarks.learned.results import machine, merge_results

from safeguard.core.conversation import Conversation
from safeguard.core.engine import ScanEngine, build_engine
from safeguard.learn.learned_detector import LearnedDetector
from safeguard.learn.models import default_models
from safeguard.learn.pieces import learned_text
from safeguard.learn.thresholds import default_thresholds


def _cpu_rate(engine: ScanEngine, convs: list[Conversation], batch: int) -> float:
    start = time.process_time()
    for k in range(0, len(convs), batch):
        part = convs[k : k + batch]
        if batch == 1:
            engine.assess(part[0])
        else:
            engine.assess_many(part)
    return sum(len(c.messages) for c in convs) / (time.process_time() - start)


def main(n_conversations: int = 400, repeats: int = 3) -> dict[str, object]:
    import torch

    load_before = os.getloadavg()[0]
    models = default_models()
    models.embedder.encode(["warm up"])
    torch.set_num_threads(1)
    on = LearnedDetector(models, default_thresholds())
    engine = build_engine(extra=[on])
    batching = BatchingEngine(engine.detectors, engine.assessor)
    convs, _ = generated_mix(n_conversations)
    texts = [learned_text(m.text) for c in convs[:40] for m in c.messages]
    _cpu_rate(engine, convs[:20], 1)
    rates: dict[str, list[float]] = {"minilm": [], "cascade": [], "batched": []}
    for _ in range(repeats):
        start = time.process_time()
        models.embedder.encode(texts)
        rates["minilm"].append(len(texts) / (time.process_time() - start))
        rates["cascade"].append(_cpu_rate(engine, convs, 1))
        rates["batched"].append(_cpu_rate(batching, convs, BATCH))
    med = {k: statistics.median(v) for k, v in rates.items()}
    figures: dict[str, object] = {
        "machine": machine(),
        "torch_threads": 1,
        "load_avg_1min_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "messages": sum(len(c.messages) for c in convs),
        "minilm_every_message_per_cpu_s": round(med["minilm"], 1),
        "cascade_per_conversation_per_cpu_s": round(med["cascade"], 1),
        "cascade_batched_64_per_cpu_s": round(med["batched"], 1),
        "speedup_per_conversation": round(med["cascade"] / med["minilm"], 1),
        "speedup_batched_64": round(med["batched"] / med["minilm"], 1),
        "runs_per_cpu_s": {k: [round(x, 1) for x in v] for k, v in rates.items()},
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    merge_results("cascade_cpu", figures)
    return figures


if __name__ == "__main__":
    main()
