"""`lexbridge law validate`: one fixture file per kind of invalid input, each named by file and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexbridge.cli import app
from tests.conftest import build_data_dir

INVALID = sorted((Path(__file__).parent / "invalid").glob("*.yaml"))
runner = CliRunner()


def _header(text: str, key: str) -> str:
    match = re.search(rf"^# {key}: (.+)$", text, re.MULTILINE)
    assert match, f"fixture lacks a '# {key}:' line"
    return match.group(1).strip()


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_input_fails_naming_file_and_field(fixture: Path, tmp_path: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    data = build_data_dir(tmp_path / "data", (_header(text, "target"), text))
    result = runner.invoke(app, ["law", "validate", "--data-dir", str(data)])
    assert result.exit_code == 1, result.output
    assert _header(text, "expect") in " ".join(result.output.split())


def test_the_test_dataset_itself_is_valid(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["law", "validate", "--data-dir", str(build_data_dir(tmp_path / "d"))]
    )
    assert result.exit_code == 0, result.output


def test_the_bundled_dataset_is_valid() -> None:
    result = runner.invoke(app, ["law", "validate"])
    assert result.exit_code == 0, result.output
