"""Dual criminality as a rule of the instrument and the measure (LEGAL-SEMANTICS §4).

The rule says whether a check is needed at all, whose law is checked, the penalty each side's
law must provide, which offences skip the check, and the date each side's law is taken at. The
requested state judges the conduct as if it had happened in its own territory (transposition).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.conduct import Conduct
from lexbridge.engine.criminality import Criminality, criminality
from lexbridge.engine.reasons import DecidingFacts, LawQueryError, Reason, require_jurisdiction
from lexbridge.engine.status import Status, all_of, any_of
from lexbridge.law import DualCriminalityRule, Instrument, LawDataset, Measure, default_dataset
from lexbridge.law.instruments import ListExemption


class LawDates(BaseModel):
    """The dates that decide whose law applies: the conduct's, the request's and the decision's.

    ``request`` is the day the requested state received the request; when it is not given, a
    state that takes its law at that date is judged at the decision date, and the answer says so.
    """

    model_config = ConfigDict(frozen=True)

    conduct: date
    decision: date
    request: date | None = None


class Side(BaseModel):
    """One state's side of the test: its criminality and whether it meets the rule."""

    model_config = ConfigDict(frozen=True)

    state: str
    role: str
    law_date: date | None
    threshold_months: int | None
    status: Status
    criminality: Criminality
    reasons: tuple[Reason, ...]


