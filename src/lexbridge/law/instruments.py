"""Instruments: treaties and laws that carry a measure from one state to another.

Each instrument lists its parties with the dates it binds them, the measures it offers, and per
measure the dual-criminality rule and the deadline (LEGAL-SEMANTICS §4 and §6).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from lexbridge.law._base import LawModel, Source
from lexbridge.law.vocabulary import Measure


class InstrumentKind(StrEnum):
    TREATY = "treaty"
    PROTOCOL = "protocol"
    EU_REGULATION = "eu_regulation"
    EU_DIRECTIVE = "eu_directive"
    EU_FRAMEWORK_DECISION = "eu_framework_decision"
    EXECUTIVE_AGREEMENT = "executive_agreement"
    COMITY = "comity"


class Reservation(LawModel):
    article: str
    text: str
    source: Source


class Party(LawModel):
    """A state's tie to an instrument. ``since`` absent: not bound, or the date is not known."""

    state: str
    signed: date | None = None
    consent: date | None = None
    since: date | None = None
    until: date | None = None
    reservations: tuple[Reservation, ...] = ()
    source: Source

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.since and self.until and self.until < self.since:
            raise ValueError(f"until ({self.until}) is before since ({self.since})")
        return self

    def bound_on(self, day: date) -> bool | None:
        """True if bound on ``day``, False if known not to be, None if the date is unknown.

        A signatory that has not consented is not bound; a party listed without the date
        the instrument took effect for it is bound on an unknown date.
        """
        if self.until is not None and day > self.until:
            return False
        if self.since is not None:
            return self.since <= day
        if self.signed is not None and self.consent is None:
            return False
        return None


class ListExemption(LawModel):
    """Offences that skip the dual-criminality check (EAW art. 2(2); e-Evidence art. 5(4))."""

    offences: tuple[str, ...] = Field(min_length=1)
    threshold_months_requesting: int | None = Field(default=None, ge=0)
    source: Source


class Thresholds(LawModel):
    """Minimum statutory maximum penalty, in months, that each side's law must provide."""

    requesting: int | None = Field(default=None, ge=0)
    requested: int | None = Field(default=None, ge=0)


class DualCriminalityRule(LawModel):
    """Dual criminality as a rule of an instrument and a measure (LEGAL-SEMANTICS §4)."""

    required: bool
    sides: Literal["both", "requesting", "requested"] = "both"
    threshold_months: Thresholds = Thresholds()
    list_exemption: ListExemption | None = None
    mandatory: bool = True
    """False: failing the check is only an optional ground of refusal."""
    note: str | None = None
    source: Source


class DeadlineKind(StrEnum):
    BINDING = "binding"
    TARGET = "target"
    NONE = "none"


class Deadline(LawModel):
    """A deadline is binding, a target, or none, never mixed (LEGAL-SEMANTICS §6)."""

    kind: DeadlineKind
    days: int | None = Field(default=None, ge=0)
    hours: int | None = Field(default=None, ge=0)
    text: str
    source: Source


class Channel(StrEnum):
    """How a request travels (LEGAL-SEMANTICS §6)."""

    CENTRAL_AUTHORITY = "central_authority"
    NETWORK_24_7 = "network_24_7"
    JUDICIAL_DIRECT = "judicial_direct"
    PROVIDER_DIRECT = "provider_direct"
    DIPLOMATIC = "diplomatic"


class EvidenceKind(StrEnum):
    EVIDENCE = "evidence"
    INTELLIGENCE = "intelligence"


class MeasureOffer(LawModel):
    """A measure an instrument offers, under one article."""

    measure: Measure
    article: str
    dual_criminality: DualCriminalityRule | None = None
    deadline: Deadline | None = None
    channel: Channel | None = None
    binding: bool | None = None
    """Whether the recipient must act (subject to the instrument's grounds of refusal)."""
    evidence: EvidenceKind | None = None
    """What the product is: evidence for a court, or intelligence; null where not applicable."""
    route_source: Source | None = None
    """Where the channel, binding force and kind of product are stated."""
    note: str | None = None
    source: Source


class Instrument(LawModel):
    """The file ``instruments/ID.yaml``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    short_title: str | None = None
    reference: str | None = None
    kind: InstrumentKind
    opened: date | None = None
    """Opened for signature or adopted; only comity, which no text opened, has none."""
    in_force: date | None = None
    """Entry into force of the instrument itself; absent with ``not_in_force`` false: unknown."""
    not_in_force: bool = False
    """True when the instrument is known not to be in force (signed but not in force)."""
    universal: bool = False
    parties_complete_on: date | None = None
    """The party list names every state that was ever bound up to this date, former parties with
    their ``until`` (a full chart, or a closed instrument such as a bilateral agreement). Up to it, a
    state not listed was not bound; after it, or without it, an unlisted state is unknown."""
    entry_into_force_rule: str | None = None
    note: str | None = None
    source: Source
    parties: tuple[Party, ...] = ()
    measures: tuple[MeasureOffer, ...] = ()

    @model_validator(mode="after")
    def _opening_and_force_consistent(self) -> Self:
        if self.opened is None and self.kind is not InstrumentKind.COMITY:
            raise ValueError("opened is required (only comity has no opening date)")
        if self.not_in_force and self.in_force is not None:
            raise ValueError(f"not_in_force is true but in_force is {self.in_force}")
        return self

    @property
    def name(self) -> str:
        return self.short_title or self.title

    def binds(self, state: str, day: date) -> bool | None:
        """Whether the instrument is in force between itself and ``state`` on ``day``.

        Signed but not in force means not available (LEGAL-SEMANTICS §6).
        """
        if self.universal:
            return True
        if self.not_in_force or (self.in_force is not None and day < self.in_force):
            return False
        party = self.party(state)
        if party is None:
            complete = self.parties_complete_on is not None and day <= self.parties_complete_on
            return False if complete else None
        bound = party.bound_on(day)
        # A party's tie resting on a secondary source cannot ground a yes or a no (§3).
        return bound if party.source.tier.authoritative else None

    def party(self, state: str) -> Party | None:
        return next((p for p in self.parties if p.state == state), None)

    def offers(self, measure: Measure) -> tuple[MeasureOffer, ...]:
        return tuple(m for m in self.measures if m.measure is measure)
