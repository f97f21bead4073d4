"""Sexual-harm rules (grooming, image solicitation, sexual talk, webcam, sextortion, sexual
imagery, commercial exploitation): recall on the realistic sets and false positives on real text.

1. Per-category recall (raised at medium or above) on ``realistic_dev`` (the set the rules were
   tuned on) and ``realistic_dev2`` (written by an author who never saw the rules), with roles
   as written and removed, and the false alarms on their benign conversations. The holdout set
   is deliberately not read here.
2. Message-level false positives on public benign corpora (Formspring posts not called
   bullying, OLID tweets labelled NOT offensive, Kaggle "non-suicide" posts, tweets labelled
   not_cyberbullying): each message is assessed on its own, roles unknown, and counted if it
   raises one of the sexual-harm categories at medium or above. The corpora are read at run
   time from the shared data folder (``SAFEGUARD_SHARED_DATA``, default ``../shared/data``); no
   text is copied or printed, only counts and rule ids.

    PYTHONPATH=src .venv/bin/python -m benchmarks.bench_signals_sexual_harm [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.bench_detection import evaluate
from benchmarks.bench_signals_benign import CORPORA, _data_dir
from safeguard.core.conversation_json import conversation_from_dict
from safeguard.core.engine import ScanEngine
from safeguard.core.levels import RiskLevel

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results" / "signals_sexual_harm.json"
CATEGORIES = (
    "grooming",
    "image_solicitation",
    "sexual_conversation",
    "webcam_abuse",
    "sextortion",
    "sexual_imagery",
    "exploitation_commercial",
)
SETS = ("realistic_dev", "realistic_dev2")


def recall(name: str) -> list[dict[str, Any]]:
    """Recall of the sexual-harm categories on one realistic set, roles as written and removed."""
    out = []
    for roles in (True, False):
        r = evaluate(name, roles=roles)
        mine = {c: v for c, v in r["per_category"].items() if c in CATEGORIES}
        found = sum(v["found"] for v in mine.values())
        labelled = sum(v["labelled"] for v in mine.values())
        out.append(
            {
                "set": name,
                "roles": r["roles"],
                "recall": round(found / labelled, 3) if labelled else None,
                "found": found,
                "labelled": labelled,
                "per_category": mine,
                "missed": [m for m in r["missed"] if m.split(":")[1] in CATEGORIES],
                "false_alarms_all_categories": r["false_alarms"],
                "benign_conversations": r["benign_conversations"],
                "false_alarm_ids": r["false_alarm_ids"],
            }
        )
    return out


def benign_rate(name: str, texts: Iterator[str], engine: ScanEngine, limit: int) -> dict[str, Any]:
    """Messages of a benign corpus raising a sexual-harm category at medium or above."""
    messages = raised = 0
    by_category: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    for text in texts:
        if limit and messages >= limit:
            break
        messages += 1
        conv = conversation_from_dict(
            {"id": "m", "participants": [{"id": "a"}], "messages": [{"sender": "a", "text": text}]}
        )
        found = [
            c
            for c in engine.assess(conv).categories
            if c.category in CATEGORIES and c.level >= RiskLevel.MEDIUM
        ]
        if found:
            raised += 1
        for c in found:
            by_category[c.category] += 1
            by_rule.update({e.rule for e in c.evidence})
    return {
        "corpus": name,
        "messages": messages,
        "raised_medium": raised,
        "rate": round(raised / messages, 5) if messages else None,
        "per_category": dict(sorted(by_category.items())),
        "rules": dict(by_rule.most_common(10)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N messages per corpus")
    args = parser.parse_args(sys.argv[1:] if __name__ == "__main__" else [])
    started = time.perf_counter()
    sets = []
    for name in SETS:
        for r in recall(name):
            sets.append(r)
            print(
                f"{r['set']:16} roles {r['roles']:10} recall {r['recall']} "
                f"({r['found']}/{r['labelled']})  false alarms (any category) "
                f"{r['false_alarms_all_categories']}/{r['benign_conversations']}"
            )
            print("   ", {c: v["recall"] for c, v in r["per_category"].items()})
    corpora = []
    if _data_dir().exists():
        engine = ScanEngine()
        for name, (source, kind) in CORPORA.items():
            if kind != "benign":
                continue
            r = benign_rate(name, source(), engine, args.limit)
            corpora.append(r)
            print(
                f"benign {name:40} {r['raised_medium']:4}/{r['messages']:<6} rate {r['rate']}"
                f"  {r['per_category']}"
            )
        total = sum(r["messages"] for r in corpora)
        hits = sum(r["raised_medium"] for r in corpora)
        print(f"benign all corpora: {hits}/{total} = {hits / total:.5f}")
    else:
        print(f"shared data folder not found: {_data_dir()} (benign rates skipped)")
    out = {
        "categories": list(CATEGORIES),
        "note": (
            "recall: conversations labelled with a category and raising it at medium or above; "
            "benign: single messages, roles unknown, medium or above in these categories; "
            "measured on a shared 2-core machine"
        ),
        "seconds": round(time.perf_counter() - started, 1),
        "realistic_sets": sets,
        "benign_corpora": corpora,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
