"""Jurisdictions: ISO 3166-1 states, territories with their own legal status, organisations.

Every ISO 3166-1 alpha-2 code known to ``pycountry`` is a jurisdiction. ``jurisdictions.yaml``
marks the territories among them (with the state they belong to) and adds regional
organisations that are themselves parties to instruments, such as the EU (LEGAL-SEMANTICS §2).
"""

from __future__ import annotations

from enum import StrEnum

import pycountry
from pydantic import Field

from lexbridge.law._base import Dated, LawModel, Source


class JurisdictionKind(StrEnum):
    STATE = "state"
    TERRITORY = "territory"
    ORGANISATION = "organisation"


class Jurisdiction(LawModel):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    kind: JurisdictionKind
    parent: str | None = None
    source: Source | None = None


class TerritoryEntry(LawModel):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    parent: str = Field(pattern=r"^[A-Z]{2}$")
    status: str
    source: Source


class Membership(Dated):
    state: str = Field(pattern=r"^[A-Z]{2}$")


class OrganisationEntry(LawModel):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    source: Source
    members: tuple[Membership, ...] = ()
    """Every state that has ever been a member, with the dates; empty when not recorded."""
    members_source: Source | None = None


class JurisdictionsFile(LawModel):
    """The file ``jurisdictions.yaml``."""

    territories: tuple[TerritoryEntry, ...] = ()
    organisations: tuple[OrganisationEntry, ...] = ()


def iso_states() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its common name, from pycountry."""
    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def build_jurisdictions(extra: JurisdictionsFile) -> dict[str, Jurisdiction]:
    """All jurisdictions: ISO codes, with territories marked and organisations added."""
    names = iso_states()
    result = {
        code: Jurisdiction(code=code, name=name, kind=JurisdictionKind.STATE)
        for code, name in names.items()
    }
    for territory in extra.territories:
        result[territory.code] = Jurisdiction(
            code=territory.code,
            name=names.get(territory.code, territory.code),
            kind=JurisdictionKind.TERRITORY,
            parent=territory.parent,
            source=territory.source,
        )
    for org in extra.organisations:
        result[org.code] = Jurisdiction(
            code=org.code, name=org.name, kind=JurisdictionKind.ORGANISATION, source=org.source
        )
    return result
