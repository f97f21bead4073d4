"""Issue 2 figures: detection quality on the realistic sets, and scan throughput.

Quality: per-category recall (a labelled category raised at medium or above) and false alarms
(benign conversations at medium or above), on ``benchmarks/data/realistic_dev.jsonl`` and
``realistic_dev2.jsonl`` (the sets the phrase library was tuned on) and
``realistic_holdout.jsonl`` (not used for tuning), each with the participants' roles and ages
as written and with them removed. ``python -m benchmarks.bench_detection quality`` measures
quality alone and keeps the throughput figures.

Throughput: ``safeguard scan --json`` in a subprocess pinned to one core on a generated file
of one million messages (95% ordinary chat): messages per second, start-up time (with and
without the lexicon cache) and peak memory (max RSS), on the original 20-sentence file and on
one whose ordinary messages are nearly all different. ``SAFEGUARD_BENCH_MESSAGES`` sets the
size, ``SAFEGUARD_BENCH_VARIED=0`` skips the varied file; ``python -m
benchmarks.bench_detection throughput`` measures throughput alone and keeps the quality part.
The machine may be shared: the load average before and after is recorded with the figures.
"""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import sys
import tempfile
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

# The "varied" texts: sentences put together from parts, so that nearly every message is new
# text (no cache of whole messages can help), with the spellings chat really has.
_OPENERS = ["", "", "", "omg ", "lol ", "ok ", "wait ", "hey ", "tbh ", "ngl ", "yo ", "so "]
_SUBJECTS = ["i", "we", "u", "you", "my mum", "my dad", "my sister", "the teacher", "jay", "mia"]
_VERBS = [
    "finished",
    "forgot",
    "saw",
    "lost",
    "watched",
    "played",
    "fixed",
    "booked",
    "missed",
    "found",
    "liked",
    "hated",
]
_OBJECTS = [
    "the maths homework",
    "that new episode",
    "the bus",
    "my charger",
    "the match",
    "the science project",
    "our group chat",
    "the new map",
    "practice",
    "the film",
    "my phone",
    "the quiz",
]
_TAILS = [
    "",
    "",
    " lol",
    " 😂",
    "!!",
    " tbh",
    " at 5",
    " on saturday",
    " tomorrow",
    " after school",
    " rn",
    "?",
    " haha",
    " 🎉",
    " x",
]
_NAMES = ["sam", "alex", "jo", "kai", "lily", "noah", "ella", "max", "zara", "finn"]


def _varied_ordinary(rng: random.Random) -> str:
    text = (
        rng.choice(_OPENERS)
        + rng.choice(_SUBJECTS)
        + " "
        + rng.choice(_VERBS)
        + " "
        + rng.choice(_OBJECTS)
        + rng.choice(_TAILS)
    )
    roll = rng.random()
    if roll < 0.15:
        text += f" with {rng.choice(_NAMES)}"
    elif roll < 0.25:
        text += f" {rng.randint(1, 12)}:{rng.randint(0, 59):02d}"
    elif roll < 0.3:
        text = text.upper()
    elif roll < 0.4:
        text = text.replace("you", "u").replace("are", "r")
    if rng.random() < 0.3:
        text += " " + rng.choice(ORDINARY)
    return text


def generate(path: Path, messages: int, seed: int = 7, *, varied: bool = False) -> None:
    """A JSON Lines file of conversations of 20 messages, 95% ordinary chat.

    By default the texts are drawn from the 20 sentences above (the original benchmark file);
    ``varied`` builds nearly every ordinary message afresh from parts.
    """
    rng = random.Random(seed)
    with path.open("w") as out:
        n = 0
        conv = 0
        while n < messages:
            conv += 1
            rows = []
            for i in range(20):
                if rng.random() < 0.05:
                    text = rng.choice(RISKY)
                elif varied:
                    text = _varied_ordinary(rng)
                else:
                    text = rng.choice(ORDINARY)
                sender = f"u{conv}a" if i % 2 == 0 else f"u{conv}b"
                rows.append({"id": f"c{conv}-{i}", "sender": sender, "text": text})
            n += len(rows)
            out.write(json.dumps({"id": f"c{conv}", "messages": rows}) + "\n")


