"""Docs that cannot drift: every command is in the README, every dataset field in docs/dataset.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from pydantic import BaseModel

from lexbridge.cli import app
from lexbridge.law import Measure
from lexbridge.law._base import Source
from lexbridge.law.instruments import (
    Deadline,
    DualCriminalityRule,
    Instrument,
    ListExemption,
    MeasureOffer,
    Party,
    Reservation,
    Thresholds,
)
from lexbridge.law.national_rules import (
    Band,
    Condition,
    Contact,
    ExtraditionBar,
    ExtraditionLaw,
    JurisdictionRule,
    LimitationRule,
    NationalsExtradition,
    ProsecuteInstead,
    RetentionRule,
    TreatyBasis,
)
from lexbridge.law.providers import Disclosure, EuEstablishment, Portal, Provider, ProviderRetention
from lexbridge.law.state import StateLaw
from lexbridge.law.statutes import (
    DualCriminalityDate,
    Finding,
    Penalty,
    ProvisionText,
    Statute,
    StatuteElement,
)

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DATASET_DOC = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: str = "lexbridge") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            names.extend(_commands(command, f"{prefix} {name}"))
        else:
            names.append(f"{prefix} {name}")
    return names


COMMANDS = _commands(typer.main.get_command(app))


def test_there_are_commands_to_document() -> None:
    assert "lexbridge check" in COMMANDS
    assert "lexbridge law validate" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert command in README, f"`{command}` is not documented in README.md"


MODELS: list[type[BaseModel]] = [
    StateLaw,
    Provider,
    EuEstablishment,
    Disclosure,
    ProviderRetention,
    Portal,
    JurisdictionRule,
    Condition,
    ExtraditionLaw,
    NationalsExtradition,
    TreatyBasis,
    ExtraditionBar,
    ProsecuteInstead,
    LimitationRule,
    Band,
    Contact,
    RetentionRule,
    Statute,
    StatuteElement,
    Penalty,
    Finding,
    ProvisionText,
    DualCriminalityDate,
    Instrument,
    Party,
    Reservation,
    MeasureOffer,
    DualCriminalityRule,
    Thresholds,
    ListExemption,
    Deadline,
    Source,
]
FIELDS = sorted({(m.__name__, f) for m in MODELS for f in m.model_fields})


@pytest.mark.parametrize(("model", "field"), FIELDS)
def test_every_dataset_field_is_in_the_format_doc(model: str, field: str) -> None:
    assert re.search(rf"\b{field}:", DATASET_DOC), f"{model}.{field} is not in docs/dataset.md"


@pytest.mark.parametrize("measure", [m.value for m in Measure])
def test_every_measure_is_in_the_format_doc(measure: str) -> None:
    assert f"`{measure}`" in DATASET_DOC
