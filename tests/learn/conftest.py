"""Shared fixtures of the learned-detector tests: heavy models load once per session."""

from __future__ import annotations

import pytest

from safeguard.learn.embedder import MiniLMEmbedder
from safeguard.learn.models import load_static_embedder
from safeguard.learn.static_embedder import StaticEmbedder


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder(batch_size=32)


@pytest.fixture(scope="session")
def static_embedder() -> StaticEmbedder:
    return load_static_embedder()
