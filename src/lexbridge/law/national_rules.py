"""A state's own rules around its criminal law: jurisdiction, extradition, limitation, contacts,
data retention (LEGAL-SEMANTICS §§ 5-6).

Each rule is dated like a statute (the period it is known to hold; an unrecorded start is known
only from the day its source was read), quotes the provision's words and anchors what it asserts
in them, and carries its source.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from lexbridge.law._base import LawModel, Source, SourcedPeriod
from lexbridge.law.statutes import ProvisionText
from lexbridge.law.vocabulary import AuthorityLevel, Measure


class Basis(StrEnum):
    """Bases of criminal jurisdiction a state's law may assert (Budapest art. 22 grants none)."""

    TERRITORIALITY = "territoriality"
    EFFECTS = "effects"
    ACTIVE_NATIONALITY = "active_nationality"
    RESIDENCE = "residence"
    PASSIVE_PERSONALITY = "passive_personality"
    PROTECTIVE = "protective"
    REPRESENTATION = "representation"
    FLAG = "flag"


class JurisdictionCondition(StrEnum):
    """What a basis needs before the state may prosecute on it."""

    DOUBLE_CRIMINALITY = "double_criminality"
    COMPLAINT_OR_DENUNCIATION = "complaint_or_denunciation"
    OFFENDER_PRESENT = "offender_present"
    PROSECUTION_AUTHORISED = "prosecution_authorised"
    MINIMUM_PENALTY = "minimum_penalty"
    NOT_EXTRADITED = "not_extradited"
    OFFENCE_LISTED = "offence_listed"


class AnchoredRule(SourcedPeriod):
    """A rule read in a provision: its citation, the words that assert it, the text, the source."""

    provision: str = Field(min_length=3)
    anchor: str = Field(min_length=2)
    text: ProvisionText


class Condition(LawModel):
    condition: JurisdictionCondition
    anchor: str = Field(min_length=2)
    threshold_months: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _threshold_only_for_minimum_penalty(self) -> Self:
        if (self.condition is JurisdictionCondition.MINIMUM_PENALTY) != (
            self.threshold_months is not None
        ):
            raise ValueError("threshold_months goes with, and only with, condition minimum_penalty")
        return self


class JurisdictionRule(AnchoredRule):
    """One basis of jurisdiction the state's law asserts, with its conditions."""

    basis: Basis
    scope: str = Field(min_length=10)
    offences: tuple[str, ...] = ()
    """Harmonised offences the rule is limited to; empty means every offence."""
    conditions: tuple[Condition, ...] = ()


class NationalsRule(StrEnum):
    """Whether the state extradites its own nationals."""

    NEVER = "never"
    REGIONAL_ONLY = "regional_only"
    WITH_CONSENT = "with_consent"
    TREATY_ONLY = "treaty_only"
    ALLOWED = "allowed"


class NationalsCondition(StrEnum):
    CONSENT = "consent"
    RETURN_TO_SERVE = "return_to_serve"
    RECIPROCITY = "reciprocity"
    CONDUCT_OUTSIDE_TERRITORY = "conduct_outside_territory"
    DUAL_CRIMINALITY = "dual_criminality"
    NATIONALITY_AT_OFFENCE = "nationality_at_offence"
    TREATY_PROVIDES = "treaty_provides"


class NationalsExtradition(AnchoredRule):
    rule: NationalsRule
    conditions: tuple[NationalsCondition, ...] = ()
    schemes: tuple[str, ...] = ()
    """Instruments (ids) under which the state does extradite its nationals."""


class TreatyBasis(AnchoredRule):
    treaty_required: bool
    reciprocity: bool | None = None
    multilateral_basis: bool | None = None
    """Whether a multilateral convention (Budapest art. 24(3)) serves as the basis."""


