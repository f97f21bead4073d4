"""Reading native JSON Lines through the registry costs little more than conversation_json."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import orjson

from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line
from safeguard.importers.registry import read_conversations

CONVERSATIONS = 1_000
MESSAGES_EACH = 100  # 100k messages in all


def _write_big_jsonl(path: Path) -> None:
    with path.open("wb") as handle:
        for c in range(CONVERSATIONS):
            record = {
                "id": f"c{c}",
                "participants": [{"id": "a", "role": "child", "age": 12}, {"id": "b"}],
                "messages": [
                    {
                        "id": f"c{c}-{i}",
                        "sender": "ab"[i % 2],
                        "time": "2026-03-01T18:00:00Z",
                        "text": "see you after school at the park ok",
                    }
                    for i in range(MESSAGES_EACH)
                ],
            }
            handle.write(orjson.dumps(record) + b"\n")


def _best_of(runs: int, work: Callable[[], int]) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        count = work()
        best = min(best, time.perf_counter() - start)
    return best, count


def test_when_100k_messages_of_jsonl_then_importer_adds_little_over_the_core_reader(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.jsonl"
    _write_big_jsonl(path)

    def core() -> int:
        return sum(
            len(read_conversation_line(raw, path=str(path), line=n).messages)
            for n, raw in iter_jsonl_lines(path)
        )

    def importer() -> int:
        return sum(len(c.messages) for c in read_conversations(path))

    core_seconds, core_count = _best_of(2, core)
    importer_seconds, importer_count = _best_of(2, importer)
    assert core_count == importer_count == CONVERSATIONS * MESSAGES_EACH
    # Generous bound for a shared 2-core machine; measured overhead is a few per cent.
    assert importer_seconds <= core_seconds * 1.3 + 0.05, (importer_seconds, core_seconds)
