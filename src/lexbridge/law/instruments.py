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
from lexbridge.law.vocabulary import AuthorityLevel, Measure


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


class DeadlineEvent(StrEnum):
    """The event an instrument starts a time limit from."""

    RECEIPT = "receipt"
    ACKNOWLEDGMENT = "acknowledgment"
    RECOGNITION = "recognition"
    ARREST = "arrest"


class DeadlinePurpose(StrEnum):
    """What must be done by the deadline."""

    ANSWER = "answer"
    RECOGNITION = "recognition"
    EXECUTION = "execution"
    PRESERVATION = "preservation"
    """How long preserved data must be kept (Budapest art. 29(7); e-Evidence art. 11(1))."""
    SURRENDER = "surrender"
    DOCUMENTS = "documents"
    """The formal request must arrive (European Convention on Extradition art. 16(4))."""


class Deadline(LawModel):
    """A deadline is binding, a target, or none, never mixed (LEGAL-SEMANTICS §6).

    ``starts`` is the event the instrument counts from; ``extension_days`` the longest extension it
    allows, where it allows one.
    """

    kind: DeadlineKind
    days: int | None = Field(default=None, ge=0)
    hours: int | None = Field(default=None, ge=0)
    starts: DeadlineEvent = DeadlineEvent.RECEIPT
    extension_days: int | None = Field(default=None, ge=0)
    purpose: DeadlinePurpose = DeadlinePurpose.ANSWER
    text: str
    source: Source

    @model_validator(mode="after")
    def _figure_only_when_limited(self) -> Self:
        has_figure = self.days is not None or self.hours is not None
        if self.kind is DeadlineKind.NONE and (has_figure or self.extension_days is not None):
            raise ValueError("a deadline of kind none has no days, hours or extension")
        if self.kind is not DeadlineKind.NONE and not has_figure:
            raise ValueError(f"a {self.kind.value} deadline needs days or hours")
        return self

    @property
    def total_hours(self) -> float:
        """The limit in hours; infinite for kind none."""
        if self.days is None and self.hours is None:
            return float("inf")
        return (self.days or 0) * 24 + (self.hours or 0)


class EmergencyGround(StrEnum):
    """What is threatened; each instrument's definition covers some of these (LEGAL-SEMANTICS §6)."""

    LIFE = "life"
    PHYSICAL_INTEGRITY = "physical_integrity"
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"


class EmergencyDefinition(LawModel):
    """An instrument's own definition of an emergency, which alone opens its emergency paths.

    ``grounds`` empty and ``text`` absent: the instrument has a definition that was not read, so
    whether a threat meets it is unknown.
    """

    grounds: tuple[EmergencyGround, ...] = ()
    article: str
    text: str | None = None
    source: Source

    @model_validator(mode="after")
    def _grounds_from_text(self) -> Self:
        if bool(self.grounds) != bool(self.text):
            raise ValueError("grounds are given exactly when the definition's text is")
        return self


class Authorisation(LawModel):
    """Who may issue (or must validate) the order under an instrument (e.g. e-Evidence art. 4).

    ``level`` is the least independent authority that may issue it: ``prosecutor`` means a
    prosecutor or a judge. In an emergency some instruments let a lower authority act and have the
    order validated afterwards, within ``ex_post_validation_hours``.
    """

    level: AuthorityLevel
    emergency_level: AuthorityLevel | None = None
    ex_post_validation_hours: int | None = Field(default=None, ge=0)
    article: str
    text: str
    source: Source


class Channel(StrEnum):
    """How a request travels (LEGAL-SEMANTICS §6)."""

    CENTRAL_AUTHORITY = "central_authority"
    NETWORK_24_7 = "network_24_7"
    JUDICIAL_DIRECT = "judicial_direct"
    PROVIDER_DIRECT = "provider_direct"
    DIPLOMATIC = "diplomatic"
    FIU_TO_FIU = "fiu_to_fiu"


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
    later_deadlines: tuple[Deadline, ...] = ()
    """Time limits that follow the first (EIO art. 12(4): execution within 90 days of recognition)."""
    emergency_deadline: Deadline | None = None
    """The time limit that replaces ``deadline`` when the instrument's emergency definition is met."""
    emergency_only: bool = False
    """The route opens only in an emergency as the instrument defines it (2AP arts. 9-10)."""
    authorisation: Authorisation | None = None
    """Who may issue the order under the instrument; absent: the instrument leaves it to the
    requesting state's law."""
    note: str | None = None
    source: Source


class MembersOnly(LawModel):
    """Only members of an organisation can be bound (an EU act binds Member States only).

    ``ever_members`` is filled at load from the organisation's membership in ``jurisdictions.yaml``;
    a state that was never a member is known not to be bound.
    """

    organisation: str
    source: Source
    ever_members: tuple[str, ...] = ()


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
    members_only: MembersOnly | None = None
    emergency: EmergencyDefinition | None = None
    """The instrument's own definition of an emergency; it opens the emergency paths of its measures."""
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
        emergency_paths = [
            m.article for m in self.measures if m.emergency_only or m.emergency_deadline
        ]
        if emergency_paths and self.emergency is None:
            raise ValueError(
                f"measures under {', '.join(emergency_paths)} have an emergency path but the"
                " instrument records no emergency definition"
            )
        return self

    def emergency_met(self, grounds: frozenset[EmergencyGround]) -> bool | None:
        """Whether the threat described by ``grounds`` meets this instrument's definition;
        None when the definition was not read."""
        if not grounds or self.emergency is None:
            return False
        if not self.emergency.grounds:
            return None
        return bool(grounds & set(self.emergency.grounds))

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
        if party is None and self.members_only and state not in self.members_only.ever_members:
            return False
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
