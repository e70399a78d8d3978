"""The file ``states/XX.yaml``: one jurisdiction's law, its statutes and its national rules."""

from __future__ import annotations

from lexbridge.law._base import LawModel
from lexbridge.law.national_rules import (
    AuthorisationRule,
    Contact,
    ExtraditionLaw,
    JurisdictionRule,
    LimitationRule,
    RetentionRule,
)
from lexbridge.law.statutes import DualCriminalityDate, Finding, Statute


class StateLaw(LawModel):
    """The file ``states/XX.yaml``: one jurisdiction's law."""

    state: str
    extent: str | None = None
    dual_criminality_date: DualCriminalityDate | None = None
    statutes: tuple[Statute, ...] = ()
    findings: tuple[Finding, ...] = ()
    jurisdiction: tuple[JurisdictionRule, ...] = ()
    extradition: ExtraditionLaw | None = None
    limitation: tuple[LimitationRule, ...] = ()
    contacts: tuple[Contact, ...] = ()
    retention: tuple[RetentionRule, ...] = ()
    authorisation: tuple[AuthorisationRule, ...] = ()
