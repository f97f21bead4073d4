"""One local Ray (2 CPUs, loopback only) shared by the batch tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from safeguard.batch.ray_cluster import RayCluster, ray_cluster


@pytest.fixture(scope="session")
def local_ray() -> Iterator[RayCluster]:
    """A local Ray with 2 CPUs for the whole session (it takes ~10-30 s to start)."""
    with ray_cluster(None, 2) as cluster:
        yield cluster
