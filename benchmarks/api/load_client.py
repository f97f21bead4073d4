"""The load generator: a second process sending messages to the API over loopback.

A small asyncio HTTP/1.1 client over keep-alive connections (requests are built up front, so
the client spends little CPU on the shared 2-core machine). Each connection sends one request
at a time and waits for its answer; it prints one JSON object with throughput and latency.

    python -m benchmarks.api.load_client --base http://127.0.0.1:8100/api/v1 \\
        --token sgk_... --mode single --connections 16 --seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Short, non-graphic texts in the style of safeguarding training material, mixed with chat.
BENIGN = (
    "hey how was school",
    "lol same",
    "did you finish the maths homework",
    "gg that round was hard",
    "see you at practice tomorrow",
    "what time is the match",
    "my mum says i can come",
    "ok see ya",
)
CONCERNING = (
    "you seem so mature for your age",
    "dont tell your mum we talk",
    "send me a pic, just for me",
    "are your parents home tonight?",
    "delete this chat after",
)


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    messages: int = 0
    requests: int = 0
    errors: dict[int, int] = field(default_factory=dict)


class Traffic:
    """Request bodies: each connection writes to its own set of conversations."""

    def __init__(
        self, connection: int, mode: str, batch: int, conversations: int, tag: str
    ) -> None:
        self.connection = connection
        self.tag = tag
        self.mode = mode
        self.batch = batch
        self.conversations = conversations
        self.rng = random.Random(connection)
        self.sent = 0

    def _message(self) -> dict[str, object]:
        self.sent += 1
        conversation = f"{self.tag}c{self.connection}-{self.rng.randrange(self.conversations)}"
        concerning = self.rng.random() < 0.08
        text = self.rng.choice(CONCERNING if concerning else BENIGN)
        return {
            "conversation_id": conversation,
            "id": f"m{self.connection}-{self.sent}",
            "sender": "sam" if self.rng.random() < 0.5 else "lily",
            "text": text,
            "participants": [{"id": "lily", "role": "child"}],
        }

    def next(self) -> tuple[str, bytes, int]:
        """(path, JSON body, number of messages)."""
        if self.mode == "single":
            return "/messages", json.dumps(self._message()).encode(), 1
        rows = [self._message() for _ in range(self.batch)]
        return "/messages/batch", json.dumps({"messages": rows}).encode(), self.batch


async def _connection(
    number: int,
    host: str,
    port: int,
    prefix: str,
    token: str,
    args: argparse.Namespace,
    start_measuring: float,
    stop: float,
    results: Results,
) -> None:
    traffic = Traffic(number, args.mode, args.batch, args.conversations, args.tag)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            now = time.perf_counter()
            if now >= stop:
                return
            path, body, count = traffic.next()
            head = (
                f"POST {prefix}{path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            sent_at = time.perf_counter()
            writer.write(head + body)
            await writer.drain()
            status_line = await reader.readline()
            status = int(status_line.split()[1])
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            done = time.perf_counter()
            if sent_at < start_measuring:
                continue
            results.requests += 1
            results.latencies.append(done - sent_at)
            if 200 <= status < 300:
                results.messages += count
            else:
                results.errors[status] = results.errors.get(status, 0) + 1
    finally:
        writer.close()


async def run(args: argparse.Namespace) -> dict[str, object]:
    parts = urlsplit(args.base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    results = Results()
    begin = time.perf_counter()
    start_measuring = begin + args.warmup
    stop = start_measuring + args.seconds
    await asyncio.gather(
        *(
            _connection(n, host, port, parts.path, args.token, args, start_measuring, stop, results)
            for n in range(args.connections)
        )
    )
    ordered = sorted(results.latencies)

    def pct(p: float) -> float:
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {
        "mode": args.mode,
        "batch_size": args.batch if args.mode == "batch" else 1,
        "connections": args.connections,
        "seconds": args.seconds,
        "requests": results.requests,
        "messages": results.messages,
        "messages_per_second": round(results.messages / args.seconds, 1),
        "requests_per_second": round(results.requests / args.seconds, 1),
        "latency_ms": {
            "p50": round(pct(50), 2),
            "p90": round(pct(90), 2),
            "p99": round(pct(99), 2),
            "max": round(ordered[-1] * 1000, 2) if ordered else None,
            "mean": round(statistics.fmean(ordered) * 1000, 2) if ordered else None,
        },
        "errors": {str(k): v for k, v in results.errors.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--mode", choices=("single", "batch"), default="single")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--tag", default="", help="Prefix of conversation ids (one per run).")
    print(json.dumps(asyncio.run(run(parser.parse_args()))))


if __name__ == "__main__":
    main()
