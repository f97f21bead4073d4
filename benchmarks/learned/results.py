"""Shared helpers of the learned benchmarks: where figures go and what machine made them."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

RESULTS = Path("bench-results/learned.json")


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare figures: cores, CPU, load, no GPU."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cores": os.cpu_count(),
        "cpu": model or platform.processor(),
        "gpu": False,
        "load_avg_1min_at_start": load,
        "python": platform.python_version(),
    }


def merge_results(section: str, figures: dict[str, Any], path: Path = RESULTS) -> None:
    """Write ``figures`` under ``section`` of the results file, keeping other sections."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}
    if path.exists():
        data = json.loads(path.read_text("utf-8"))
    data[section] = figures
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
