"""Shared pieces of the typed law model: strict models, sources and dated facts."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class LawModel(BaseModel):
    """Base of every dataset model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Tier(StrEnum):
    """How authoritative a source is (LEGAL-SEMANTICS §3).

    Only ``official`` and ``treaty_office`` sources may ground a ``yes`` or a ``no``.
    """

    OFFICIAL = "official"
    TREATY_OFFICE = "treaty_office"
    SECONDARY = "secondary"

    @property
    def authoritative(self) -> bool:
        return self is not Tier.SECONDARY


class Source(LawModel):
    """Where a fact comes from, and when someone last read it there."""

    title: str = Field(min_length=3)
    pinpoint: str | None = None
    url: str = Field(pattern=r"^(https?://|urn:)\S+$")
    checked: date
    tier: Tier
    note: str | None = None

    def cite(self) -> str:
        """One-line citation: title, pinpoint, URL."""
        parts = [self.title]
        if self.pinpoint:
            parts.append(self.pinpoint)
        return f"{', '.join(parts)} <{self.url}>"


class Dated(LawModel):
    """A fact that holds from ``since`` to ``until``, both inclusive; open ends are open."""

    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _until_not_before_since(self) -> Self:
        if self.since and self.until and self.until < self.since:
            raise ValueError(
                f"until ({self.until}) is before since ({self.since}); "
                "until is the last day the fact holds"
            )
        return self

    def holds_on(self, day: date) -> bool:
        """True when ``day`` falls inside the period (an open end counts as unbounded)."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


class SourcedPeriod(Dated):
    """A dated fact with its source.

    ``since`` absent means the start is not recorded (not "always"): the fact is known to hold
    only from the day its source was read (``source.checked``), and before that it is unknown.
    """

    source: Source

    def in_force_on(self, day: date) -> bool | None:
        """True, False, or None when the day falls before an unrecorded start."""
        if self.until is not None and day > self.until:
            return False
        if self.since is not None:
            return self.since <= day
        if self.until is None and day >= self.source.checked:
            return True
        return None

    def holds_on(self, day: date) -> bool:
        """Known to hold on ``day`` (never true before an unrecorded start)."""
        return self.in_force_on(day) is True
