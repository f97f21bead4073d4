"""``make bench``: run every benchmark; each prints its figures and writes bench-results/*.json."""

from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = (
    "benchmarks.bench_detection",
    "benchmarks.bench_signals_sexual_harm",
    "benchmarks.bench_signals_benign",
    "benchmarks.images.bench_images",
    "benchmarks.learned.run",
    "benchmarks.dashboard.bench_dashboard",
    "benchmarks.batch.bench_batch",
    "benchmarks.api.bench_api",
)


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                print(f"== {name}: not present, skipped")
                continue
            raise
        print(f"== {name}")
        start = time.perf_counter()
        try:
            module.main()
        except Exception as exc:  # report and go on to the next benchmark
            failed.append(name)
            print(f"!! {name} failed: {exc!r}", file=sys.stderr)
        print(f"== {name}: {time.perf_counter() - start:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
