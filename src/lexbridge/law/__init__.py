"""THE FACTS: the typed law model and the cited, dated dataset under ``law/data``.

Loading and validating only; no reasoning (that is :mod:`lexbridge.engine`).
"""

from lexbridge.law._base import Dated, Source, Tier
from lexbridge.law._problems import DatasetError, Problem
from lexbridge.law.dataset import DATA_DIR, LawDataset, default_dataset, load, read_dataset
from lexbridge.law.instruments import (
    Deadline,
    DeadlineKind,
    DualCriminalityRule,
    Instrument,
    InstrumentKind,
    MeasureOffer,
    Party,
)
from lexbridge.law.jurisdictions import Jurisdiction, JurisdictionKind
from lexbridge.law.offences import AnyOf, ElementFact, Offence, Requirement
from lexbridge.law.state import StateLaw
from lexbridge.law.statutes import Finding, FindingStatus, Penalty, Statute
from lexbridge.law.vocabulary import FactKind, Measure

__all__ = [
    "DATA_DIR",
    "AnyOf",
    "DatasetError",
    "Dated",
    "Deadline",
    "DeadlineKind",
    "DualCriminalityRule",
    "ElementFact",
    "FactKind",
    "Finding",
    "FindingStatus",
    "Instrument",
    "InstrumentKind",
    "Jurisdiction",
    "JurisdictionKind",
    "LawDataset",
    "Measure",
    "MeasureOffer",
    "Offence",
    "Party",
    "Penalty",
    "Problem",
    "Requirement",
    "Source",
    "StateLaw",
    "Statute",
    "Tier",
    "default_dataset",
    "load",
    "read_dataset",
]
