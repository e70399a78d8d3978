"""The case description a prosecutor brings: conduct, offenders, victims, systems, evidence, money.

A versioned, documented format (``CASE_FORMAT_VERSION``; JSON Schema in ``docs/case.schema.json``).
Every field that is not known stays unknown (``null`` or absent), and the analysis says what it
would decide.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lexbridge.law.instruments import EmergencyGround
from lexbridge.law.vocabulary import Measure

CASE_FORMAT_VERSION = "1"

_CODE = r"^[A-Z]{2}$"
StateCode = Annotated[str, Field(pattern=_CODE)]


class _CaseModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConductPeriod(_CaseModel):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class OffenceFacts(_CaseModel):
    """A harmonised offence with the element facts established and negated."""

    offence: str
    facts: tuple[str, ...] = ()
    not_facts: tuple[str, ...] = ()


class Offender(_CaseModel):
    id: str = Field(min_length=1)
    name: str | None = None
    nationality: tuple[StateCode, ...] = ()
    """Every nationality held; empty: unknown."""
    resides_in: str | None = Field(default=None, pattern=_CODE)
    acted_from: tuple[StateCode, ...] = ()
    """States where the offender was when acting; empty: unknown."""
    located_in: str | None = Field(default=None, pattern=_CODE)
    """Where the offender is now; null: unknown."""
    consents_to_extradition: bool | None = None


class VictimKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"
    PUBLIC_BODY = "public_body"
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"


class Victim(_CaseModel):
    harm_in: str | None = Field(default=None, pattern=_CODE)
    nationality_or_seat: str | None = Field(default=None, pattern=_CODE)
    kind: VictimKind | None = None
    name: str | None = None


class SystemRole(StrEnum):
    TARGETED = "targeted"
    COMMAND_AND_CONTROL = "command_and_control"
    HOSTING = "hosting"
    EXFILTRATION = "exfiltration"
    PAYMENT = "payment"


class System(_CaseModel):
    role: SystemRole
    state: str | None = Field(default=None, pattern=_CODE)
    provider: str | None = None


class Urgency(_CaseModel):
    """Whether a threat exists; each instrument's own definition decides what it opens."""

    threat_to_life: bool | None = None
    threat_to_physical_integrity: bool | None = None
    threat_to_critical_infrastructure: bool | None = None

    @property
    def emergency(self) -> bool | None:
        values = (
            self.threat_to_life,
            self.threat_to_physical_integrity,
            self.threat_to_critical_infrastructure,
        )
        if any(v is True for v in values):
            return True
        return False if all(v is False for v in values) else None

    @property
    def grounds(self) -> frozenset[EmergencyGround]:
        """What is threatened, as the instruments' emergency definitions name it."""
        flagged = (
            (self.threat_to_life, EmergencyGround.LIFE),
            (self.threat_to_physical_integrity, EmergencyGround.PHYSICAL_INTEGRITY),
            (self.threat_to_critical_infrastructure, EmergencyGround.CRITICAL_INFRASTRUCTURE),
        )
        return frozenset(ground for value, ground in flagged if value is True)


class DataItem(_CaseModel):
    """One piece of evidence wanted: its category (a measure) and who holds it."""

    measure: Measure
    held_by_provider: str | None = None
    held_in: str | None = Field(default=None, pattern=_CODE)
    data_date: date | None = None
    """When the data came into being (a login, a message): decides whether it is likely still held."""
    urgency: Urgency = Urgency()


class Anonymity(StrEnum):
    TOR = "tor"
    ANONYMITY_NETWORK = "anonymity_network"
    VPN = "vpn"
    BULLETPROOF_HOSTING = "bulletproof_hosting"
    MIXER = "mixer"


class Proceeds(_CaseModel):
    state: str | None = Field(default=None, pattern=_CODE)
    holder: str | None = None
    """The exchange or bank (a provider id where the registry has one)."""
    amount: str | None = None


class ExtraditionRequest(_CaseModel):
    """A request already made for an offender, for the competing-requests view."""

    offender: str
    requesting: str = Field(pattern=_CODE)
    made_on: date | None = None
    offences: tuple[str, ...] = ()


class Case(_CaseModel):
    """The file a prosecutor writes (YAML or JSON)."""

    format_version: str = CASE_FORMAT_VERSION
    title: str = Field(min_length=3)
    sources: tuple[str, ...] = ()
    """Public sources the case is modelled on (for the bundled examples)."""
    conduct_period: ConductPeriod | None = None
    conduct_date: date | None = None
    decision_date: date | None = None
    request_date: date | None = None
    forum: str | None = Field(default=None, pattern=_CODE)
    conduct: tuple[OffenceFacts, ...] = Field(min_length=1)
    offenders: tuple[Offender, ...] = ()
    victims: tuple[Victim, ...] = ()
    systems: tuple[System, ...] = ()
    data_needed: tuple[DataItem, ...] = ()
    anonymity: tuple[Anonymity, ...] = ()
    proceeds: tuple[Proceeds, ...] = ()
    extradition_requests: tuple[ExtraditionRequest, ...] = ()

    @model_validator(mode="after")
    def _one_period(self) -> Self:
        if self.format_version != CASE_FORMAT_VERSION:
            raise ValueError(
                f"format_version {self.format_version!r} is not {CASE_FORMAT_VERSION!r}"
            )
        if self.conduct_period is None and self.conduct_date is None:
            raise ValueError("give conduct_period (start, end) or conduct_date")
        if self.conduct_period is not None and self.conduct_date is not None:
            raise ValueError("give conduct_period or conduct_date, not both")
        ids = [o.id for o in self.offenders]
        if len(ids) != len(set(ids)):
            raise ValueError("two offenders share an id")
        for request in self.extradition_requests:
            if request.offender not in ids:
                raise ValueError(f"extradition request for unknown offender {request.offender!r}")
        return self

    @property
    def period(self) -> ConductPeriod:
        if self.conduct_period is not None:
            return self.conduct_period
        assert self.conduct_date is not None
        return ConductPeriod(start=self.conduct_date, end=self.conduct_date)

    def decision_day(self, today: date) -> date:
        return self.decision_date or today

    def request_day(self, today: date) -> date:
        return self.request_date or today

    def linked_states(self) -> list[str]:
        """Every state the case touches, in a stable order."""
        found: list[str] = []

        def add(code: str | None) -> None:
            if code and code not in found:
                found.append(code)

        add(self.forum)
        for offender in self.offenders:
            for code in (
                *offender.acted_from,
                *offender.nationality,
                offender.resides_in,
                offender.located_in,
            ):
                add(code)
        for victim in self.victims:
            add(victim.harm_in)
            add(victim.nationality_or_seat)
        for system in self.systems:
            add(system.state)
        for item in self.data_needed:
            add(item.held_in)
        for proceeds in self.proceeds:
            add(proceeds.state)
        for request in self.extradition_requests:
            add(request.requesting)
        return found
