"""Fixtures shared by the image tests: where the public PDQ test vectors are, when present."""

from __future__ import annotations

from pathlib import Path

import pytest

# The public PDQ test vectors (facebook/ThreatExchange, BSD) live beside the repository on the
# development machine only; the project never needs them at run time.
PDQ_VECTORS = Path(__file__).resolve().parents[3] / "shared" / "data" / "hashes" / "pdq"


@pytest.fixture(scope="session")
def pdq_vectors() -> Path:
    """The PDQ test-vector folder, or skip the test with the reason."""
    if not (PDQ_VECTORS / "PDQMD5TestData.csv").is_file():
        pytest.skip(f"public PDQ test vectors not present at {PDQ_VECTORS} (../shared/data)")
    return PDQ_VECTORS
