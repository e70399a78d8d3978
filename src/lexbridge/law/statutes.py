"""National law: statutes with their elements and penalties, and coverage findings.

A statute covers conduct when it was in force, all its required elements are established and
its source is official (LEGAL-SEMANTICS §3). A finding records, with its own source, that no
provision covered an offence in a period (``not_covered``) or that the listed provisions are
all that cover it (``exhaustive``).
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from lexbridge.law._base import Dated, LawModel, Source, SourcedPeriod
from lexbridge.law.offences import FACT_NAME, AnyOf


class ProvisionText(LawModel):
    """The provision's own words, cut to what states the elements."""

    language: str = Field(pattern=r"^[a-z]{2}$")
    excerpt: str = Field(min_length=10)
    translation: str | None = None

    @model_validator(mode="after")
    def _translated_unless_english(self) -> Self:
        if self.language != "en" and not self.translation:
            raise ValueError(f"the excerpt is in '{self.language}': give an English translation")
        return self

    def contains(self, anchor: str) -> bool:
        """True when ``anchor`` appears word for word (whitespace folded) in the text."""
        needle = " ".join(anchor.split()).casefold()
        return any(
            needle in " ".join(body.split()).casefold()
            for body in (self.excerpt, self.translation or "")
        )


class StatuteElement(LawModel):
    """One element a provision requires, anchored in its text."""

    fact: str | None = Field(default=None, pattern=FACT_NAME)
    any_of: tuple[str, ...] | None = Field(default=None, min_length=2)
    anchor: str = Field(min_length=2)
    jurisdictional: bool = False

    @model_validator(mode="after")
    def _fact_or_group(self) -> Self:
        if (self.fact is None) == (self.any_of is None):
            raise ValueError("an element names either `fact` or `any_of`, not both or neither")
        return self

    @property
    def requirement(self) -> str | AnyOf:
        return self.fact if self.fact is not None else AnyOf(any_of=self.any_of or ())

    @property
    def facts(self) -> tuple[str, ...]:
        return (self.fact,) if self.fact is not None else (self.any_of or ())


class Penalty(LawModel):
    """One penalty variant: its maximum, and the facts that select it (none: the base).

    ``max_months`` is deprivation of liberty only; a penalty that restricts liberty without
    depriving of it (restriction of liberty, community work) is ``non_custodial``, described in
    words, and counts as zero months against a treaty's custodial threshold.
    """

    max_months: int | None = Field(default=None, ge=0)
    life: bool = False
    fine_only: bool = False
    non_custodial: str | None = None
    when: tuple[str, ...] = ()
    label: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        kinds = (
            (self.max_months is not None) + self.life + self.fine_only + bool(self.non_custodial)
        )
        if kinds != 1:
            raise ValueError(
                "a penalty variant has exactly one of max_months, life, fine_only, non_custodial"
            )
        return self

    @property
    def severity(self) -> float:
        """Maximum months of deprivation of liberty; life is infinity, anything else zero."""
        if self.life:
            return math.inf
        return float(self.max_months or 0)

    def describe(self) -> str:
        if self.life:
            return "life imprisonment"
        if self.fine_only:
            return "a fine only"
        if self.non_custodial:
            return f"no deprivation of liberty ({self.non_custodial})"
        return f"up to {self.max_months} months' deprivation of liberty"


class Statute(SourcedPeriod):
    """One version of a provision of national law (an unrecorded ``since``: see SourcedPeriod)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    citation: str
    title: str | None = None
    offences: tuple[str, ...] = Field(min_length=1)
    general: bool = False
    text: ProvisionText
    elements: tuple[StatuteElement, ...] = Field(min_length=1)
    penalties: tuple[Penalty, ...] = Field(min_length=1)


class FindingStatus(StrEnum):
    NOT_COVERED = "not_covered"
    EXHAUSTIVE = "exhaustive"


class Finding(Dated):
    """A sourced statement about an offence's coverage in a period."""

    offence: str
    status: FindingStatus
    reason: str
    general_offences_checked: tuple[str, ...] = Field(min_length=1)
    source: Source


class DualCriminalityDate(LawModel):
    """Which date's law a state applies when it is asked to act (LEGAL-SEMANTICS §3)."""

    value: Literal["conduct", "request", "decision"]
    """The date of the conduct, of the request's receipt, or of the decision on it."""
    source: Source