class BarKind(StrEnum):
    POLITICAL_OFFENCE = "political_offence"
    MILITARY_OFFENCE = "military_offence"
    FISCAL_OFFENCE = "fiscal_offence"
    PERSECUTION = "persecution"
    HUMAN_RIGHTS = "human_rights"
    DEATH_PENALTY = "death_penalty"
    FORUM = "forum"
    LAPSE_OF_TIME = "lapse_of_time"
    NE_BIS_IN_IDEM = "ne_bis_in_idem"
    IN_ABSENTIA = "in_absentia"
    DUAL_CRIMINALITY = "dual_criminality"
    PENALTY_THRESHOLD = "penalty_threshold"
    NATIONALITY = "nationality"


class Weighing(LawModel):
    """The test a court applies before the bar operates (e.g. the interests of justice)."""

    test: str = Field(min_length=10)
    source: Source


class ExtraditionBar(AnchoredRule):
    """A ground on which the requested state must (mandatory) or may refuse."""

    kind: BarKind
    mandatory: bool
    threshold_months: int | None = Field(default=None, ge=0)
    weighing: Weighing | None = None
    """Set where the bar operates only after a court weighs a test: the answer is then at most refusable."""

    @model_validator(mode="after")
    def _threshold_only_for_penalty(self) -> Self:
        if (self.kind is BarKind.PENALTY_THRESHOLD) != (self.threshold_months is not None):
            raise ValueError("threshold_months goes with, and only with, kind penalty_threshold")
        return self


class ProsecuteInstead(AnchoredRule):
    """The duty to prosecute where extradition is refused (aut dedere aut judicare)."""


class ExtraditionLaw(LawModel):
    """The state as the requested state."""

    nationals: tuple[NationalsExtradition, ...] = ()
    treaty_basis: tuple[TreatyBasis, ...] = ()
    bars: tuple[ExtraditionBar, ...] = ()
    prosecute_instead: tuple[ProsecuteInstead, ...] = ()


class Band(LawModel):
    max_months_up_to: int | None = Field(default=None, ge=0)
    """Offences whose maximum penalty is at most this; null: every offence above the last band."""
    years: int | None = Field(default=None, ge=0)
    """The limitation period; null: no limitation."""


class LimitationRule(AnchoredRule):
    bands: tuple[Band, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_ascending(self) -> Self:
        ceilings = [b.max_months_up_to for b in self.bands]
        if any(c is None for c in ceilings[:-1]):
            raise ValueError("only the last band may have max_months_up_to null")
        known = [c for c in ceilings if c is not None]
        if known != sorted(set(known)):
            raise ValueError("bands must rise by max_months_up_to, each ceiling once")
        return self


class ContactRole(StrEnum):
    CENTRAL_AUTHORITY = "central_authority"
    POINT_OF_CONTACT_24_7 = "point_of_contact_24_7"
    EAW_AUTHORITY = "eaw_authority"


class Contact(SourcedPeriod):
    role: ContactRole
    instrument: str | None = None
    name: str = Field(min_length=3)


class RetentionStatus(StrEnum):
    REQUIRED = "required"
    SUSPENDED = "suspended"
    ANNULLED = "annulled"
    NONE = "none"


class RetentionRule(SourcedPeriod):
    """Whether providers must keep communications data, and for how long."""

    data: tuple[str, ...] = Field(min_length=1)
    status: RetentionStatus
    period_months: int | None = Field(default=None, ge=0)
    provision: str | None = None
    text: ProvisionText | None = None

    @model_validator(mode="after")
    def _period_only_when_required(self) -> Self:
        if self.period_months is not None and self.status is not RetentionStatus.REQUIRED:
            raise ValueError("period_months is given only for status required")
        return self


class AuthorisationRule(AnchoredRule):
    """Who must order a measure under the state's own law when it asks abroad (or acts at home):
    e.g. a judge for the interception of communications. It adds to what the instrument requires;
    the stricter of the two governs (LEGAL-SEMANTICS §7)."""

    measures: tuple[Measure, ...] = Field(min_length=1)
    level: AuthorityLevel
    emergency_level: AuthorityLevel | None = None
    ex_post_validation_hours: int | None = Field(default=None, ge=0)
