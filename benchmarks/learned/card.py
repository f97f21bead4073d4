"""Render the benchmark figures into the model card's "Further measurements" section."""

from __future__ import annotations

import json
from typing import Any

from benchmarks.learned.results import RESULTS

from safeguard.learn.model_card import write_model_card
from safeguard.learn.models import models_dir


def _rows(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def sections(results: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    if "heldout" in results:
        rows = [
            [
                n,
                r["category"],
                r["learned_auc"],
                r["baseline_auc"],
                r["exemplar_only_auc"],
                r["learned_f1"],
                r["baseline_f1"],
                r["exemplar_only_f1"],
            ]
            for n, r in results["heldout"]["sets"].items()
        ]
        out["heldout"] = (
            "### Combined model vs baseline vs exemplar scoring alone (test parts)\n\n"
            + _rows(
                [
                    "set",
                    "category",
                    "AUC combined",
                    "AUC TF-IDF+LR",
                    "AUC exemplars alone",
                    "F1 combined",
                    "F1 TF-IDF+LR",
                    "F1 exemplars alone",
                ],
                rows,
            )
        )
    if "embedders" in results:
        e = results["embedders"]
        out["embedders"] = "### Embedders (generated chat messages)\n\n" + _rows(
            ["embedder", "messages/s", "note"],
            [
                ["all-MiniLM-L6-v2", e["minilm_messages_per_s"], "exact"],
                [
                    "MiniLM int8 (dynamic quantisation)",
                    e["minilm_int8_messages_per_s"],
                    f"mean cosine to exact {e['minilm_int8_mean_cosine_to_exact']}",
                ],
                ["static (distilled)", e["static_messages_per_s"], f"{e['static_dim']} dims"],
            ],
        )
    if "robustness" in results:
        rows = []
        for name, r in results["robustness"].items():
            if name == "machine":
                continue
            rows.append(
                [name, r["positives"], r["clean"]["recall"]]
                + [
                    f"{r[k]['recall']} ({-r[k]['drop']:+.3f})"
                    for k in ("leetspeak", "spacing", "lookalikes", "emoji")
                ]
            )
        out["robustness"] = (
            "### Evasion robustness (recall on perturbed test positives, change vs clean)\n\n"
            + _rows(
                ["set", "positives", "clean", "leetspeak", "spacing", "look-alikes", "emoji"], rows
            )
        )
    if "fairness" in results:
        rows = [
            [
                n,
                r["messages"],
                r["alert_rate"],
                r["learned_signal_rate"],
                r["learned_signal_rate_without_cascade"],
            ]
            for n, r in results["fairness"].items()
            if n != "machine" and "messages" in r and "learned_signal_rate_without_cascade" in r
        ]
        out["fairness"] = (
            "### Fairness slice (own hard negatives, never trained on): false-alarm rates\n\n"
            + _rows(
                [
                    "slice",
                    "messages",
                    "alert rate (rules+learned)",
                    "learned signal rate",
                    "learned, no cascade",
                ],
                rows,
            )
        )
    if "early_warning_vtpan" in results:
        e = results["early_warning_vtpan"]
        out["early"] = "### Early warning (VTPAN test part, 8-word pseudo-messages)\n\n" + _rows(
            [
                "F1",
                "precision",
                "recall",
                "speed",
                "latency-weighted F1",
                "median messages until alert",
                "median positive length",
            ],
            [
                [
                    e["f1"],
                    e["precision"],
                    e["recall"],
                    e["speed"],
                    e["latency_weighted_f1"],
                    e["median_messages_until_alert"],
                    e["median_positive_length_messages"],
                ]
            ],
        )
    if "cascade" in results:
        out["cascade"] = _cascade(results["cascade"])
    if "cascade_cpu" in results:
        c = results["cascade_cpu"]
        load = c.get("load_avg_1min_before_after", ["?", "?"])
        out["cascade_cpu"] = (
            "### Speed cascade in CPU time (PyTorch on one thread; messages per CPU second)\n\n"
            + _rows(
                ["generated mix, 95% ordinary", "msg per CPU s", "x MiniLM (same measure)"],
                [
                    ["MiniLM on every message (batched)", c["minilm_every_message_per_cpu_s"], 1.0],
                    [
                        "cascade, per conversation",
                        c["cascade_per_conversation_per_cpu_s"],
                        c["speedup_per_conversation"],
                    ],
                    [
                        "cascade, 64 conversations a batch",
                        c["cascade_batched_64_per_cpu_s"],
                        c["speedup_batched_64"],
                    ],
                ],
            )
            + f"\n\n1-minute load average before / after: {load[0]} / {load[1]} (CPU time "
            "depends little on it; wall-clock rates above do)."
        )
    if "load_memory" in results:
        m = results["load_memory"]
        out["load"] = "### Load time and memory (rules + learned, realistic_dev)\n\n" + _rows(
            ["model load s", "messages", "scan s", "peak RSS MB"],
            [
                [
                    m["model_load_s"],
                    m["realistic_dev_messages"],
                    m["realistic_dev_scan_s"],
                    m["peak_rss_mb"],
                ]
            ],
        )
    return out


def _cascade(c: dict[str, Any]) -> str:
    g = c["generated_mix"]
    d = c.get("realistic_dev_any_risk_recall", {})
    speed = g.get("speedups", {})
    load = c.get("load_avg_1min_before_after")

    def row(label: str, rate_key: str, speed_key: str, recall: Any = "") -> list[Any]:
        s = speed.get(speed_key, {})
        return [
            label,
            g.get(rate_key),
            s.get("vs_minilm_measured"),
            s.get("vs_minilm_nominal_330"),
            recall,
        ]

    rows = [
        row(
            "per conversation (engine.assess)",
            "cascade_messages_per_s",
            "cascade_per_conversation",
            g["recall_cascade"],
        ),
        row(
            "64 conversations a batch (detect_many, one MiniLM pass)",
            "cascade_batched_messages_per_s",
            "cascade_batched_64",
            g.get("recall_cascade_batched", ""),
        ),
        row(
            "per conversation, no memory of texts",
            "cascade_no_text_memory_messages_per_s",
            "cascade_per_conversation_no_text_memory",
        ),
        row(
            "64 a batch, memory of texts emptied per batch",
            "cascade_batched_no_text_memory_messages_per_s",
            "cascade_batched_64_no_text_memory",
        ),
        ["all-embedding pipeline (no cascade)", g["all_embedding_messages_per_s"], "", "", ""],
        ["rules alone", g.get("rules_only_messages_per_s"), "", "", ""],
        ["MiniLM on every message (batched)", g.get("minilm_every_message_per_s"), 1.0, "", ""],
    ]
    us = g.get("stage_one_cpu_us_per_message", {})
    notes = [
        f"Generated mix: {g['conversations']} conversations, {g['messages']} messages "
        f"({g.get('distinct_texts', '?')} distinct texts), 95% ordinary; share of messages "
        f"embedded by MiniLM {g['share_of_messages_embedded']}; recall of the all-embedding "
        f"pipeline {g['recall_all_embedding']}. realistic_dev (any risk): recall cascade "
        f"{d.get('cascade')}, all-embedding {d.get('all_embedding')}.",
    ]
    if us:
        notes.append(
            f"Stage one alone, CPU microseconds per message: {us.get('fast')} (memory of "
            f"texts), {us.get('fast_cold')} (no text seen before), {us.get('reference')} "
            "(the first implementation, every model on every message)."
        )
    if load:
        notes.append(f"1-minute load average before / after the run: {load[0]} / {load[1]}.")
    return (
        "### Speed cascade (full pipeline: rules + learned)\n\n"
        + _rows(
            [
                "generated mix, 95% ordinary",
                "msg/s",
                "x MiniLM measured",
                "x MiniLM nominal 330/s",
                "recall (risky conversations)",
            ],
            rows,
        )
        + "\n\n"
        + "\n\n".join(notes)
    )


def refresh_card() -> None:
    results = json.loads(RESULTS.read_text("utf-8"))
    path = models_dir() / "extra_figures.json"
    path.write_text(json.dumps(sections(results), indent=2) + "\n", "utf-8")
    write_model_card(models_dir())


if __name__ == "__main__":
    refresh_card()
