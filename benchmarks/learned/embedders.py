"""Speed of the embedders on generated chat messages, and how close the fast ones stay.

Run ``python -m benchmarks.learned.embedders``; prints figures and merges them into
``bench-results/learned.json`` under ``"embedders"``.
"""

from __future__ import annotations

import time

import numpy as np
from benchmarks.learned.chat_mix import chat_messages
from benchmarks.learned.results import machine, merge_results

from safeguard.learn.embedder import Embedder, MiniLMEmbedder
from safeguard.learn.models import load_static_embedder


def _rate(embedder: Embedder, texts: list[str]) -> tuple[float, np.ndarray]:
    embedder.encode(texts[:64])  # warm up: load, allocate
    start = time.perf_counter()
    vectors = embedder.encode(texts)
    return len(texts) / (time.perf_counter() - start), vectors


def main(n: int = 2000) -> dict[str, object]:
    texts, _ = chat_messages(n, risky_share=0.05)
    # Distinct texts, so no cache can flatter anyone.
    texts = [f"{t} {i}" for i, t in enumerate(texts)]
    exact = MiniLMEmbedder()
    rate_exact, v_exact = _rate(exact, texts)
    rate_int8, v_int8 = _rate(MiniLMEmbedder(quantise=True), texts)
    static = load_static_embedder()
    rate_static, _ = _rate(static, texts * 10)
    figures: dict[str, object] = {
        "machine": machine(),
        "messages": n,
        "minilm_messages_per_s": round(rate_exact, 1),
        "minilm_int8_messages_per_s": round(rate_int8, 1),
        "minilm_int8_mean_cosine_to_exact": round(float((v_exact * v_int8).sum(axis=1).mean()), 4),
        "static_messages_per_s": round(rate_static, 1),
        "static_dim": static.dim,
    }
    for key, value in figures.items():
        print(f"{key:40s} {value}")
    merge_results("embedders", figures)
    return figures


if __name__ == "__main__":
    main()
