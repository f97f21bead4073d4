"""``safeguard hash`` and ``safeguard bank``: output formats, exit codes, files written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from safeguard.cli.main import _register, cli
from safeguard.images.image_hashes import hash_image_file

from .generated import flat_image, save, shapes_image

_register()


def _run(*args: str | Path, banks: Path | None = None, stdin: str | None = None) -> Result:
    env = {"SAFEGUARD_BANKS_DIR": str(banks)} if banks else {}
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, input=stdin)


@pytest.fixture
def images(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "images"
    folder.mkdir()
    base = shapes_image(41, (400, 300))
    return {
        "original": save(base, folder / "original.png"),
        "copy": save(base.resize((300, 225)), folder / "copy.jpg", quality=75),
        "other": save(shapes_image(42), folder / "other.png"),
        "flat": save(flat_image(), folder / "flat.png"),
    }


def test_hash_json_has_exactly_the_documented_keys(images: dict[str, Path]) -> None:
    result = _run("hash", "--json", images["original"], images["other"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(line) for line in lines] == [{"path", "pdq", "quality", "md5", "sha256"}] * 2
    data = images["original"].read_bytes()
    assert lines[0]["sha256"] == hashlib.sha256(data).hexdigest()
    assert lines[0]["md5"] == hashlib.md5(data).hexdigest()
    assert lines[0]["pdq"] == hash_image_file(images["original"]).pdq


def test_hash_text_line_is_pdq_quality_md5_sha256_path(images: dict[str, Path]) -> None:
    result = _run("hash", images["flat"])
    pdq, quality, md5, sha256, path = result.stdout.split()
    assert (len(pdq), quality, len(md5), len(sha256)) == (64, "0", 32, 64)
    assert path == str(images["flat"])


def test_hash_of_unreadable_file_exits_3_and_still_hashes_the_rest(
    images: dict[str, Path], tmp_path: Path
) -> None:
    result = _run("hash", tmp_path / "missing.jpg", images["other"])
    assert result.exit_code == 3
    assert "missing.jpg: cannot read the file" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_hash_writes_nothing(images: dict[str, Path]) -> None:
    before = sorted(images["original"].parent.iterdir())
    _run("hash", images["original"])
    assert sorted(images["original"].parent.iterdir()) == before


def _bank_from(images: dict[str, Path], banks: Path, *extra: str) -> None:
    hashes = _run("hash", images["original"]).stdout.split()[0]
    result = _run(
        "bank", "import", "known", "-", "--label", "s1", *extra, banks=banks, stdin=hashes
    )
    assert result.exit_code == 0, result.output


def test_import_list_match_export_round_trip(images: dict[str, Path], tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    _bank_from(images, banks, "--threshold", "25", "--bank-label", "csam")
    listed = json.loads(_run("bank", "list", "--json", banks=banks).stdout)
    assert listed["entries"]["pdq"] == 1 and listed["pdq_threshold"] == 25
    assert listed["labels"] == ["csam"]

    match = _run("bank", "match", "--json", images["copy"], images["other"], banks=banks)
    assert match.exit_code == 1  # an image matched
    copy_line, other_line = (json.loads(line) for line in match.stdout.splitlines())
    assert copy_line["matches"][0]["bank"] == "known"
    assert copy_line["matches"][0]["labels"] == ["csam", "s1"]
    assert "PDQ distance" in copy_line["matches"][0]["why"]
    assert other_line["matches"] == []

    exported = _run(
        "bank", "export", "known", "--format", "lines", "--signal-type", "pdq", banks=banks
    )
    assert exported.stdout.strip() == hash_image_file(images["original"]).pdq


def test_match_without_hits_exits_0_and_says_so(images: dict[str, Path], tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    _bank_from(images, banks)
    result = _run("bank", "match", images["other"], banks=banks)
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("other.png: no match")


def test_allow_list_import_suppresses_match(images: dict[str, Path], tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    _bank_from(images, banks)
    copy_hash = hash_image_file(images["copy"]).pdq
    _run("bank", "import", "known", "-", "--allow", banks=banks, stdin=copy_hash)
    result = _run("bank", "match", images["copy"], banks=banks)
    assert result.exit_code == 0
    assert "not counted" in result.stdout and "allow-list" in result.stdout


def test_surge_quarantines_then_release_restores(images: dict[str, Path], tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    _bank_from(images, banks)
    twenty = [images["original"]] * 20
    result = _run("bank", "match", *twenty, banks=banks)
    assert "quarantined: matched 20 times in the current day" in result.stderr
    entry_id = json.loads(_run("bank", "list", "--json", banks=banks).stdout)["quarantined"][0]
    after = _run("bank", "match", "--no-record", images["original"], banks=banks)
    assert after.exit_code == 0 and "entry quarantined since" in after.stdout
    assert _run("bank", "release", "known", entry_id, banks=banks).exit_code == 0
    assert _run("bank", "match", "--no-record", images["original"], banks=banks).exit_code == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("bank", "export", "nope"), 3, "no hash bank called 'nope'"),
        (("bank", "release", "nope", "x"), 3, "no hash bank"),
        (("bank", "import", "known", "-", "--threshold", "40"), 2, "40 is not in the range"),
        (("bank", "import", "Bad Name", "-"), 2, "bank name"),
    ],
)
def test_bank_errors_have_fixed_exit_codes(
    tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = _run(*args, banks=tmp_path / "banks", stdin="a" * 64)
    assert result.exit_code == code
    assert message in result.stderr


def test_import_of_malformed_list_names_line(tmp_path: Path) -> None:
    result = _run("bank", "import", "known", "-", banks=tmp_path, stdin="abc\n")
    assert result.exit_code == 3
    assert "<stdin>:1: not a PDQ hash" in result.stderr
