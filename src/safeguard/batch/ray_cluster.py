"""Start a local Ray on loopback, or connect to a Ray cluster by address.

Local Ray (the default) binds to 127.0.0.1 with no dashboard and no usage statistics, with as
many CPUs as workers asked for. An address is checked with a plain TCP connection first, so
an unreachable cluster is a clear :class:`ClusterError` in seconds rather than Ray's retries.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from safeguard.core.errors import SafeguardError

CONNECT_TIMEOUT_SECONDS = 5.0
LOCAL_OBJECT_STORE_BYTES = 512 << 20


class ClusterError(SafeguardError):
    """Ray could not be started here, or the cluster at an address could not be reached."""


@dataclass(frozen=True, slots=True)
class RayCluster:
    """Where a batch runs: ``address`` (``local`` for a Ray started here) and ``workers``."""

    address: str
    workers: int
    local: bool


@contextmanager
def ray_cluster(address: str | None = None, workers: int | None = None) -> Iterator[RayCluster]:
    """A running Ray for the duration of the ``with`` block.

    ``address`` None starts a local Ray with ``workers`` CPUs (default: this machine's
    cores) and shuts it down afterwards. Otherwise connects to the cluster at ``address``
    (``HOST:PORT``, ``ray://HOST:PORT`` or ``auto``); ``workers`` defaults to its CPUs. If
    this process is already connected to Ray, that connection is used and left open.
    """
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address is not None:
        check_reachable(address)
    import ray

    if ray.is_initialized():
        yield RayCluster("existing", workers or _cluster_cpus(), local=False)
        return
    if address is None:
        cluster = _start_local(workers or os.cpu_count() or 1)
    else:
        cluster = _connect(address, workers)
    try:
        yield cluster
    finally:
        ray.shutdown()


def check_reachable(address: str, *, timeout: float = CONNECT_TIMEOUT_SECONDS) -> None:
    """ClusterError unless a TCP connection to ``address`` opens (``auto`` is not checked)."""
    if address == "auto":
        return
    host, port = parse_address(address)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise ClusterError(
            f"cannot reach the Ray cluster at {address} ({reason}); start it with "
            "`ray start --head` on the head node and pass the address it prints, or leave "
            "out --address to run on this machine"
        ) from None


def parse_address(address: str) -> tuple[str, int]:
    """(host, port) of ``HOST:PORT``, ``[IPv6]:PORT`` or ``ray://HOST:PORT``."""
    rest = address.removeprefix("ray://")
    host, sep, port_text = rest.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ClusterError(
            f"{address!r} is not a Ray address; expected HOST:PORT (e.g. 10.0.0.5:6379), "
            "ray://HOST:PORT or auto"
        )
    return host, int(port_text)


def quiet_ray_logs() -> None:
    """Keep Ray's INFO chatter off standard error; warnings and errors still show.

    Ray Data's own log file in the Ray session folder keeps every level.
    """
    import ray.data  # noqa: F401  (configures the "ray.data" logger on import)

    logging.getLogger("ray").setLevel(logging.WARNING)
    # "Progress bars disabled": batch reports progress itself.
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setLevel(logging.WARNING)


def _start_local(workers: int) -> RayCluster:
    import ray

    # A loopback-only Ray started for one batch: its token-authentication notice is noise.
    logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)
    try:
        ray.init(
            address="local",
            num_cpus=workers,
            include_dashboard=False,
            object_store_memory=LOCAL_OBJECT_STORE_BYTES,
            logging_level=logging.WARNING,
            log_to_driver=False,
            _node_ip_address="127.0.0.1",
        )
    except Exception as exc:  # Ray raises many kinds; all mean "could not start"
        raise ClusterError(f"could not start a local Ray: {exc}") from exc
    quiet_ray_logs()
    return RayCluster("local", workers, local=True)


def _connect(address: str, workers: int | None) -> RayCluster:
    import ray

    try:
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    except Exception as exc:  # ConnectionError, TimeoutError, RuntimeError (auth, version)
        message = f"cannot connect to the Ray cluster at {address}: {str(exc).rstrip('.')}"
        if "could not find any running ray" not in str(exc).lower():
            # Ray reports a refused token only in its own log lines, as a failure to connect.
            message += (
                "; if the cluster uses token authentication, set RAY_AUTH_MODE=token here and "
                "give this machine the cluster's token (~/.ray/auth_token or RAY_AUTH_TOKEN)"
            )
        raise ClusterError(message) from exc
    quiet_ray_logs()
    cpus = _cluster_cpus()
    if workers is not None and workers > cpus:
        ray.shutdown()
        raise ClusterError(
            f"--workers {workers} is more than the {cpus} CPUs of the Ray cluster at {address}; "
            "each worker needs one CPU, so ask for at most that many"
        )
    return RayCluster(address, workers or cpus, local=False)


def _cluster_cpus() -> int:
    import ray

    resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    return max(1, int(resources.get("CPU", 1)))
