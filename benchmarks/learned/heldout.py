"""Held-out figures per data set, learned vs TF-IDF baseline vs exemplar scoring alone.

``python -m benchmarks.learned.heldout`` copies the test-part figures that ``safeguard
train`` measured (``data/models/figures.json``) into ``bench-results/learned.json`` with a
short comparison: the combined model against the baseline and against Sentinel-style
exemplar scoring alone (what the combined model gains over it).
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks.learned.results import machine, merge_results

from safeguard.learn.models import models_dir


def main() -> dict[str, Any]:
    figures = json.loads((models_dir() / "figures.json").read_text("utf-8"))
    out: dict[str, Any] = {"machine": machine(), "sets": {}}
    for category, per_set in figures.items():
        for name, fig in per_set.items():
            row = {
                "category": category,
                "test_examples": fig["test_examples"],
                "learned_auc": fig["learned"]["auc"],
                "learned_f1": fig["learned"]["f1"],
                "baseline_auc": fig["baseline_tfidf_lr"]["auc"],
                "baseline_f1": fig["baseline_tfidf_lr"]["f1"],
                "exemplar_only_auc": fig.get("exemplar_only", {}).get("auc"),
                "exemplar_only_f1": fig.get("exemplar_only", {}).get("f1"),
            }
            row["beats_baseline"] = bool(
                row["learned_auc"] > row["baseline_auc"] and row["learned_f1"] > row["baseline_f1"]
            )
            out["sets"][name] = row
            print(
                f"{name:18s} AUC {row['learned_auc']:.4f} vs {row['baseline_auc']:.4f}"
                f" (exemplars alone {row['exemplar_only_auc']})  F1 {row['learned_f1']:.3f}"
                f" vs {row['baseline_f1']:.3f}  beats baseline: {row['beats_baseline']}"
            )
    merge_results("heldout", out)
    return out


if __name__ == "__main__":
    main()
