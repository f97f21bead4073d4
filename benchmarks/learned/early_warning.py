"""Early warning on the VTPAN test part, eSPD-style.

``python -m benchmarks.learned.early_warning``. VTPAN segments are flattened without message
boundaries, so each segment is cut into pseudo-messages of 8 words (about a chat message);
the shipped grooming window model (the combiner the detector uses for windows) reads the
last 20 pseudo-messages after every 3rd one, and the alert is the first window at or above
the set's threshold (picked on its out-of-fold dev scores).
"""

from __future__ import annotations

import dataclasses
import json

from benchmarks.learned.data_access import data_available, test_part
from benchmarks.learned.results import machine, merge_results

from safeguard.learn.early_warning import early_warning
from safeguard.learn.models import default_models, models_dir
from safeguard.learn.scoring import text_probabilities

WORDS_PER_MESSAGE = 8
WINDOW = 20
STEP = 3


def main() -> dict[str, object]:
    if not data_available():
        print("shared data not found; skipping early warning")
        return {}
    threshold = json.loads((models_dir() / "figures.json").read_text("utf-8"))["grooming"]["vtpan"][
        "learned"
    ]["threshold"]
    models = default_models()
    _, _, texts, labels = test_part("vtpan")
    windows: list[str] = []
    owners: list[tuple[int, int]] = []
    lengths: list[int] = []
    for c, text in enumerate(texts):
        words = text.split()
        msgs = [
            " ".join(words[i : i + WORDS_PER_MESSAGE])
            for i in range(0, len(words), WORDS_PER_MESSAGE)
        ]
        lengths.append(len(msgs))
        ends = list(range(STEP, len(msgs) + 1, STEP))
        if not ends or ends[-1] != len(msgs):
            ends.append(len(msgs))
        for end in ends:
            windows.append(" ".join(msgs[max(0, end - WINDOW) : end]))
            owners.append((c, end))
    probs = text_probabilities(models, "grooming", windows, kind="window")
    first: list[int | None] = [None] * len(texts)
    for (c, end), p in zip(owners, probs, strict=True):
        if p >= threshold and first[c] is None:
            first[c] = end
    result = early_warning(first, labels, lengths)
    figures = {
        "machine": machine(),
        "segments": len(texts),
        "positives": sum(labels),
        "threshold": threshold,
        "words_per_pseudo_message": WORDS_PER_MESSAGE,
        **{
            k: (round(v, 4) if isinstance(v, float) else v)
            for k, v in dataclasses.asdict(result).items()
        },
        "median_positive_length_messages": sorted(
            n for n, y in zip(lengths, labels, strict=True) if y
        )[sum(labels) // 2],
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    merge_results("early_warning_vtpan", figures)
    return figures


if __name__ == "__main__":
    main()