class DualCriminality(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Status
    instrument: str
    measure: Measure
    article: str
    required: bool
    mandatory: bool
    sides: str
    requesting: Side
    requested: Side
    instrument_binds: Status
    reasons: tuple[Reason, ...]
    assumed: tuple[str, ...]
    deciding_facts: tuple[DecidingFacts, ...]


BINDS = {Status.YES: "binds", Status.NO: "does not bind", Status.UNKNOWN: "may bind"}


def _meets_threshold(crim: Criminality, threshold: int | None) -> Status:
    """Kleene: some statute covers the conduct and its maximum reaches ``threshold`` months."""
    if crim.status is Status.NO or threshold is None:
        return crim.status
    per_statute = []
    for a in crim.statutes:
        severity = a.severity
        penalty_ok = Status.UNKNOWN if severity is None else Status.of(severity >= threshold)
        per_statute.append(all_of((a.status, penalty_ok)))
    undecided = [
        Status.UNKNOWN for o in crim.offences if o.status is Status.UNKNOWN and not o.statutes
    ]
    return any_of((*per_statute, *undecided))


def _side(
    law: LawDataset,
    state: str,
    role: str,
    conduct: Conduct,
    days: tuple[date, ...],
    threshold: int | None,
    transposed: bool,
    date_reason: Reason | None,
) -> Side:
    results = [criminality(state, conduct, d, law=law, transposed=transposed) for d in days]
    statuses = [_meets_threshold(r, threshold) for r in results]
    status = statuses[0] if len(set(statuses)) == 1 else Status.UNKNOWN
    reasons = [date_reason] if date_reason else []
    if len(days) > 1 and len(set(statuses)) > 1:
        reasons.append(
            Reason(
                text=(
                    f"The answer differs between the conduct date ({days[0]}: {statuses[0]}) and the decision "
                    f"date ({days[1]}: {statuses[1]}), and which one {state} uses is not recorded."
                )
            )
        )
    main = results[-1] if status is Status.UNKNOWN and len(results) > 1 else results[0]
    if threshold is not None and main.status is Status.YES and status is Status.NO:
        reasons.append(
            Reason(
                text=(
                    f"The highest maximum penalty in {state} for this conduct is "
                    f"{main.max_penalty_months} months, below the {threshold} months the rule requires."
                )
            )
        )
    return Side(
        state=state,
        role=role,
        law_date=days[0] if len(days) == 1 else None,
        threshold_months=threshold,
        status=status,
        criminality=main,
        reasons=tuple(reasons),
    )


def _requested_days(
    law: LawDataset, state: str, dates: LawDates
) -> tuple[tuple[date, ...], Reason]:
    record = law.states[state].dual_criminality_date if state in law.states else None
    if record is None:
        return (dates.conduct, dates.decision), Reason(
            text=(
                f"Which date's law {state} applies is not recorded: both the conduct date and the "
                "decision date are tried."
            )
        )
    if not record.source.tier.authoritative:
        return (dates.conduct, dates.decision), Reason(
            text=(
                f"{state} is reported to apply its law as at the date of the {record.value}, but "
                "only by a secondary source: both the conduct date and the decision date are tried."
            ),
            source=record.source,
        )
    if record.value == "request" and dates.request is None:
        return (dates.decision,), Reason(
            text=(
                f"{state} applies its law as at the date it received the request; no request date "
                f"was given, so the decision date ({dates.decision}) is used."
            ),
            source=record.source,
        )
    day = {"conduct": dates.conduct, "request": dates.request, "decision": dates.decision}[
        record.value
    ]
    assert day is not None
    return (day,), Reason(
        text=f"{state} applies its law as at the date of the {record.value} ({day}).",
        source=record.source,
    )


def _rule_of(instrument: Instrument, measure: Measure) -> tuple[str, DualCriminalityRule | None]:
    offers = instrument.offers(measure)
    if not offers:
        offered = (
            ", ".join(sorted({m.measure.value for m in instrument.measures})) or "none recorded"
        )
        raise LawQueryError(
            f"{instrument.name} ({instrument.id}) offers no measure {measure.value!r}; it offers: {offered}"
        )
    chosen = next((o for o in offers if o.dual_criminality), offers[0])
    return chosen.article, chosen.dual_criminality


def dual_criminality(
    requesting: str,
    requested: str,
    conduct: Conduct,
    instrument: str,
    measure: Measure | str,
    dates: LawDates,
    *,
    law: LawDataset | None = None,
) -> DualCriminality:
    """Apply ``instrument``'s dual-criminality rule for ``measure`` to ``conduct``.

    The requesting state's law is taken at the conduct date; the requested state's at the date
    its own law names (conduct, request received, or decision), judged with transposition.
    """
    law = law or default_dataset()
    if instrument not in law.instruments:
        raise LawQueryError(
            f"unknown instrument {instrument!r}; known: {', '.join(sorted(law.instruments))}"
        )
    try:
        measure = Measure(measure)
    except ValueError:
        raise LawQueryError(
            f"unknown measure {measure!r}; known: {', '.join(m.value for m in Measure)}"
        ) from None
    for code in (requesting, requested):
        require_jurisdiction(law.jurisdictions, code)
    inst = law.instruments[instrument]
    article, rule = _rule_of(inst, measure)
    requested_days, date_reason = _requested_days(law, requested, dates)
    thresholds = rule.threshold_months if rule else None
    req_side = _side(
        law,
        requesting,
        "requesting",
        conduct,
        (dates.conduct,),
        thresholds.requesting if thresholds else None,
        False,
        None,
    )
    rqd_side = _side(
        law,
        requested,
        "requested",
        conduct,
        requested_days,
        thresholds.requested if thresholds else None,
        True,
        date_reason,
    )
    binds = all_of(Status.of(inst.binds(s, dates.decision)) for s in (requesting, requested))
    reasons: list[Reason] = [
        Reason(
            text=f"{inst.name} {BINDS[binds]} both {requesting} and {requested} on {dates.decision}.",
            source=inst.source,
        )
    ]
    if rule is None:
        status = Status.UNKNOWN
        reasons.append(
            Reason(
                text=f"The dual-criminality rule of {inst.name} {article} for {measure.value} is not recorded."
            )
        )
    elif not rule.required:
        status = Status.YES
        reasons.append(
            Reason(
                text=f"{inst.name} {article} requires no dual criminality for {measure.value}."
                + (f" {rule.note}" if rule.note else ""),
                source=rule.source,
            )
        )
    else:
        normal = {
            "both": all_of((req_side.status, rqd_side.status)),
            "requesting": req_side.status,
            "requested": rqd_side.status,
        }[rule.sides]
        reasons.append(Reason(text=_rule_text(inst, article, rule), source=rule.source))
        status = normal
        exemption = rule.list_exemption
        listed_offences = [o for o in conduct.offences if exemption and o in exemption.offences]
        if exemption and listed_offences:
            listed = _listed(law, requesting, conduct, listed_offences, dates.conduct, exemption)
            reasons.append(
                Reason(
                    text=(
                        "Listed offences skip verification if punishable in "
                        f"{requesting} by at least {exemption.threshold_months_requesting} months: "
                        + "; ".join(f"{o}: {s}" for o, s in listed)
                        + "."
                    ),
                    source=exemption.source,
                )
            )
            status = any_of((normal, *(s for _, s in listed)))
    if rule is not None and status is not Status.UNKNOWN and not rule.source.tier.authoritative:
        status = Status.UNKNOWN
        reasons.append(
            Reason(
                text="The rule itself rests on a secondary source only, so the answer stays unknown.",
                source=rule.source,
            )
        )
    deciding: tuple[DecidingFacts, ...] = ()
    if status is Status.UNKNOWN:
        deciding = req_side.criminality.deciding_facts + rqd_side.criminality.deciding_facts
    assumed = tuple(dict.fromkeys(req_side.criminality.assumed + rqd_side.criminality.assumed))
    return DualCriminality(
        status=status,
        instrument=inst.id,
        measure=measure,
        article=article,
        required=bool(rule and rule.required),
        mandatory=bool(rule is None or rule.mandatory),
        sides=rule.sides if rule else "unknown",
        requesting=req_side,
        requested=rqd_side,
        instrument_binds=binds,
        reasons=tuple(reasons),
        assumed=assumed,
        deciding_facts=deciding,
    )


def _listed(
    law: LawDataset,
    requesting: str,
    conduct: Conduct,
    offences: list[str],
    day: date,
    exemption: ListExemption,
) -> list[tuple[str, Status]]:
    """Per listed offence: is it punishable in the requesting state above the list's threshold?

    EAW art. 2(2) works offence by offence: each listed offence that meets the threshold is
    surrendered without verification, whatever other offences the conduct includes.
    """
    return [
        (
            offence,
            _meets_threshold(
                criminality(
                    requesting, Conduct(offences=(offence,), facts=conduct.facts), day, law=law
                ),
                exemption.threshold_months_requesting,
            ),
        )
        for offence in offences
    ]


def describe_rule(rule: DualCriminalityRule) -> str:
    """An instrument's dual-criminality rule in words: whose law, which penalty, how binding."""
    if not rule.required:
        return "no dual criminality is required"
    whose = {
        "both": "both states",
        "requesting": "the requesting state",
        "requested": "the requested state",
    }
    text = f"the conduct must be an offence under the law of {whose[rule.sides]}"
    limits = [
        f"{n} months in the {side} state"
        for side, n in (
            ("requesting", rule.threshold_months.requesting),
            ("requested", rule.threshold_months.requested),
        )
        if n is not None
    ]
    if limits:
        text += f", punishable by a maximum of at least {' and '.join(limits)}"
    if not rule.mandatory:
        text += "; failing it is only an optional ground of refusal"
    return text


def _rule_text(inst: Instrument, article: str, rule: DualCriminalityRule) -> str:
    return f"{inst.name} {article}: {describe_rule(rule)}."
