"""Packaged data files parse the same with libyaml as with PyYAML's own parser."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from safeguard.core.datafile_reader import parse_yaml, safe_load_yaml
from safeguard.core.errors import DataFileError


def _packaged_yaml() -> list[str]:
    root = resources.files("safeguard.data")
    names: list[str] = []
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir():
                stack.append((f"{prefix}{item.name}/", item))
            elif item.name.endswith((".yaml", ".yml")):
                names.append(f"{prefix}{item.name}")
    return sorted(names)


@pytest.mark.parametrize("name", _packaged_yaml())
def test_each_packaged_file_parses_to_the_same_data(name: str) -> None:
    text = resources.files("safeguard.data").joinpath(name).read_text("utf-8")
    assert safe_load_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "broken", ["a: [1, 2", "key: value\n  bad indent: x", "\t- tab", "a: 'unterminated"]
)
def test_a_broken_file_is_reported_as_pyyaml_reports_it(broken: str) -> None:
    try:
        yaml.safe_load(broken)
    except yaml.YAMLError as exc:
        expected = f"demo.yaml: not valid YAML: {exc}"
    else:  # pragma: no cover - every case above is invalid
        raise AssertionError("expected a YAML error")
    with pytest.raises(DataFileError) as raised:
        parse_yaml(broken, "demo.yaml")
    assert str(raised.value) == expected
