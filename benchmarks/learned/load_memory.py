"""Model load time and peak memory of a scan with the learned detector.

``python -m benchmarks.learned.load_memory``: times loading every learned model (MiniLM
included) and scanning ``benchmarks/data/realistic_dev.jsonl`` with rules + learned, and
reports this process's peak resident memory.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from benchmarks.learned.results import machine, merge_results

from safeguard.core.engine import build_engine
from safeguard.learn.learned_detector import LearnedDetector
from safeguard.learn.models import load_models

DEV = Path("benchmarks/data/realistic_dev.jsonl")


def main() -> dict[str, object]:
    start = time.perf_counter()
    models = load_models()
    load_s = time.perf_counter() - start
    engine = build_engine(extra=[LearnedDetector(models)])
    scanned = 0
    scan_s = 0.0
    if DEV.is_file():
        from safeguard.importers.registry import read_conversations

        convs = list(read_conversations(DEV))
        start = time.perf_counter()
        for conv in convs:
            engine.assess(conv)
        scan_s = time.perf_counter() - start
        scanned = sum(len(c.messages) for c in convs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "machine": machine(),
        "model_load_s": round(load_s, 2),
        "realistic_dev_messages": scanned,
        "realistic_dev_scan_s": round(scan_s, 2),
        "peak_rss_mb": round(peak_mb, 1),
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    merge_results("load_memory", figures)
    return figures


if __name__ == "__main__":
    main()
