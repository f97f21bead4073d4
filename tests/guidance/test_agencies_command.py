"""``safeguard agencies``: lists, filters and flags the directory."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from safeguard.cli.exit_codes import ExitCode
from safeguard.cli.main import _register, cli

_register()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["agencies", *args], env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_lists_every_entry_with_its_flags() -> None:
    code, out, err = _run()
    assert code == ExitCode.OK
    assert "Childline" in out and "0800 1111" in out
    assert "0344 381 4772 (likely current) [verify]" in out
    assert "NOT CONFIGURED" in out
    assert "[hours to verify]" in out
    assert "22 entries" in err


def test_category_and_jurisdiction_filters() -> None:
    code, out, _ = _run("--category", "sextortion", "--jurisdiction", "ni")
    assert code == ExitCode.OK
    assert "Report Remove" in out and "Gateway" in out
    assert "MASH" not in out and "CyberTipline" not in out


def test_stale_lists_only_entries_needing_checks(tmp_path: Path) -> None:
    local = tmp_path / "local.yaml"
    local.write_text(
        "lado:\n  contacts: [{kind: phone, value: '01000 000003'}]\n  last_verified: 2026-10-01\n",
        "utf-8",
    )
    code, out, _ = _run("--stale", "--local", str(local), "--today", "2026-11-22")
    assert code == ExitCode.OK
    assert "LADO" not in out  # configured and verified last month
    assert "not configured" in out and "never verified" in out
    code, out, _ = _run("--stale", "--local", str(local), "--today", "2028-01-01")
    assert "LADO" in out and "last verified 2026-10-01" in out


def test_bad_local_file_exits_with_data_error(tmp_path: Path) -> None:
    local = tmp_path / "local.yaml"
    local.write_text("childline:\n  contacts: [{kind: phone, value: '1'}]\n", "utf-8")
    code, _, err = _run("--local", str(local))
    assert code == ExitCode.DATA_ERROR
    assert "entry 'childline'" in err
