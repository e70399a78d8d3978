"""Service providers: where a provider is, whom it answers on what legal basis, how long it keeps data.

The registry is keyed by data category and legal basis (LEGAL-SEMANTICS §6): for example, United
States providers may disclose non-content data to foreign authorities voluntarily, but content
only under a CLOUD Act agreement or in an emergency (18 U.S.C. § 2702). Every statement carries
its source; a provider's own guidelines are secondary, so they inform but never decide.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from lexbridge.law._base import LawModel, Source


class ServiceKind(StrEnum):
    CLOUD = "cloud"
    MAIL = "mail"
    SOCIAL = "social"
    MESSAGING = "messaging"
    HOSTING = "hosting"
    SEARCH = "search"
    VIDEO = "video"
    PAYMENTS = "payments"
    EXCHANGE = "exchange"
    TELECOM = "telecom"
    DOMAIN_REGISTRAR = "domain_registrar"


class EstablishmentRole(StrEnum):
    DESIGNATED_ESTABLISHMENT = "designated_establishment"
    LEGAL_REPRESENTATIVE = "legal_representative"
    MAIN_ESTABLISHMENT = "main_establishment"


class DisclosureBasis(StrEnum):
    VOLUNTARY = "voluntary"
    BINDING_ORDER = "binding_order"
    EMERGENCY = "emergency"
    MLA_ONLY = "mla_only"
    AGREEMENT = "agreement"


class EuEstablishment(LawModel):
    state: str
    name: str
    role: EstablishmentRole
    source: Source


class Disclosure(LawModel):
    """One legal basis on which the provider answers foreign authorities, for some data categories."""

    data: tuple[str, ...] = Field(min_length=1)
    basis: DisclosureBasis
    instrument: str | None = None
    conditions: str | None = None
    source: Source


class ProviderRetention(LawModel):
    data: tuple[str, ...] = Field(min_length=1)
    period_days: int | None = Field(default=None, ge=0)
    text: str
    source: Source


class Portal(LawModel):
    url: str
    source: Source


class Provider(LawModel):
    """The file ``providers/ID.yaml``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    services: tuple[ServiceKind, ...] = ()
    home_state: str | None = None
    home_source: Source | None = None
    eu_establishment: EuEstablishment | None = None
    disclosure: tuple[Disclosure, ...] = ()
    retention: tuple[ProviderRetention, ...] = ()
    law_enforcement_portal: Portal | None = None
