"""Message-level false positives of the harm and personal-information rules on real text.

Each message of a public benign corpus (Formspring posts the annotators did not call bullying,
OLID tweets labelled NOT offensive, Kaggle "non-suicide" posts, tweets labelled
not_cyberbullying) is assessed on its own, roles unknown, and counted if it raises one of the
categories below at medium or above. The labelled positives of the same corpora give a rough
message-level hit rate for comparison. The corpora are read at run time from the shared data
folder (``SAFEGUARD_SHARED_DATA``, default ``../shared/data``); no text is copied or printed,
only counts and rule ids.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_signals_benign.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from safeguard.core.conversation_json import conversation_from_dict
from safeguard.core.engine import ScanEngine
from safeguard.core.levels import RiskLevel

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results" / "signals_harm_info_benign.json"
CATEGORIES = (
    "threats_abuse",
    "hate_group",
    "self_harm_encouragement",
    "self_harm_risk",
    "impersonation",
    "personal_info",
    "adult_content_exposure",
)


def _data_dir() -> Path:
    return Path(os.environ.get("SAFEGUARD_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def _formspring(bullying: bool) -> Iterator[str]:
    for row in _rows(_data_dir() / "bullying" / "formspring_dev.csv"):
        votes = sum(row.get(f"ans{i}", "").strip().lower() == "yes" for i in (1, 2, 3))
        if (votes >= 2) == bullying:
            for field in ("ques", "ans"):
                text = html.unescape(row.get(field) or "").replace("<br>", " ").strip()
                if text:
                    yield text


def _olid(offensive: bool) -> Iterator[str]:
    path = _data_dir() / "bullying" / "olid" / "olid-training-v1.0.tsv"
    for row in _rows(path, "\t"):
        if (row.get("subtask_a") == "OFF") == offensive:
            yield row.get("tweet") or ""


def _suicide_detection(suicide: bool) -> Iterator[str]:
    for row in _rows(_data_dir() / "self_harm" / "suicide_detection_dev.csv"):
        if (row.get("class") == "suicide") == suicide:
            yield row.get("text") or ""


def _cyberbullying_tweets(bullying: bool) -> Iterator[str]:
    for row in _rows(_data_dir() / "bullying" / "cyberbullying_tweets.csv"):
        if (row.get("cyberbullying_type") != "not_cyberbullying") == bullying:
            yield row.get("tweet_text") or ""


CORPORA: dict[str, tuple[Callable[[], Iterator[str]], str]] = {
    "formspring_not_bullying": (lambda: _formspring(False), "benign"),
    "olid_not_offensive": (lambda: _olid(False), "benign"),
    "suicide_detection_non_suicide": (lambda: _suicide_detection(False), "benign"),
    "cyberbullying_tweets_not_cyberbullying": (lambda: _cyberbullying_tweets(False), "benign"),
    "formspring_bullying": (lambda: _formspring(True), "positive"),
    "olid_offensive": (lambda: _olid(True), "positive"),
    "suicide_detection_suicide": (lambda: _suicide_detection(True), "positive"),
}


def measure(name: str, texts: Iterator[str], engine: ScanEngine, limit: int) -> dict[str, Any]:
    """Messages raising each category at medium or above, and the rules behind them."""
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
        "rate": round(raised / messages, 4) if messages else None,
        "per_category": dict(sorted(by_category.items())),
        "rules": dict(by_rule.most_common(15)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N messages per corpus")
    args = parser.parse_args(sys.argv[1:] if __name__ == "__main__" else [])
    if not _data_dir().exists():
        print(f"shared data folder not found: {_data_dir()} (set SAFEGUARD_SHARED_DATA); skipped")
        return
    engine = ScanEngine()
    started = time.perf_counter()
    results = []
    for name, (source, kind) in CORPORA.items():
        r = measure(name, source(), engine, args.limit)
        r["kind"] = kind
        results.append(r)
        print(
            f"{kind:8} {name:40} {r['raised_medium']:5}/{r['messages']:<6} rate {r['rate']}"
            f"  {r['per_category']}"
        )
    out = {
        "categories": list(CATEGORIES),
        "note": "single messages, roles unknown; medium or above in the listed categories",
        "seconds": round(time.perf_counter() - started, 1),
        "results": results,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
