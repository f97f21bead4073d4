"""Reaching Ray: address checks, an unreachable cluster, worker errors without Ray's wrapping."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguard.batch.batch_run import BatchOptions, score_splits
from safeguard.batch.inputs import discover_batch_inputs
from safeguard.batch.ray_cluster import ClusterError, RayCluster, check_reachable, parse_address
from safeguard.batch.splits import plan_splits
from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import _register, cli
from safeguard.core.errors import InputError

from .generated import generated_records, write_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("10.0.0.5:6379", ("10.0.0.5", 6379)),
        ("ray://head.example:10001", ("head.example", 10001)),
        ("[::1]:6379", ("::1", 6379)),
    ],
)
def test_when_address_well_formed_then_host_and_port(
    address: str, expected: tuple[str, int]
) -> None:
    assert parse_address(address) == expected


@pytest.mark.parametrize("address", ["head", "head:port", ":6379", "head:0", "head:70000"])
def test_when_address_malformed_then_error_shows_the_forms(address: str) -> None:
    with pytest.raises(ClusterError, match=r"expected HOST:PORT .*ray://HOST:PORT or auto"):
        parse_address(address)


def test_when_nothing_listens_then_cluster_error_within_seconds() -> None:
    port = closed_port()
    started = time.monotonic()
    with pytest.raises(ClusterError, match=rf"cannot reach the Ray cluster at 127.0.0.1:{port}"):
        check_reachable(f"127.0.0.1:{port}")
    assert time.monotonic() - started < 6


def test_when_cli_address_unreachable_then_exit_6_and_no_output(tmp_path: Path) -> None:
    _register()
    out = tmp_path / "out.jsonl"
    port = closed_port()

    source = str(EXAMPLES / "conversations.jsonl")
    args = ["batch", source, "--out", str(out), "--address", f"127.0.0.1:{port}"]

    result = CliRunner().invoke(cli, args, env={"COLUMNS": "500"})

    assert result.exit_code == ExitCode.CLUSTER_ERROR
    assert f"Ray error: cannot reach the Ray cluster at 127.0.0.1:{port}" in result.stderr
    assert "ray start --head" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_when_worker_cannot_read_input_then_input_error_without_ray_wrapping(
    local_ray: RayCluster, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "gone.jsonl", generated_records(3))
    splits = plan_splits(discover_batch_inputs([path]), split_bytes=1 << 20)
    path.unlink()

    with pytest.raises(InputError) as caught:
        list(score_splits(splits, workers=1, options=BatchOptions()))

    assert type(caught.value) is InputError
    assert str(caught.value).startswith(f"{path}: cannot be read by a Ray worker")
    assert "Traceback" not in str(caught.value)
