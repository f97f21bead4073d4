"""Issue 2 figures: detection quality on the realistic sets, and scan throughput.

Quality: per-category recall (a labelled category raised at medium or above) and false alarms
(benign conversations at medium or above), on ``benchmarks/data/realistic_dev.jsonl`` (the set
the phrase library was tuned on) and ``realistic_holdout.jsonl`` (never used for tuning), each
with the participants' roles and ages as written and with them removed.

Throughput: ``safeguard scan --json`` in a subprocess on a generated file of one million
messages (95% ordinary chat), messages per second and peak memory (max RSS).
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from safeguard.core.conversation import Conversation, Participant
from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line
from safeguard.core.levels import RiskLevel
from safeguard.scanning import build_default_engine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "bench-results"


def _load(name: str) -> tuple[list[Conversation], dict[str, dict[str, Any]]]:
    path = DATA / f"{name}.jsonl"
    conversations = [
        read_conversation_line(raw, path=str(path), line=n) for n, raw in iter_jsonl_lines(path)
    ]
    labels = {}
    for line in (DATA / f"{name}.labels.jsonl").read_text().splitlines():
        if line.strip():
            item = json.loads(line)
            labels[item["conversation_id"]] = item
    return conversations, labels


def _strip_roles(conversation: Conversation) -> Conversation:
    return replace(
        conversation,
        participants=tuple(Participant(id=p.id) for p in conversation.participants),
    )


def evaluate(name: str, *, roles: bool) -> dict[str, Any]:
    """Recall per category and false alarms on one realistic set."""
    conversations, labels = _load(name)
    engine = build_default_engine()
    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    benign = false_alarms = 0
    missed: list[str] = []
    alarms: list[str] = []
    latencies: list[int] = []
    for conversation in conversations:
        label = labels.get(conversation.id)
        if label is None:
            continue
        conv = conversation if roles else _strip_roles(conversation)
        assessment = engine.assess(conv)
        raised = {c.category: c for c in assessment.categories if c.level >= RiskLevel.MEDIUM}
        if label.get("benign") or not label["categories"]:
            benign += 1
            if assessment.risk >= RiskLevel.MEDIUM:
                false_alarms += 1
                alarms.append(conversation.id)
            continue
        ids = [m.id for m in conv.messages]
        for category in label["categories"]:
            totals[category] += 1
            if category in raised:
                hits[category] += 1
                first = raised[category].first_flag_message_id
                concern = label.get("first_concern_message_id")
                if first in ids and concern in ids:
                    latencies.append(ids.index(first) - ids.index(concern))
            else:
                missed.append(f"{conversation.id}:{category}")
    per_category = {
        c: {"recall": round(hits[c] / totals[c], 3), "found": hits[c], "labelled": totals[c]}
        for c in sorted(totals)
    }
    all_hits = sum(hits.values())
    all_total = sum(totals.values())
    return {
        "set": name,
        "roles": "as written" if roles else "removed",
        "recall_overall": round(all_hits / all_total, 3) if all_total else None,
        "per_category": per_category,
        "benign_conversations": benign,
        "false_alarms": false_alarms,
        "false_alarm_ids": alarms,
        "missed": missed,
        "flag_latency_messages_median": sorted(latencies)[len(latencies) // 2]
        if latencies
        else None,
    }


ORDINARY = [
    "hey how was school",
    "lol that was so funny",
    "are you coming to the match on saturday?",
    "my mum says i can come at 5",
    "did you finish the maths homework",
    "omg the new episode was amazing 😂",
    "can't wait for the holidays",
    "gg that round was close",
    "who's in your team for the project",
    "brb dinner",
    "i'll pick you up after practice, text me when you're out",
    "send me a pic of your new puppy!!",
    "this exam is killing me",
    "happy birthday!! 🎉",
    "see you tomorrow at the bus stop",
]
RISKY = [
    "are your parents home tonight?",
    "dont tell your mum we talk ok",
    "send me a pic just for me",
    "nobody likes you",
    "add me on snap its more private",
]


def generate(path: Path, messages: int, seed: int = 7) -> None:
    """A JSON Lines file of conversations of 20 messages, 95% ordinary chat."""
    rng = random.Random(seed)
    with path.open("w") as out:
        n = 0
        conv = 0
        while n < messages:
            conv += 1
            rows = []
            for i in range(20):
                text = rng.choice(RISKY) if rng.random() < 0.05 else rng.choice(ORDINARY)
                sender = f"u{conv}a" if i % 2 == 0 else f"u{conv}b"
                rows.append({"id": f"c{conv}-{i}", "sender": sender, "text": text})
            n += len(rows)
            out.write(json.dumps({"id": f"c{conv}", "messages": rows}) + "\n")


def throughput(messages: int = 1_000_000) -> dict[str, Any]:
    """Messages per second and peak memory of ``safeguard scan --json`` on one core."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"safeguard-bench-{messages}.jsonl"
    if not path.exists():
        generate(path, messages)
    exe = Path(sys.executable).parent / "safeguard"
    cmd = ["taskset", "-c", "0", str(exe), "scan", str(path), "--json", "--no-progress"]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.devnull, "w") as sink:
        done = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode()[-2000:])
    return {
        "messages": messages,
        "seconds": round(elapsed, 2),
        "messages_per_second": round(messages / elapsed),
        "cpu_seconds": round(
            after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2
        ),
        "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
        "pinned_to_one_core": True,
    }


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    results: dict[str, Any] = {"machine": machine(), "quality": []}
    if (DATA / "realistic_dev.jsonl").exists():
        for name in ("realistic_dev", "realistic_holdout"):
            if not (DATA / f"{name}.jsonl").exists():
                continue
            for roles in (True, False):
                r = evaluate(name, roles=roles)
                results["quality"].append(r)
                print(
                    f"{name:18} roles {r['roles']:10} recall {r['recall_overall']}  "
                    f"false alarms {r['false_alarms']}/{r['benign_conversations']}"
                )
                for c, v in r["per_category"].items():
                    print(f"    {c:26} {v['found']}/{v['labelled']}  recall {v['recall']}")
    messages = int(os.environ.get("SAFEGUARD_BENCH_MESSAGES", "1000000"))
    results["throughput"] = throughput(messages)
    t = results["throughput"]
    print(
        f"scan --json: {t['messages']} messages in {t['seconds']} s on one core = "
        f"{t['messages_per_second']} msg/s, peak RSS {t['peak_rss_mb']} MB"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "detection.json").write_text(json.dumps(results, indent=2))
    print(f"written to {RESULTS / 'detection.json'}")


if __name__ == "__main__":
    main()
