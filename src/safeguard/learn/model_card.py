"""Write ``MODEL_CARD.md`` from the figures files next to the weights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from safeguard.learn.datasets import LOADERS
from safeguard.learn.models import models_dir
from safeguard.learn.splits import SPLIT_SEED, TEST_PERCENT

_DATA = {
    "vtpan": (
        "VTPAN segments (PAN 2012, eSPD subset)",
        "PAN 2012 research-use terms",
        "offenders wrote to adult decoys; most negative segments are technical IRC chat,"
        " so the subject of a chat partly predicts its label",
    ),
    "formspring": (
        "Formspring Q&A (Reynolds et al. 2011), majority of 3 crowd votes",
        "research data",
        "2011 teen slang; crowd labels are noisy",
    ),
    "olid": (
        "OLID / OffensEval 2019 subtask A",
        "CC BY 4.0",
        "US political Twitter 2019; 'offensive' includes swearing that is not bullying",
    ),
    "davidson": (
        "Davidson et al. 2017 hate/offensive tweets",
        "MIT",
        "African-American English is marked offensive more often than other dialects",
    ),
    "cyberbullying": (
        "Cyberbullying Classification (Wang et al. 2020), truncated",
        "per original",
        "gender and religion classes only",
    ),
    "cssrs": (
        "Reddit C-SSRS (Gaur et al. 2019), all posts of a user",
        "per original (Zenodo)",
        "adult Reddit users; 250 users only",
    ),
    "suicide_detection": (
        "Suicide and Depression Detection (Kaggle sample)",
        "per original",
        "a post's label is the forum it came from; the negative forums include a teen one",
    ),
}


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def figures_table(figures: dict[str, Any]) -> str:
    rows = [
        "| category | data set (test part) | n | pos | model | AUC | F1 | precision | recall"
        " | FPR | cv AUC |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for category, per_set in figures.items():
        for name, fig in per_set.items():
            for model in (
                "learned",
                "learned_message_combiner",
                "baseline_tfidf_lr",
                "ngram_only",
                "tfidf_only",
                "embedding_only",
                "pieces_only",
                "exemplar_only",
            ):
                if model not in fig:
                    continue
                f = fig[model]
                cells = [category, name, f["n"], f["positives"], model]
                cells += [_fmt(f.get(k)) for k in ("auc", "f1", "precision", "recall", "fpr")]
                cells.append(_fmt(f.get("cv_auc")))
                rows.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(rows)


def write_model_card(directory: Path) -> Path:
    """Render the card from ``figures.json`` (and ``extra_figures.json`` if present)."""
    figures = json.loads((directory / "figures.json").read_text("utf-8"))
    extra_path = directory / "extra_figures.json"
    extra = json.loads(extra_path.read_text("utf-8")) if extra_path.is_file() else {}
    template = (models_dir() / "MODEL_CARD.template.md").read_text("utf-8")
    data_rows = "\n".join(
        f"| `{name}` | {desc} | {lic} | {bias} |"
        for name, (desc, lic, bias) in _DATA.items()
        if name in LOADERS
    )
    text = template.format(
        data_rows=data_rows,
        test_percent=TEST_PERCENT,
        seed=SPLIT_SEED,
        figures=figures_table(figures),
        extra="\n\n".join(str(v) for v in extra.values()) if extra else "(not measured yet)",
    )
    path = directory / "MODEL_CARD.md"
    path.write_text(text, "utf-8")
    return path
