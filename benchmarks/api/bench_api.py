"""Ingestion API load benchmark: throughput and p50/p99 latency on SQLite and PostgreSQL.

For each database it migrates a fresh database, creates a source token, starts the API as a
real server (``uvicorn``, the app ``safeguard api-serve`` runs) and drives it from a second
process on loopback (``benchmarks.api.load_client``): single-message requests, then batches
of 100. Target on the 2-core machine: at least 1,000 messages/s with p99 at or under 50 ms.
Writes ``bench-results/api.json``. Needs the PostgreSQL server of scripts/ensure_postgres.sh.

Settings (environment): BENCH_API_SECONDS (measured seconds per run, default 15),
BENCH_API_DATABASES (default "sqlite,postgresql"), BENCH_API_PG_WORKERS (default 2).

    python -m benchmarks.api.bench_api
"""

from __future__ import annotations

import json
import os
import platform
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.request import urlopen

from safeguard.api.app import api_engine
from safeguard.api.token_admin import create_token
from safeguard.api.tokens import Scope
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork
from safeguard.storage.migrate import upgrade
from safeguard.storage.testing import temporary_postgres_database

OUT = Path("bench-results") / "api.json"
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "15"))
DATABASES = os.environ.get("BENCH_API_DATABASES", "sqlite,postgresql").split(",")
PG_WORKERS = int(os.environ.get("BENCH_API_PG_WORKERS", "2"))
WARMUP = 3.0
TARGET_MPS = 1000.0
TARGET_P99_MS = 50.0
SCENARIOS = (
    {"mode": "single", "connections": 16},
    {"mode": "single", "connections": 4},
    {"mode": "batch", "batch": 20, "connections": 4},
    {"mode": "batch", "batch": 100, "connections": 2},
    {"mode": "batch", "batch": 100, "connections": 1},
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="safeguard-bench-api-") as folder:
            yield f"sqlite:///{Path(folder) / 'api.sqlite3'}"
    else:
        with temporary_postgres_database("safeguard_bench_api") as url:
            yield url


def _tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its children."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[1] is the parent pid; fields[11], fields[12] are utime and stime.
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


@contextmanager
def _server(url: str, workers: int) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = {**os.environ, "SAFEGUARD_DATABASE_URL": url}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "safeguard.api.serving:api_root",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}/api/v1"
    started = time.monotonic()
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError("the API server exited while starting")
            try:
                with urlopen(f"{base}/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if time.monotonic() - started > 300:
                raise RuntimeError("the API server did not start within 300 s")
        if workers > 1:  # the other workers compile the signal library as long as the first
            time.sleep(time.monotonic() - started)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _load(base: str, token: str, scenario: dict[str, Any], tag: str) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.api.load_client",
        "--base",
        base,
        "--token",
        token,
        "--mode",
        scenario["mode"],
        "--connections",
        str(scenario["connections"]),
        "--seconds",
        str(SECONDS),
        "--warmup",
        str(WARMUP),
        "--tag",
        tag,
    ]
    if scenario["mode"] == "batch":
        command += ["--batch", str(scenario["batch"])]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_database(kind: str) -> list[dict[str, Any]]:
    workers = 1 if kind == "sqlite" else PG_WORKERS
    out = []
    with _database(kind) as url:
        engine = api_engine(url)
        upgrade(engine)
        _id, token = create_token(
            IngestUnitOfWork.for_engine(engine), "bench", [Scope.MESSAGES_WRITE]
        )
        engine.dispose()
        with _server(url, workers) as (base, pid):
            for n, scenario in enumerate(SCENARIOS):
                load_before = os.getloadavg()[0]
                server_before = _tree_cpu_seconds(pid)
                client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
                result = _load(base, token, scenario, tag=f"r{n}")
                client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
                # Includes the warm-up seconds: a slight over-estimate per message.
                server_cpu = _tree_cpu_seconds(pid) - server_before
                client_cpu = (client_after.ru_utime + client_after.ru_stime) - (
                    client_before.ru_utime + client_before.ru_stime
                )
                sent = max(1, result["messages"] * (SECONDS + WARMUP) / SECONDS)
                result.update(
                    server_cpu_ms_per_message=round(server_cpu * 1000 / sent, 3),
                    client_cpu_ms_per_message=round(client_cpu * 1000 / sent, 3),
                    server_cpu_share_of_one_core=round(server_cpu / (SECONDS + WARMUP), 2),
                    database=kind,
                    server_workers=workers,
                    load_average_1min_before=round(load_before, 2),
                    meets_target=result["messages_per_second"] >= TARGET_MPS
                    and result["latency_ms"]["p99"] <= TARGET_P99_MS,
                )
                out.append(result)
                print(_line(result), flush=True)
    return out


def _line(r: dict[str, Any]) -> str:
    mode = "single " if r["mode"] == "single" else f"batch{r['batch_size']}"
    lat = r["latency_ms"]
    return (
        f"{r['database']:<10} {mode:<8} conns={r['connections']:<3} "
        f"{r['messages_per_second']:>8.1f} msg/s  {r['requests_per_second']:>7.1f} req/s  "
        f"p50 {lat['p50']:>7.1f} ms  p99 {lat['p99']:>7.1f} ms  errors {r['errors'] or 0}  "
        f"server {r['server_cpu_ms_per_message']:.2f} ms CPU/msg, "
        f"{r['server_cpu_share_of_one_core']:.2f} of a core  (load {r['load_average_1min_before']})"
    )


def main() -> None:
    runs: list[dict[str, Any]] = []
    for kind in DATABASES:
        runs.extend(run_database(kind.strip()))
    report = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "shared_machine": "the 2 cores were shared with other engineers' jobs while this ran; "
        "see load_average_1min_before on each run",
        "target": {"messages_per_second": TARGET_MPS, "p99_ms": TARGET_P99_MS},
        "cpu_note": "server_cpu_ms_per_message is the server's CPU time (all its processes) "
        "per message acknowledged; server_cpu_share_of_one_core shows how much CPU the server "
        "actually got on the shared machine",
        "seconds_per_run": SECONDS,
        "client": "benchmarks.api.load_client: asyncio HTTP/1.1 keep-alive, one request in "
        "flight per connection, second process on loopback",
        "server": "uvicorn safeguard.api.serving:api_root (SQLite: 1 worker, WAL, "
        f"synchronous=FULL; PostgreSQL: {PG_WORKERS} workers); group commit",
        "runs": runs,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