def _scan(path: Path, env: dict[str, str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MB) of ``safeguard scan --json`` on one core."""
    exe = Path(sys.executable).parent / "safeguard"
    cmd = ["taskset", "-c", "0", str(exe), "scan", str(path), "--json", "--no-progress"]
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=sink, stderr=errors, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)  # this child's own CPU time and peak
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode()
    if child.returncode not in (0, 1):
        raise RuntimeError(stderr[-2000:])
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr.strip()


def throughput(messages: int = 1_000_000, *, varied: bool = False) -> dict[str, Any]:
    """Messages per second, start-up time and peak memory of ``scan --json`` on one core.

    Start-up is the time of scanning a one-conversation file: once with an empty lexicon cache
    (the first scan after installing or changing the phrase library) and, best of three, with
    the cache in place, as every later scan runs. The main run uses the warm cache and includes
    start-up, like any real invocation. CPU time and peak RSS are the scan process's own
    (``os.wait4``); on a shared machine CPU time is the steadier figure.
    """
    kind = "varied" if varied else "chat"
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    path = folder / f"safeguard-bench-{kind}-{messages}.jsonl"
    if not path.exists():
        generate(path, messages, varied=varied)
    one = folder / "safeguard-bench-one.jsonl"
    generate(one, 20)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as cache:
        # A wide terminal keeps the summary on one line.
        env = {**os.environ, "SAFEGUARD_CACHE_DIR": cache, "COLUMNS": "400"}
        cold, cold_cpu, cold_rss, _ = _scan(one, env)
        starts = [_scan(one, env) for _ in range(3)]
        warm, warm_cpu = min(s[0] for s in starts), min(s[1] for s in starts)
        elapsed, cpu, rss, summary = _scan(path, env)
    load_after = os.getloadavg()
    return {
        "messages": messages,
        "texts": kind,
        "seconds": round(elapsed, 2),
        "messages_per_second": round(messages / elapsed),
        "cpu_seconds": round(cpu, 2),
        "messages_per_cpu_second": round(messages / cpu),
        "startup_seconds_warm_cache": round(warm, 2),
        "startup_cpu_seconds_warm_cache": round(warm_cpu, 2),
        "startup_seconds_cold_cache": round(cold, 2),
        "startup_cpu_seconds_cold_cache": round(cold_cpu, 2),
        "messages_per_second_after_startup": round(messages / max(elapsed - warm, 1e-9)),
        "peak_rss_mb": round(rss, 1),
        "peak_rss_mb_cold_cache_startup": round(cold_rss, 1),
        "pinned_to_one_core": True,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "summary": summary.splitlines()[-1] if summary else "",
    }


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _print_throughput(t: dict[str, Any]) -> None:
    print(
        f"scan --json ({t['texts']} texts): {t['messages']} messages in {t['seconds']} s on one "
        f"core = {t['messages_per_second']} msg/s ({t['messages_per_cpu_second']} per CPU "
        f"second), start-up {t['startup_seconds_warm_cache']} s ({t['startup_seconds_cold_cache']}"
        f" s with an empty cache), peak RSS {t['peak_rss_mb']} MB, load average "
        f"{t['load_average_before'][0]} -> {t['load_average_after'][0]}"
    )


def _write(results: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "detection.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {RESULTS / 'detection.json'}")


QUALITY_SETS = ("realistic_dev", "realistic_dev2", "realistic_holdout")


def quality() -> list[dict[str, Any]]:
    """Recall and false alarms on every realistic set present, with roles and without."""
    figures: list[dict[str, Any]] = []
    for name in QUALITY_SETS:
        if not (DATA / f"{name}.jsonl").exists():
            continue
        for roles in (True, False):
            r = evaluate(name, roles=roles)
            figures.append(r)
            print(
                f"{name:18} roles {r['roles']:10} recall {r['recall_overall']}  "
                f"false alarms {r['false_alarms']}/{r['benign_conversations']}"
            )
            for c, v in r["per_category"].items():
                print(f"    {c:26} {v['found']}/{v['labelled']}  recall {v['recall']}")
    return figures


def main() -> None:
    results: dict[str, Any] = {"machine": machine(), "quality": quality()}
    results.update(_throughput_figures())
    _write(results)


def main_quality() -> None:
    """Only the quality figures, replacing those in an existing detection.json."""
    path = RESULTS / "detection.json"
    results: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    results["machine"] = machine()
    results["quality"] = quality()
    _write(results)


def _lexicon_size() -> dict[str, Any]:
    """How big the phrase library is: start-up time and memory grow with it."""
    from safeguard.core.lexicon import default_lexicon

    lexicon = default_lexicon()
    return {
        "version": lexicon.version,
        "rules": len(lexicon.rules),
        "literal_phrases": len(lexicon.automaton),
    }


def _throughput_figures() -> dict[str, Any]:
    messages = int(os.environ.get("SAFEGUARD_BENCH_MESSAGES", "1000000"))
    figures: dict[str, Any] = {"throughput": throughput(messages)}
    _print_throughput(figures["throughput"])
    if os.environ.get("SAFEGUARD_BENCH_VARIED", "1") != "0":
        figures["throughput_varied_texts"] = throughput(messages, varied=True)
        _print_throughput(figures["throughput_varied_texts"])
    figures["lexicon"] = _lexicon_size()
    return figures


def main_throughput() -> None:
    """Only the throughput figures, replacing those in an existing detection.json."""
    path = RESULTS / "detection.json"
    results: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    results["machine"] = machine()
    results.setdefault("quality", [])
    results.update(_throughput_figures())
    _write(results)


if __name__ == "__main__":
    if sys.argv[1:] == ["throughput"]:
        main_throughput()
    elif sys.argv[1:] == ["quality"]:
        main_quality()
    else:
        main()
