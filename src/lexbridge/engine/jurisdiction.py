"""Who can prosecute: the bases each linked state's own law asserts, and the factors to weigh.

Budapest art. 22 obliges parties to establish jurisdiction; it grants none by itself, so every
basis here comes from a state's own rule in the dataset (LEGAL-SEMANTICS §5). For concurrent
jurisdiction the engine shows the factors side by side (the Eurojust guidelines are the model)
and crowns no winner.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.case import Case, VictimKind
from lexbridge.engine.conduct import Conduct
from lexbridge.engine.criminality import Criminality, criminality
from lexbridge.engine.reasons import Reason
from lexbridge.engine.status import Status, all_of, any_of
from lexbridge.law import LawDataset
from lexbridge.law.national_rules import Basis, JurisdictionCondition, JurisdictionRule


class ConditionCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    condition: str
    status: Status
    reason: str


class BasisClaim(BaseModel):
    """One basis a state's law asserts, measured against the case."""

    model_config = ConfigDict(frozen=True)

    basis: str
    status: Status
    provision: str
    conditions: tuple[ConditionCheck, ...]
    reasons: tuple[Reason, ...]


class Factors(BaseModel):
    """What weighs for this state when several can prosecute (Eurojust guidelines as the model)."""

    model_config = ConfigDict(frozen=True)

    conduct_here: int
    harm_here: int
    suspects_here: int
    victims_here: int
    nationals_among_suspects: int
    evidence_here: int
    proceeds_here: int
    criminality: Status
    limitation_years: int | None


