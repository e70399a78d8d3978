"""Shared fixtures: the hand-built test dataset and the bundled one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lexbridge.law import DATA_DIR, LawDataset, default_dataset, load

MINI = Path(__file__).parent / "fixtures" / "mini"


def build_data_dir(target: Path, *extra: tuple[str, str]) -> Path:
    """A dataset folder: the test states and treaty, the real vocabulary, plus ``extra`` files."""
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("README.md"))
    for name in ("offences.yaml", "jurisdictions.yaml"):
        shutil.copy(DATA_DIR / name, target / name)
    for rel, text in extra:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def mini(tmp_path_factory: pytest.TempPathFactory) -> LawDataset:
    return load(build_data_dir(tmp_path_factory.mktemp("mini") / "data"))


@pytest.fixture(scope="session")
def law() -> LawDataset:
    return default_dataset()


@pytest.fixture(autouse=True)
def _instance_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands that keep data (the demo's casework database) keep it in a temporary folder."""
    monkeypatch.setenv("LEXBRIDGE_INSTANCE", str(tmp_path_factory.mktemp("instance")))
    monkeypatch.delenv("DATABASE_URL", raising=False)
