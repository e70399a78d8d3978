"""Can the suspect be brought to trial: extradition from where the suspect is, bar by bar.

Statuses (LEGAL-SEMANTICS §5): ``barred`` when a mandatory bar applies; ``refusable`` when only
discretionary bars apply or a condition must be met; ``possible`` when the requested state's
rules in the dataset show no bar on the case's facts; ``unknown`` otherwise. A state whose
extradition law is not in the dataset is unknown, never barred.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.case import Case, Offender
from lexbridge.engine.criminality import criminality, penalty_range
from lexbridge.engine.jurisdiction import conduct_of
from lexbridge.engine.reasons import Reason
from lexbridge.engine.routes import routes
from lexbridge.engine.status import Status, all_of, any_of
from lexbridge.law import LawDataset
from lexbridge.law.national_rules import (
    Band,
    BarKind,
    ExtraditionBar,
    NationalsExtradition,
    NationalsRule,
)
from lexbridge.law.vocabulary import Measure


class ExtraditionStatus(StrEnum):
    POSSIBLE = "possible"
    REFUSABLE = "refusable"
    BARRED = "barred"
    UNKNOWN = "unknown"


class Bar(BaseModel):
    """A ground of refusal the requested state's law gives, and whether the case meets it."""

    model_config = ConfigDict(frozen=True)

    kind: str
    mandatory: bool
    applies: Status
    provision: str | None
    reasons: tuple[Reason, ...]
    alternative: str | None = None


class Channel(BaseModel):
    model_config = ConfigDict(frozen=True)

    instrument: str
    title: str
    article: str
    available: Status
    time_limit: str | None


class ExtraditionAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    offender: str
    requested_state: str | None
    requesting_state: str
    status: ExtraditionStatus
    bars: tuple[Bar, ...]
    conditions: tuple[str, ...]
    instruments: tuple[Channel, ...]
    considerations: tuple[str, ...]
    """Other grounds the requested state's law gives that the case's facts do not engage."""
    provisional_arrest: tuple[Channel, ...]
    reasons: tuple[Reason, ...]


_EVALUATED = frozenset(
    {
        BarKind.NATIONALITY,
        BarKind.DUAL_CRIMINALITY,
        BarKind.PENALTY_THRESHOLD,
        BarKind.LAPSE_OF_TIME,
        BarKind.FORUM,
    }
)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _channels(
    law: LawDataset, measure: Measure, requested: str, requesting: str, day: date
) -> tuple[Channel, ...]:
    """The treaty routes for ``measure`` (``engine.routes``), available ones first."""
    found = [
        Channel(
            instrument=o.instrument,
            title=o.title,
            article=o.article,
            available=o.available,
            time_limit=o.deadline.text if o.deadline else None,
        )
        for o in routes(requesting, requested, measure, day, law=law)
        if not o.comity
    ]
    order = {Status.YES: 0, Status.UNKNOWN: 1, Status.NO: 2}
    return tuple(sorted(found, key=lambda c: order[c.available]))


def _nationality_bar(
    rules: list[NationalsExtradition],
    national: Status,
    offender: Offender,
    requested: str,
    requesting: str,
    law: LawDataset,
    day: date,
    alternative: str,
) -> tuple[Bar | None, list[str]]:
    if national is Status.NO:
        return None, []
    if not rules:
        reason = Reason(
            text=f"The dataset holds no rule of {requested} on extraditing its own nationals."
        )
        return Bar(
            kind="nationality",
            mandatory=True,
            applies=Status.UNKNOWN,
            provision=None,
            reasons=(reason,),
            alternative=alternative,
        ), []
    rule = rules[0]
    cited = Reason(
        text=f"{rule.provision}: {requested} extradites its nationals: {rule.rule.value.replace('_', ' ')}.",
        source=rule.source,
    )
    attached = [f"{c.value.replace('_', ' ')} ({rule.provision})" for c in rule.conditions]
    applies: Status = national
    if not rule.source.tier.authoritative:
        cited = Reason(
            text=f"{rule.provision}: {requested}'s rule for its nationals ({rule.rule.value.replace('_', ' ')}) rests on a secondary source, which cannot decide.",
            source=rule.source,
        )
        return Bar(
            kind="nationality",
            mandatory=True,
            applies=Status.UNKNOWN,
            provision=rule.provision,
            reasons=(cited,),
            alternative=alternative,
        ), []
    if rule.rule is NationalsRule.ALLOWED:
        return None, attached
    binding = [
        all_of(
            [
                Status.of(law.instruments[s].binds(requested, day)),
                Status.of(law.instruments[s].binds(requesting, day)),
            ]
        )
        for s in rule.schemes
        if s in law.instruments
    ]
    if any_of(binding) is Status.YES:
        # a scheme under which it does surrender its nationals binds both states
        return None, attached
    if rule.rule is NationalsRule.REGIONAL_ONLY:
        # no scheme recorded, or none known to bind both: the bar holds only if none surely binds
        scheme = any_of(binding) if binding else Status.UNKNOWN
        applies = national if scheme is Status.NO else all_of([national, Status.UNKNOWN])
    elif rule.rule is NationalsRule.WITH_CONSENT:
        if offender.consents_to_extradition is True:
            return None, []
        if offender.consents_to_extradition is None:
            return None, [f"the person's consent ({rule.provision})"]
    elif rule.rule is NationalsRule.TREATY_ONLY:
        applies = all_of([national, Status.UNKNOWN])
        cited = Reason(
            text=f"{rule.provision}: {requested} extradites its nationals only where a treaty provides; the dataset does not record which treaties do.",
            source=rule.source,
        )
    if not rule.source.tier.authoritative and applies is Status.YES:
        applies = Status.UNKNOWN
    return Bar(
        kind="nationality",
        mandatory=True,
        applies=applies,
        provision=rule.provision,
        reasons=(cited,),
        alternative=alternative,
    ), []