class StateJurisdiction(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: str
    status: Status
    """Whether at least one basis is met: yes, no, or unknown."""
    bases: tuple[BasisClaim, ...]
    factors: Factors
    reasons: tuple[Reason, ...]


def conduct_of(case: Case) -> Conduct:
    """The case's conduct as the engine reads it (every offence with its established and negated facts)."""
    established = [f for item in case.conduct for f in item.facts]
    negated = [f for item in case.conduct for f in item.not_facts]
    return Conduct.of(
        [item.offence for item in case.conduct], established=established, negated=negated
    )


def _acted_from(case: Case) -> list[str]:
    return [code for offender in case.offenders for code in offender.acted_from]


def _all_acted_known(case: Case) -> bool:
    return bool(case.offenders) and all(o.acted_from for o in case.offenders)


def _trigger(basis: Basis, state: str, case: Case) -> tuple[Status, str]:
    acted = _acted_from(case)
    harm = [v.harm_in for v in case.victims if v.harm_in] + [
        s.state for s in case.systems if s.state and s.role.value == "targeted"
    ]
    if basis is Basis.TERRITORIALITY:
        if state in acted:
            return Status.YES, f"an offender acted from {state}"
        if state in harm:
            return (
                Status.UNKNOWN,
                f"only the harm or the targeted system is in {state}; whether its territoriality reaches that depends on its law",
            )
        if not acted:
            return Status.UNKNOWN, "where the offenders acted from is not known"
        return Status.NO, f"no offender acted from {state}"
    if basis is Basis.EFFECTS:
        if state in harm:
            return Status.YES, f"the harm occurred or a targeted system stood in {state}"
        unknown_place = any(v.harm_in is None for v in case.victims) or any(
            s.state is None for s in case.systems if s.role.value == "targeted"
        )
        if not harm or unknown_place:
            return Status.UNKNOWN, "where all the harm occurred is not known"
        return Status.NO, f"no harm or targeted system in {state}"
    if basis is Basis.ACTIVE_NATIONALITY:
        known = [o for o in case.offenders if o.nationality]
        if any(state in o.nationality for o in known):
            return Status.YES, f"an offender is a national of {state}"
        if len(known) < len(case.offenders) or not case.offenders:
            return Status.UNKNOWN, "an offender's nationality is not known"
        return Status.NO, f"no offender is a national of {state}"
    if basis is Basis.RESIDENCE:
        if any(o.resides_in == state for o in case.offenders):
            return Status.YES, f"an offender resides in {state}"
        if any(o.resides_in is None for o in case.offenders) or not case.offenders:
            return Status.UNKNOWN, "an offender's residence is not known"
        return Status.NO, f"no offender resides in {state}"
    if basis is Basis.PASSIVE_PERSONALITY:
        seats = [v.nationality_or_seat for v in case.victims]
        if state in seats:
            return Status.YES, f"a victim is a national of, or seated in, {state}"
        if None in seats or not case.victims:
            return Status.UNKNOWN, "a victim's nationality or seat is not known"
        return Status.NO, f"no victim is a national of, or seated in, {state}"
    if basis is Basis.PROTECTIVE:
        state_interest = [
            v
            for v in case.victims
            if v.kind in (VictimKind.PUBLIC_BODY, VictimKind.CRITICAL_INFRASTRUCTURE)
        ]
        if any(v.harm_in == state or v.nationality_or_seat == state for v in state_interest):
            return (
                Status.UNKNOWN,
                f"a public body or critical infrastructure of {state} was hit; whether that engages the protective principle depends on its law",
            )
        return Status.NO, f"no public body or critical infrastructure of {state} among the victims"
    if basis is Basis.REPRESENTATION:
        located = [o.located_in for o in case.offenders]
        if state in located:
            return Status.YES, f"an offender is now in {state}"
        if None in located or not case.offenders:
            return Status.UNKNOWN, "where an offender is now is not known"
        return Status.NO, f"no offender is now in {state}"
    return (
        Status.UNKNOWN,
        "the case format does not record ships or aircraft: whether one of this state's is involved is not known",
    )


def _condition(
    check: JurisdictionCondition,
    threshold: int | None,
    rule: JurisdictionRule,
    state: str,
    case: Case,
    law: LawDataset,
    day: date,
    own: Criminality,
) -> ConditionCheck:
    if check is JurisdictionCondition.DOUBLE_CRIMINALITY:
        places = [code for code in _acted_from(case) if code != state]
        if not places:
            return ConditionCheck(
                condition=check.value,
                status=Status.UNKNOWN,
                reason="where the conduct took place abroad is not known",
            )
        statuses = [criminality(p, conduct_of(case), day, law=law).status for p in places]
        status = any_of(statuses)
        return ConditionCheck(
            condition=check.value,
            status=status,
            reason=f"the conduct is a crime where it was committed ({', '.join(places)}): {status.value}",
        )
    if check is JurisdictionCondition.OFFENDER_PRESENT:
        located = [o.located_in for o in case.offenders]
        status = (
            Status.YES
            if state in located
            else (Status.UNKNOWN if None in located or not located else Status.NO)
        )
        return ConditionCheck(
            condition=check.value,
            status=status,
            reason=f"an offender is found in {state}: {status.value}",
        )
    if check is JurisdictionCondition.MINIMUM_PENALTY:
        if own.status is not Status.YES or (own.max_penalty_months is None and not own.life):
            return ConditionCheck(
                condition=check.value,
                status=Status.UNKNOWN,
                reason=f"the penalty under {state}'s law is not known",
            )
        met = own.life or (own.max_penalty_months or 0) >= (threshold or 0)
        status = Status.of(met)
        return ConditionCheck(
            condition=check.value,
            status=status,
            reason=f"the offence carries at least {threshold} months in {state}: {status.value}",
        )
    if check is JurisdictionCondition.OFFENCE_LISTED:
        listed = set(rule.offences)
        status = (
            Status.of(any(item.offence in listed for item in case.conduct))
            if listed
            else Status.UNKNOWN
        )
        return ConditionCheck(
            condition=check.value,
            status=status,
            reason="the offence is among those the provision lists",
        )
    what = {
        JurisdictionCondition.COMPLAINT_OR_DENUNCIATION: "a victim's complaint or an official denunciation first",
        JurisdictionCondition.PROSECUTION_AUTHORISED: "a minister's or the prosecutor-general's authorisation",
        JurisdictionCondition.NOT_EXTRADITED: "that extradition was refused or not requested",
    }[check]
    return ConditionCheck(
        condition=check.value,
        status=Status.UNKNOWN,
        reason=f"needs {what}, which the case does not record",
    )


def _claim(
    rule: JurisdictionRule, state: str, case: Case, law: LawDataset, own: Criminality
) -> BasisClaim:
    day = case.period.end
    trigger, why = _trigger(rule.basis, state, case)
    in_force = Status.of(rule.in_force_on(day))
    reasons = [
        Reason(text=f"{rule.provision}: {rule.scope}", source=rule.source),
        Reason(text=why[0].upper() + why[1:] + "."),
    ]
    if rule.offences and not any(item.offence in rule.offences for item in case.conduct):
        trigger = Status.NO
        reasons.append(Reason(text=f"The provision covers only {', '.join(rule.offences)}."))
    checks = tuple(
        _condition(c.condition, c.threshold_months, rule, state, case, law, day, own)
        for c in rule.conditions
    )
    status = all_of([trigger, in_force, *(c.status for c in checks)])
    if in_force is not Status.YES:
        reasons.append(
            Reason(
                text=f"Whether {rule.provision} was in force on {day.isoformat()} is {in_force.value}.",
                source=rule.source,
            )
        )
    if not rule.source.tier.authoritative and status is Status.YES:
        status = Status.UNKNOWN
        reasons.append(
            Reason(
                text="The rule rests on a secondary source, which cannot decide.",
                source=rule.source,
            )
        )
    return BasisClaim(
        basis=rule.basis.value,
        status=status,
        provision=rule.provision,
        conditions=checks,
        reasons=tuple(reasons),
    )


def _limitation_years(law: LawDataset, state: str, day: date, own: Criminality) -> int | None:
    rules = (
        [r for r in law.states[state].limitation if r.holds_on(day)] if state in law.states else []
    )
    if not rules or own.status is not Status.YES or own.max_penalty_months is None:
        return None
    for band in rules[0].bands:
        if band.max_months_up_to is None or own.max_penalty_months <= band.max_months_up_to:
            return band.years
    return None


def jurisdiction(
    case: Case, law: LawDataset, crimes: Mapping[str, Criminality] | None = None
) -> list[StateJurisdiction]:
    """Every linked state: the bases its law asserts, measured against the case, and its factors.

    ``crimes``: each linked state's criminality at the end of the conduct, where the caller has it.
    """
    conduct = conduct_of(case)
    day = case.period.end
    found: list[StateJurisdiction] = []
    for state in case.linked_states():
        own = (
            crimes[state]
            if crimes and state in crimes
            else criminality(state, conduct, day, law=law)
        )
        rules = list(law.states[state].jurisdiction) if state in law.states else []
        claims = tuple(
            _claim(r, state, case, law, own) for r in rules if r.in_force_on(day) is not False
        )
        if claims:
            # the dataset never holds a state's rules completely: a state with no basis met is unknown, not "no"
            status = Status.YES if any(c.status is Status.YES for c in claims) else Status.UNKNOWN
            reasons: tuple[Reason, ...] = ()
        else:
            status = Status.UNKNOWN
            reasons = (
                Reason(
                    text=f"The dataset holds no jurisdiction rules of {state} for that date: whether it can prosecute is unknown."
                ),
            )
        factors = Factors(
            conduct_here=sum(1 for o in case.offenders if state in o.acted_from),
            harm_here=sum(1 for v in case.victims if v.harm_in == state),
            suspects_here=sum(1 for o in case.offenders if o.located_in == state),
            victims_here=sum(1 for v in case.victims if v.nationality_or_seat == state),
            nationals_among_suspects=sum(1 for o in case.offenders if state in o.nationality),
            evidence_here=sum(1 for s in case.systems if s.state == state)
            + sum(1 for d in case.data_needed if d.held_in == state),
            proceeds_here=sum(1 for p in case.proceeds if p.state == state),
            criminality=own.status,
            limitation_years=_limitation_years(law, state, day, own),
        )
        found.append(
            StateJurisdiction(
                state=state, status=status, bases=claims, factors=factors, reasons=reasons
            )
        )
    return found
