"""Who must order a measure before it may be sent: the instrument's rule and the requesting state's.

The one function here, :func:`required_authorisation`, is what the route planner shows and what the
casework enforces (LEGAL-SEMANTICS §7). An instrument may name the authorities that may issue its
orders (e-Evidence art. 4: a prosecutor may issue orders for subscriber and identification data and
any preservation order; traffic and content data need a judge, a court or an investigating judge);
the requesting state's own law may require more. The stricter of the two governs. Where a judge, a
court or another independent authority must act, its order is an external document that the request
cannot be sent without; four-eyes approval inside the unit never replaces it.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.reasons import LawQueryError, Reason
from lexbridge.law import LawDataset, default_dataset
from lexbridge.law.instruments import Authorisation, EmergencyGround, Instrument, MeasureOffer
from lexbridge.law.national_rules import AuthorisationRule
from lexbridge.law.vocabulary import AUTHORITY_RANK, AuthorityLevel, Measure

_LEVEL_WORDS = {
    AuthorityLevel.JUDGE: "a judge, a court or an investigating judge",
    AuthorityLevel.PROSECUTOR: "a public prosecutor (or a judge)",
    AuthorityLevel.COMPETENT_AUTHORITY: "any authority competent in the case",
}


class AuthorisationNeed(BaseModel):
    """What authorisation the measure needs, and whether everything that decides it is recorded."""

    model_config = ConfigDict(frozen=True)

    level: AuthorityLevel | None
    """The least independent authority that may order the measure; None when nothing is recorded."""
    court_order_required: bool | None
    """True: an order of a judge, a court or an independent authority must be recorded before the
    request is sent. None: what the law requires is not (fully) recorded."""
    emergency_path: bool
    ex_post_validation_hours: int | None
    complete: bool
    """False when the requesting state's own rule is not in the dataset: its law may require more."""
    reasons: tuple[Reason, ...]


def _offer(instrument: Instrument, measure: Measure, article: str | None) -> MeasureOffer:
    offers = [o for o in instrument.offers(measure) if article is None or o.article == article]
    if not offers:
        where = f" under {article}" if article else ""
        raise LawQueryError(f"{instrument.name} offers no {measure.value}{where}")
    # Of several articles, the one that sets an authorisation rule speaks for the instrument.
    return next((o for o in offers if o.authorisation), offers[0])


def _level(
    rule: Authorisation | AuthorisationRule, emergency: bool
) -> tuple[AuthorityLevel, int | None]:
    if emergency and rule.emergency_level is not None:
        return rule.emergency_level, rule.ex_post_validation_hours
    return rule.level, None


def required_authorisation(
    instrument_id: str,
    measure: Measure | str,
    requesting: str,
    day: date,
    *,
    emergency: frozenset[EmergencyGround] = frozenset(),
    article: str | None = None,
    law: LawDataset | None = None,
) -> AuthorisationNeed:
    """The authorisation ``measure`` needs when ``requesting`` uses ``instrument_id`` on ``day``."""
    law = law or default_dataset()
    instrument = law.instruments.get(instrument_id)
    if instrument is None:
        raise LawQueryError(f"unknown instrument {instrument_id!r}")
    wanted = Measure(measure)
    offer = _offer(instrument, wanted, article)
    in_emergency = instrument.emergency_met(emergency) is True
    reasons: list[Reason] = []
    levels: list[AuthorityLevel] = []
    validation_hours: int | None = None
    used_emergency = False

    if offer.authorisation is not None:
        level, hours = _level(offer.authorisation, in_emergency)
        used_emergency = used_emergency or hours is not None
        validation_hours = hours
        levels.append(level)
        text = f"Under {instrument.name} {offer.authorisation.article}, {_LEVEL_WORDS[level]} may order {wanted.value.replace('_', ' ')}"
        if hours is not None:
            text += f" in an emergency, to be validated within {hours} hours"
        reasons.append(Reason(text=text + ".", source=offer.authorisation.source))
    else:
        reasons.append(
            Reason(
                text=f"{instrument.name} {offer.article} does not say who orders the request: the requesting state's law decides.",
                source=offer.source,
            )
        )

    state = law.states.get(requesting)
    national = [
        r
        for r in (state.authorisation if state else ())
        if wanted in r.measures and r.holds_on(day)
    ]
    decisive = [r for r in national if r.source.tier.authoritative]
    for rule in national:
        level, hours = _level(rule, in_emergency)
        words = f"{requesting} law ({rule.provision}) requires {_LEVEL_WORDS[level]} to order {wanted.value.replace('_', ' ')}"
        if rule not in decisive:
            reasons.append(
                Reason(
                    text=words
                    + ", according to a secondary source: it does not decide until read in an official one.",
                    source=rule.source,
                )
            )
            continue
        used_emergency = used_emergency or hours is not None
        if hours is not None:
            validation_hours = min(validation_hours or hours, hours)
        levels.append(level)
        reasons.append(Reason(text=words + ".", source=rule.source))
    complete = bool(decisive)
    if not decisive:
        reasons.append(
            Reason(
                text=f"The dataset records no rule of {requesting} law, from an official source, on who orders {wanted.value.replace('_', ' ')}: its law may require more than the instrument."
            )
        )

    strictest = max(levels, key=AUTHORITY_RANK.__getitem__) if levels else None
    if strictest is AuthorityLevel.JUDGE:
        court_order: bool | None = True
    elif strictest is not None and complete:
        court_order = False
    else:
        court_order = None
    return AuthorisationNeed(
        level=strictest,
        court_order_required=court_order,
        emergency_path=used_emergency,
        ex_post_validation_hours=validation_hours,
        complete=complete,
        reasons=tuple(reasons),
    )
