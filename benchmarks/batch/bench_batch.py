"""Ray batch throughput with one and two workers, against one ``safeguard scan --json`` process.

Run with ``python -m benchmarks.batch.bench_batch`` (or ``make bench``). Prints the figures and
writes ``bench-results/batch.json``. The input is generated (conversations of 20 messages, 95%
ordinary chat, the generator of ``bench_detection``); ``SAFEGUARD_BENCH_BATCH_MESSAGES`` sets its
size (default 400,000 messages).

Each run is a fresh process that starts a local Ray (loopback, no dashboard), scores the file
with ``run_batch`` and exits. Ray start-up is reported apart; the job time includes starting the
actors and loading the engine in each (``first_result_seconds`` shows when the first records
came back). Memory is sampled from /proc every 0.2 s over the driver and every process under
it (Ray's GCS, raylet, workers and actors): the driver's peak, the largest actor's peak, and the
peak of the sum (which counts shared pages once per process, so it overstates), and the CPU
seconds each actor used (which show the work dividing between actors even when other load on
the machine hides the wall-clock gain). Each run's output is checked byte for byte against
``safeguard scan --json`` on the same file.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_detection import generate

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench-results"
WORKER_COUNTS = (1, 2)


def main() -> None:
    messages = int(os.environ.get("SAFEGUARD_BENCH_BATCH_MESSAGES", "400000"))
    with tempfile.TemporaryDirectory(prefix="safeguard-bench-batch-") as folder:
        source = Path(folder) / "input.jsonl"
        generate(source, messages)
        conversations = sum(1 for line in source.open("rb") if line.strip())
        load_before = os.getloadavg()
        scan_out = Path(folder) / "scan.jsonl"
        scan = _scan(source, scan_out, messages)
        runs = []
        for workers in WORKER_COUNTS:
            out = Path(folder) / f"batch-{workers}.jsonl"
            run = _batch_run(source, out, workers)
            run["output_equals_scan_json"] = out.read_bytes() == scan_out.read_bytes()
            runs.append(run)
        results = {
            "machine": _machine(),
            "note": (
                "2-core machine shared with other engineers' work while this ran; load average "
                "(1, 5, 15 min) before and after is recorded, and figures move with it"
            ),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "input": {
                "messages": messages,
                "conversations": conversations,
                "bytes": source.stat().st_size,
            },
            "scan_json_one_process": scan,
            "ray_batch": runs,
            "speedup_two_workers_vs_one_job_time": round(
                runs[0]["job_seconds"] / runs[1]["job_seconds"], 2
            ),
        }
    _print(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "batch.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {RESULTS / 'batch.json'}")


def _scan(source: Path, out: Path, messages: int) -> dict[str, Any]:
    exe = Path(sys.executable).parent / "safeguard"
    cmd = [str(exe), "scan", str(source), "--json", "--no-progress", "--no-images"]
    start = time.perf_counter()
    with out.open("wb") as sink:
        done = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode()[-2000:])
    return {
        "wall_seconds": round(elapsed, 2),
        "messages_per_second": round(messages / elapsed),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def _batch_run(source: Path, out: Path, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.batch.bench_batch", "--run", str(workers)]
    cmd += [str(source), str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_one(workers: int, source: Path, out: Path) -> dict[str, Any]:
    """One batch in this process: start a local Ray, score ``source``, measure."""
    from safeguard.batch.batch_run import BatchOptions, run_batch
    from safeguard.batch.inputs import discover_batch_inputs
    from safeguard.batch.ray_cluster import ray_cluster

    sampler = _MemorySampler(os.getpid())
    sampler.start()
    first = _FirstResult()
    started = time.perf_counter()
    with ray_cluster(None, workers) as cluster:
        ray_ready = time.perf_counter()
        inputs = discover_batch_inputs([source])
        totals = run_batch(inputs, out, cluster, BatchOptions(), progress=first)
        job_done = time.perf_counter()
    ended = time.perf_counter()
    sampler.stop()
    job = job_done - ray_ready
    return {
        "workers": workers,
        "splits": totals.splits,
        "conversations": totals.conversations,
        "messages": totals.messages,
        "ray_start_seconds": round(ray_ready - started, 2),
        "job_seconds": round(job, 2),
        "first_result_seconds": round(first.at - ray_ready, 2),
        "wall_seconds": round(ended - started, 2),
        "messages_per_second": round(totals.messages / job),
        "conversations_per_second": round(totals.conversations / job),
        "messages_per_second_with_ray_start": round(totals.messages / (ended - started)),
        "peak_rss_mb_driver": sampler.peak_driver_mb,
        "peak_rss_mb_largest_actor": sampler.peak_actor_mb,
        "peak_rss_mb_all_ray_processes_summed": sampler.peak_total_mb,
        "actor_cpu_seconds": sorted(round(v, 1) for v in sampler.actor_cpu.values()),
    }


class _FirstResult:
    """Progress that notes when the first record came back (actors started, engine loaded)."""

    def __init__(self) -> None:
        self.at = 0.0

    def start(self, records: int, files: int, workers: int) -> None:
        return None

    def update(self, records: int, conversations: int, messages: int) -> None:
        if not self.at:
            self.at = time.perf_counter()

    def finish(self) -> None:
        return None


class _MemorySampler:
    """Peak resident memory of a process and its descendants, read from /proc."""

    def __init__(self, root: int, interval: float = 0.2) -> None:
        self._root = root
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self.peak_driver_mb = 0.0
        self.peak_actor_mb = 0.0
        self.peak_total_mb = 0.0
        self.actor_cpu: dict[int, float] = {}

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self._interval)

    def _sample(self) -> None:
        parents: dict[int, int] = {}
        cpu: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
                cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / _TICKS
        tree = {self._root}
        grew = True
        while grew:
            before = len(tree)
            tree |= {pid for pid, parent in parents.items() if parent in tree}
            grew = len(tree) > before
        total = 0.0
        for pid in tree:
            rss = _rss_mb(pid)
            total += rss
            if pid == self._root:
                self.peak_driver_mb = max(self.peak_driver_mb, rss)
            elif _is_actor(pid):
                self.peak_actor_mb = max(self.peak_actor_mb, rss)
                self.actor_cpu[pid] = cpu.get(pid, 0.0)
        self.peak_total_mb = max(self.peak_total_mb, round(total, 1))


_TICKS = os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def _is_actor(pid: int) -> bool:
    try:
        return b"MapWorker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _print(results: dict[str, Any]) -> None:
    data = results["input"]
    print(f"machine: {results['machine']} (shared; load before {results['load_average_before']})")
    print(f"input: {data['messages']:,} messages, {data['conversations']:,} conversations")
    scan = results["scan_json_one_process"]
    print(
        f"scan --json, one process: {scan['wall_seconds']} s, "
        f"{scan['messages_per_second']:,} messages/s, peak {scan['peak_rss_mb']} MB"
    )
    for run in results["ray_batch"]:
        print(
            f"batch, {run['workers']} worker(s): job {run['job_seconds']} s "
            f"({run['messages_per_second']:,} messages/s, "
            f"{run['conversations_per_second']:,} conversations/s); "
            f"first result after {run['first_result_seconds']} s; "
            f"Ray start {run['ray_start_seconds']} s; wall {run['wall_seconds']} s; "
            f"peak driver {run['peak_rss_mb_driver']} MB, actor {run['peak_rss_mb_largest_actor']} "
            f"MB, all Ray {run['peak_rss_mb_all_ray_processes_summed']} MB; "
            f"actor CPU seconds {run['actor_cpu_seconds']}; "
            f"equals scan --json: {run['output_equals_scan_json']}"
        )
    print(f"speed-up, 2 workers vs 1 (job time): {results['speedup_two_workers_vs_one_job_time']}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--run":
        figures = run_one(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        print(json.dumps(figures))
    else:
        main()
