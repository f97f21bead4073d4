"""Fairness slice: false alarms on ordinary things young people say.

``python -m benchmarks.learned.fairness``: every line of
``safeguard/data/exemplars/fairness_hard_negatives.yaml`` (never used in training or for
thresholds) is scanned as a one-message conversation by the rules plus the learned detector.
Reported per slice: the share raised to medium or above (an alert), and the share on which
the learned detector emitted any signal.
"""

from __future__ import annotations

import dataclasses
from importlib import resources
from typing import Any

import yaml
from benchmarks.learned.results import machine, merge_results

from safeguard.core.conversation import Conversation, Message
from safeguard.core.detector import ConversationView
from safeguard.core.engine import build_engine
from safeguard.core.levels import RiskLevel
from safeguard.learn.learned_detector import LearnedDetector


def slices() -> dict[str, list[str]]:
    text = (
        resources.files("safeguard.data")
        .joinpath("exemplars/fairness_hard_negatives.yaml")
        .read_text("utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return {str(k): [str(x) for x in v] for k, v in data["slices"].items()}


def main() -> dict[str, object]:
    detector = LearnedDetector()
    ungated = LearnedDetector(
        detector.models, dataclasses.replace(detector.thresholds, cascade_enabled=False)
    )
    engine = build_engine(extra=[detector])
    out: dict[str, object] = {"machine": machine()}
    total = alerts_total = learned_total = 0
    for name, lines in slices().items():
        alerts = learned = ungated_hits = 0
        for i, line in enumerate(lines):
            conv = Conversation(f"f-{name}-{i}", (Message(f"f-{name}-{i}-0", "a", line),))
            if engine.assess(conv).risk >= RiskLevel.MEDIUM:
                alerts += 1
            if detector.detect(ConversationView.of(conv)):
                learned += 1
            if ungated.detect(ConversationView.of(conv)):
                ungated_hits += 1
        out[name] = {
            "messages": len(lines),
            "alert_rate": round(alerts / len(lines), 4),
            "learned_signal_rate": round(learned / len(lines), 4),
            "learned_signal_rate_without_cascade": round(ungated_hits / len(lines), 4),
        }
        total += len(lines)
        alerts_total += alerts
        learned_total += learned
        print(
            f"{name:20s} alerts {alerts}/{len(lines)}  learned signals {learned}/{len(lines)}"
            f"  (without cascade {ungated_hits}/{len(lines)})"
        )
    out["all"] = {
        "messages": total,
        "alert_rate": round(alerts_total / total, 4),
        "learned_signal_rate": round(learned_total / total, 4),
    }
    print(f"all: alerts {alerts_total}/{total}, learned signals {learned_total}/{total}")
    merge_results("fairness", out)
    return out


if __name__ == "__main__":
    main()