def extradition(
    case: Case, offender: Offender, requesting: str, law: LawDataset, today: date
) -> ExtraditionAnswer:
    """Extradition of ``offender`` from where the case says they are, to ``requesting``."""
    requested = offender.located_in
    decision = case.decision_day(today)
    conduct = conduct_of(case)
    conduct_day = case.period.end
    if requested is None:
        return _unknown(
            offender,
            None,
            requesting,
            (),
            (),
            "Where the offender is now is not known: the requested state, and so its law, is unknown.",
        )
    instruments = _channels(law, Measure.EXTRADITION, requested, requesting, decision)
    arrest = _channels(law, Measure.PROVISIONAL_ARREST, requested, requesting, decision)
    state = law.states.get(requested)
    ex = state.extradition if state else None
    if ex is None:
        return _unknown(
            offender,
            requested,
            requesting,
            instruments,
            arrest,
            f"The dataset holds no extradition law of {requested}: whether it would extradite is unknown.",
        )
    prosecute = ex.prosecute_instead[0].provision if ex.prosecute_instead else None
    home = (
        f"prosecution in {requested} instead"
        + (f" ({prosecute})" if prosecute else "")
        + ", or transfer of proceedings"
    )
    national = (
        Status.UNKNOWN if not offender.nationality else Status.of(requested in offender.nationality)
    )
    bars: list[Bar] = []
    conditions: list[str] = []
    nationals = [r for r in ex.nationals if r.in_force_on(decision) is not False]
    bar, extra = _nationality_bar(
        nationals, national, offender, requested, requesting, law, decision, home
    )
    conditions.extend(extra)
    if bar:
        bars.append(bar)

    for basis in ex.treaty_basis:
        if basis.in_force_on(decision) is False or not basis.treaty_required:
            continue
        usable = [
            c
            for c in instruments
            if basis.multilateral_basis is not False or c.instrument not in ("budapest", "ece")
        ]
        via = any_of([c.available for c in usable]) if usable else Status.NO
        applies = Status.NO if via is Status.YES else Status.UNKNOWN
        bars.append(
            Bar(
                kind="no_treaty_basis",
                mandatory=True,
                applies=applies,
                provision=basis.provision,
                reasons=(
                    Reason(
                        text=f"{basis.provision}: {requested} extradites only under a treaty; "
                        + (
                            "one in the dataset binds both states."
                            if via is Status.YES
                            else "none in the dataset is known to bind both states, and bilateral treaties are not recorded."
                        ),
                        source=basis.source,
                    ),
                ),
                alternative=f"a request to the offender's state of nationality to prosecute, or an ad hoc arrangement with {requested}",
            )
        )
        break

    rule_date = state.dual_criminality_date if state else None
    if rule_date is not None and rule_date.source.tier.authoritative:
        request_day = next(
            (
                r.made_on
                for r in case.extradition_requests
                if r.offender == offender.id and r.requesting == requesting and r.made_on
            ),
            None,
        ) or case.request_day(today)
        days = [
            {"conduct": conduct_day, "request": request_day, "decision": decision}[rule_date.value]
        ]
    else:
        days = [conduct_day, decision]
    answers = [criminality(requested, conduct, d, law=law, transposed=True) for d in days]
    crime = (
        all_of([a.status for a in answers])
        if all(a.status is answers[0].status for a in answers)
        else Status.UNKNOWN
    )
    ranges = [penalty_range(a, conduct, law) for a in answers]
    certain_values = [c for c, _ in ranges]
    certain = min(certain_values) if all(c is not None for c in certain_values) else None  # type: ignore[type-var]
    possible_values = [p for _, p in ranges if p is not None]
    possible = max(possible_values) if possible_values else None
    considerations: list[str] = []
    known = {r.kind for r in ex.bars if r.in_force_on(decision) is True}
    for rule in ex.bars:
        force = rule.in_force_on(decision)
        if (
            force is False
            or (force is None and rule.kind in known)
            or rule.kind is BarKind.NATIONALITY
        ):
            continue
        evaluated = _evaluate(
            rule, requested, case, offender, crime, (certain, possible), law, decision
        )
        if evaluated is None:
            considerations.append(
                f"{rule.kind.value.replace('_', ' ')} ({rule.provision}, {'mandatory' if rule.mandatory else 'discretionary'})"
            )
            continue
        if evaluated.applies is not Status.NO:
            bars.append(evaluated)

    status = decide_status(bars, conditions)
    partial = [
        what
        for what, present in (
            (
                "whether it needs a treaty",
                any(b.in_force_on(decision) is not False for b in ex.treaty_basis),
            ),
            ("its dual-criminality rule", any(b.kind is BarKind.DUAL_CRIMINALITY for b in ex.bars)),
        )
        if not present
    ]
    if status is ExtraditionStatus.POSSIBLE and partial:
        status = ExtraditionStatus.UNKNOWN
    reasons = [
        Reason(
            text=f"Requested state {requested}, requesting state {requesting}, decision on {decision.isoformat()}."
        )
    ]
    if partial:
        reasons.append(
            Reason(
                text=f"The dataset holds only part of {requested}'s extradition law (not {' nor '.join(partial)}), so no bar found is not enough to say extradition is possible."
            )
        )
    if not instruments or all(c.available is Status.NO for c in instruments):
        reasons.append(
            Reason(
                text="No instrument in the dataset that offers extradition is known to bind both states on the decision date."
            )
        )
    return ExtraditionAnswer(
        offender=offender.id,
        requested_state=requested,
        requesting_state=requesting,
        status=status,
        bars=tuple(bars),
        conditions=tuple(conditions),
        instruments=instruments,
        considerations=tuple(considerations),
        provisional_arrest=arrest,
        reasons=tuple(reasons),
    )


