"""Evasion robustness: recall on held-out positives, clean and perturbed.

``python -m benchmarks.learned.robustness``: for each data set's test part, the positives
are perturbed (leetspeak, spaced letters, look-alike letters, emoji) and scored by the
shipped model (which normalises them as the detector does) at the set's threshold.
"""

from __future__ import annotations

import json
import random

from benchmarks.learned.data_access import data_available, test_part
from benchmarks.learned.results import machine, merge_results

from safeguard.learn.models import default_models, models_dir
from safeguard.learn.perturb import PERTURBATIONS
from safeguard.learn.scoring import text_probabilities

SETS = {
    "vtpan": "grooming",
    "formspring": "threats_abuse",
    "cyberbullying": "threats_abuse",
    "suicide_detection": "self_harm_risk",
}
MAX_POSITIVES = 150


def main() -> dict[str, object]:
    if not data_available():
        print("shared data not found; skipping robustness")
        return {}
    figures = json.loads((models_dir() / "figures.json").read_text("utf-8"))
    models = default_models()
    out: dict[str, object] = {"machine": machine()}
    for name, category in SETS.items():
        _, raw, _, labels = test_part(name)
        positives = [t for t, y in zip(raw, labels, strict=True) if y == 1]
        random.Random(0).shuffle(positives)
        positives = positives[:MAX_POSITIVES]
        threshold = figures[category][name]["learned"]["threshold"]
        row: dict[str, object] = {"positives": len(positives), "threshold": threshold}
        variants = {"clean": positives}
        variants.update(
            {k: [f(t, i) for i, t in enumerate(positives)] for k, f in PERTURBATIONS.items()}
        )
        clean_recall = 0.0
        for variant, texts in variants.items():
            kind = figures[category][name].get("kind", "message")
            p = text_probabilities(models, category, texts, kind=kind)
            recall = float((p >= threshold).mean()) if len(p) else 0.0
            if variant == "clean":
                clean_recall = recall
            row[variant] = {"recall": round(recall, 4), "drop": round(clean_recall - recall, 4)}
            print(
                f"{name:18s} {variant:10s} recall {recall:.3f} (drop {clean_recall - recall:+.3f})"
            )
        out[name] = row
    merge_results("robustness", out)
    return out


if __name__ == "__main__":
    main()