def _unknown(
    offender: Offender,
    requested: str | None,
    requesting: str,
    instruments: tuple[Channel, ...],
    arrest: tuple[Channel, ...],
    why: str,
) -> ExtraditionAnswer:
    """An answer the dataset cannot give, saying why."""
    return ExtraditionAnswer(
        offender=offender.id,
        requested_state=requested,
        requesting_state=requesting,
        status=ExtraditionStatus.UNKNOWN,
        bars=(),
        conditions=(),
        instruments=instruments,
        considerations=(),
        provisional_arrest=arrest,
        reasons=(Reason(text=why),),
    )


def _evaluate(
    rule: ExtraditionBar,
    requested: str,
    case: Case,
    offender: Offender,
    crime: Status,
    penalties: tuple[float | None, float | None],
    law: LawDataset,
    decision: date,
) -> Bar | None:
    if rule.kind not in _EVALUATED:
        return None
    cite = Reason(
        text=f"{rule.provision} ({'mandatory' if rule.mandatory else 'discretionary'}): {rule.kind.value.replace('_', ' ')}.",
        source=rule.source,
    )
    mandatory = rule.mandatory and rule.weighing is None
    applies: Status
    if rule.kind is BarKind.NATIONALITY:
        return None
    if rule.kind is BarKind.DUAL_CRIMINALITY:
        applies = {Status.YES: Status.NO, Status.NO: Status.YES, Status.UNKNOWN: Status.UNKNOWN}[
            crime
        ]
        why = Reason(
            text=f"The conduct, as if committed in {requested}, is a crime there: {crime.value}."
        )
        return _capped(
            rule,
            Bar(
                kind="dual_criminality",
                mandatory=mandatory,
                applies=applies,
                provision=rule.provision,
                reasons=(cite, why),
                alternative="mutual legal assistance for the evidence, and prosecution where the conduct is a crime",
            ),
        )
    certain, possible = penalties
    if rule.kind is BarKind.PENALTY_THRESHOLD:
        threshold = float(rule.threshold_months or 0)
        if crime is Status.NO:
            applies, text = Status.YES, f"no provision of {requested} covers the conduct"
        elif certain is not None and certain >= threshold:
            applies, text = (
                Status.NO,
                f"a provision of {requested} that covers the conduct carries {_months(certain)}, at least {rule.threshold_months} months",
            )
        elif possible is not None and possible < threshold:
            applies, text = (
                Status.YES,
                f"every provision of {requested} that may cover the conduct carries at most {_months(possible)}, under {rule.threshold_months} months",
            )
        else:
            applies, text = (
                Status.UNKNOWN,
                f"whether the conduct carries {rule.threshold_months} months in {requested} depends on facts not established or provisions not known",
            )
        return _capped(
            rule,
            Bar(
                kind="penalty_threshold",
                mandatory=mandatory,
                applies=applies,
                provision=rule.provision,
                reasons=(cite, Reason(text=text[0].upper() + text[1:] + ".")),
                alternative=None,
            ),
        )
    if rule.kind is BarKind.LAPSE_OF_TIME:
        state = law.states.get(requested)
        limits = [r for r in state.limitation if r.holds_on(decision)] if state else []
        if not limits or possible is None:
            return Bar(
                kind="lapse_of_time",
                mandatory=mandatory,
                applies=Status.UNKNOWN,
                provision=rule.provision,
                reasons=(
                    cite,
                    Reason(
                        text=f"The limitation period under {requested}'s law is not known for this offence."
                    ),
                ),
                alternative=None,
            )
        longest = _expired(limits[0].bands, possible, case.period.end, decision)
        shortest = (
            _expired(limits[0].bands, certain, case.period.end, decision)
            if certain is not None
            else None
        )
        # interruptions and suspensions of the period are not modelled: "expired" is never certain
        applies = (
            Status.UNKNOWN
            if longest is True
            else (Status.NO if shortest is False else Status.UNKNOWN)
        )
        if not limits[0].source.tier.authoritative:
            applies = Status.UNKNOWN
        return _capped(
            rule,
            Bar(
                kind="lapse_of_time",
                mandatory=mandatory,
                applies=applies,
                provision=rule.provision,
                reasons=(
                    cite,
                    Reason(
                        text=f"Counted from {case.period.end.isoformat()} under {limits[0].provision}: {'within the period on ' + decision.isoformat() if applies is Status.NO else 'perhaps time-barred on ' + decision.isoformat() + ' (interruptions and suspensions are not modelled)'}.",
                        source=limits[0].source,
                    ),
                ),
                alternative=None,
            ),
        )
    acted = offender.acted_from
    applies = Status.YES if requested in acted else (Status.UNKNOWN if not acted else Status.NO)
    weighing = (
        f"; it operates only if a court so finds: {rule.weighing.test}" if rule.weighing else ""
    )
    return _capped(
        rule,
        Bar(
            kind="forum",
            mandatory=mandatory,
            applies=applies,
            provision=rule.provision,
            reasons=(
                cite,
                Reason(
                    text=f"Part of this offender's conduct took place in {requested}: {applies.value}{weighing}."
                ),
            ),
            alternative=f"prosecution in {requested}",
        ),
    )


def _capped(rule: ExtraditionBar, bar: Bar) -> Bar:
    """A bar resting on a secondary source cannot decide: its yes or no becomes unknown."""
    if rule.source.tier.authoritative or bar.applies is Status.UNKNOWN:
        return bar
    note = Reason(
        text="The rule rests on a secondary source, which cannot decide.", source=rule.source
    )
    return bar.model_copy(update={"applies": Status.UNKNOWN, "reasons": (*bar.reasons, note)})


def _months(value: float) -> str:
    return "life" if value == float("inf") else f"{int(value)} months"


def _expired(bands: tuple[Band, ...], months: float, since: date, decision: date) -> bool | None:
    """Whether the limitation period for an offence carrying ``months`` had run out by ``decision``."""
    for band in bands:
        if band.max_months_up_to is None or months <= band.max_months_up_to:
            # no period for the band (years null) means the offence never becomes time-barred
            return band.years is not None and _add_years(since, band.years) < decision
    return None


def decide_status(bars: list[Bar], conditions: list[str]) -> ExtraditionStatus:
    """barred if a mandatory bar applies; refusable if a discretionary one does or a condition must be met;
    unknown if a bar may apply; possible otherwise (LEGAL-SEMANTICS §5)."""
    if any(b.mandatory and b.applies is Status.YES for b in bars):
        return ExtraditionStatus.BARRED
    if any(b.mandatory and b.applies is Status.UNKNOWN for b in bars):
        return ExtraditionStatus.UNKNOWN
    if any(b.applies is Status.YES for b in bars) or conditions:
        return ExtraditionStatus.REFUSABLE
    if any(b.applies is Status.UNKNOWN for b in bars):
        return ExtraditionStatus.UNKNOWN
    return ExtraditionStatus.POSSIBLE
