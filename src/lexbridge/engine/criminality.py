"""Is this conduct a crime in that state, on that date, and under which statute?

A statute covers the conduct when it was in force on the date, all its required elements are
established, and its source is official (LEGAL-SEMANTICS §3). ``no`` needs a sourced finding:
that no provision covered the offence then, or that the recorded provisions are all that cover
it. A state or period without data gives ``unknown``, never ``no``.
"""

from __future__ import annotations

import math
from datetime import date

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.conduct import Conduct, FactView, view_of
from lexbridge.engine.reasons import DecidingFacts, Reason, require_jurisdiction
from lexbridge.engine.status import Status, all_of, any_of
from lexbridge.law import Finding, FindingStatus, LawDataset, Source, Statute, default_dataset
from lexbridge.law.statutes import Penalty


class StatuteAssessment(BaseModel):
    """One provision measured against the conduct."""

    model_config = ConfigDict(frozen=True)

    id: str
    citation: str
    offences: tuple[str, ...]
    general: bool
    status: Status
    max_penalty_months: int | None
    life: bool
    penalty: str | None
    since: date | None
    until: date | None
    missing: tuple[str, ...]
    failing: tuple[str, ...]
    start_unrecorded: bool
    source: Source

    @property
    def severity(self) -> float | None:
        if self.life:
            return math.inf
        return None if self.max_penalty_months is None else float(self.max_penalty_months)


class OffenceCriminality(BaseModel):
    model_config = ConfigDict(frozen=True)

    offence: str
    status: Status
    statutes: tuple[StatuteAssessment, ...]
    reasons: tuple[Reason, ...]


class Criminality(BaseModel):
    """The answer for one state and date, with its reasons."""

    model_config = ConfigDict(frozen=True)

    state: str
    as_of: date
    transposed: bool
    status: Status
    statutes: tuple[StatuteAssessment, ...]
    max_penalty_months: int | None
    life: bool
    offences: tuple[OffenceCriminality, ...]
    reasons: tuple[Reason, ...]
    assumed: tuple[str, ...]
    deciding_facts: tuple[DecidingFacts, ...]


def _describe(requirement: tuple[str, ...]) -> str:
    return requirement[0] if len(requirement) == 1 else f"one of ({', '.join(requirement)})"


def _penalty(statute: Statute, view: FactView) -> Penalty | None:
    """The highest variant whose selecting facts are all established (base variants always)."""
    applicable = [p for p in statute.penalties if all(f in view.established for f in p.when)]
    return max(applicable, key=lambda p: p.severity, default=None)


def assess(
    statute: Statute, view: FactView, transposed: bool, in_force: bool | None = True
) -> StatuteAssessment:
    """Measure one provision against the facts: in force, and every element (Kleene conjunction)."""
    values: list[Status] = [Status.of(in_force)]
    missing: list[str] = []
    failing: list[str] = []
    for element in statute.elements:
        if element.jurisdictional and transposed:
            value = Status.YES
        elif element.fact is not None:
            value = view.value(element.fact)
        else:
            value = view.group_value(element.facts)
        values.append(value)
        if value is Status.UNKNOWN:
            missing.append(_describe(element.facts))
        elif value is Status.NO:
            failing.append(_describe(element.facts))
    status = all_of(values)
    if status is Status.YES and not statute.source.tier.authoritative:
        status = Status.UNKNOWN
    penalty = _penalty(statute, view)
    return StatuteAssessment(
        id=statute.id,
        citation=statute.citation,
        offences=statute.offences,
        general=statute.general,
        status=status,
        max_penalty_months=penalty.max_months if penalty else None,
        life=bool(penalty and penalty.life),
        penalty=penalty.describe() if penalty else None,
        since=statute.since,
        until=statute.until,
        missing=tuple(missing),
        failing=tuple(failing),
        start_unrecorded=in_force is None,
        source=statute.source,
    )


def _statute_reason(a: StatuteAssessment, offence: str) -> Reason:
    period = f"in force since {a.since}" if a.since else "in force"
    if a.until:
        period += f" until {a.until}"
    penalty = f"; maximum penalty {a.penalty}" if a.penalty else ""
    if a.status is Status.YES:
        return Reason(
            text=f"{a.citation} covers the {offence} ({period}{penalty}).", source=a.source
        )
    if a.status is Status.NO:
        return Reason(
            text=f"{a.citation} does not cover it: {', '.join(a.failing)} is negated.",
            source=a.source,
        )
    if a.start_unrecorded:
        return Reason(
            text=f"{a.citation} may have applied, but the start of this version is not recorded"
            + (f"; it would also need {' and '.join(a.missing)}" if a.missing else "")
            + ".",
            source=a.source,
        )
    if not a.missing:
        return Reason(
            text=f"{a.citation} rests on a secondary source only: its coverage stays unknown.",
            source=a.source,
        )
    secondary = (
        ""
        if a.source.tier.authoritative
        else "; its source is secondary, so even then it stays unknown"
    )
    return Reason(
        text=f"{a.citation} would cover it if {' and '.join(a.missing)} were established "
        f"({period}{penalty}{secondary}).",
        source=a.source,
    )


def _finding_reason(finding: Finding) -> Reason:
    checked = "; ".join(finding.general_offences_checked)
    return Reason(
        text=f"{finding.reason} (general offences checked: {checked}).", source=finding.source
    )


def _offence(
    law: LawDataset, state: str, offence: str, day: date, view: FactView, transposed: bool
) -> OffenceCriminality:
    name = law.jurisdictions[state].name
    findings = law.findings_for(state, offence, day)
    candidates = law.statutes_on(state, offence, day)
    if any(f.status is FindingStatus.NOT_COVERED for f in findings):
        # A sourced finding that nothing covered the offence then outweighs versions whose
        # start is unrecorded (the validator refuses overlaps with dated versions).
        candidates = tuple((s, force) for s, force in candidates if force is True)
    assessments = tuple(assess(s, view, transposed, force) for s, force in candidates)
    reasons = [_statute_reason(a, offence) for a in assessments]
    statuses = [a.status for a in assessments]
    if Status.YES in statuses or Status.UNKNOWN in statuses:
        status = any_of(statuses)
        if status is Status.YES:
            reasons = [
                r for r, a in zip(reasons, assessments, strict=True) if a.status is Status.YES
            ]
    elif assessments:
        exhaustive = [f for f in findings if f.status is FindingStatus.EXHAUSTIVE]
        authoritative = [f for f in exhaustive if f.source.tier.authoritative]
        status = Status.NO if authoritative else Status.UNKNOWN
        reasons.extend(_finding_reason(f) for f in exhaustive)
        if not authoritative:
            reasons.append(
                Reason(
                    text=f"No official record says these are the only provisions of "
                    f"{name} that could cover {offence}: the answer stays unknown."
                )
            )
    else:
        not_covered = [f for f in findings if f.status is FindingStatus.NOT_COVERED]
        reasons.extend(_finding_reason(f) for f in not_covered)
        if any(f.source.tier.authoritative for f in not_covered):
            status = Status.NO
        else:
            status = Status.UNKNOWN
            reasons.append(Reason(text=_no_data(law, state, offence, day, bool(not_covered))))
    return OffenceCriminality(
        offence=offence, status=status, statutes=assessments, reasons=tuple(reasons)
    )


def _no_data(law: LawDataset, state: str, offence: str, day: date, secondary: bool) -> str:
    name = law.jurisdictions[state].name
    if secondary:
        return f"The finding rests on a secondary source: whether {name} covered {offence} on {day} stays unknown."
    if not law.has_state_law(state):
        return f"The dataset holds no law of {name} ({state}): criminality there is unknown."
    periods = [
        f"{s.citation} from {s.since or 'an unrecorded date'}"
        + (f" to {s.until}" if s.until else "")
        for s in law.statutes_for(state, offence)
    ]
    known = f" Recorded: {'; '.join(periods)}." if periods else ""
    return f"No law of {name} on {offence} is recorded for {day}: unknown.{known}"


def criminality(
    state: str,
    conduct: Conduct,
    as_of: date,
    *,
    law: LawDataset | None = None,
    transposed: bool = False,
) -> Criminality:
    """Whether ``conduct`` was a crime in ``state`` on ``as_of``, under which statutes, and why.

    ``transposed``: judge the conduct as if it had happened in ``state``'s own territory, so its
    statutes' jurisdictional elements count as met (Budapest art. 25(5); LEGAL-SEMANTICS §4).
    The conduct is a crime if any of its offences is (Kleene disjunction).
    """
    law = law or default_dataset()
    require_jurisdiction(law.jurisdictions, state)
    conduct.check_against(law)
    view = view_of(conduct, law)
    offences = tuple(_offence(law, state, o, as_of, view, transposed) for o in conduct.offences)
    status = any_of(o.status for o in offences)
    statutes = tuple({a.id: a for o in offences for a in o.statutes}.values())
    covering = [a for a in statutes if a.status is Status.YES]
    top = max(covering, key=lambda a: a.severity or 0.0, default=None)
    reasons = tuple(r for o in offences for r in o.reasons)
    deciding: tuple[DecidingFacts, ...] = ()
    if status is Status.UNKNOWN:
        deciding = tuple(
            DecidingFacts(
                needs=a.missing,
                statute=a.citation,
                text=f"yes under {a.citation} if {' and '.join(a.missing)} "
                f"{'is' if len(a.missing) == 1 else 'are'} established",
            )
            for a in statutes
            if a.status is Status.UNKNOWN
            and a.missing
            and not a.start_unrecorded
            and a.source.tier.authoritative
        )
    assumed = view.notes + (
        ("jurisdictional elements of its statutes treated as met (transposition)",)
        if transposed
        else ()
    )
    return Criminality(
        state=state,
        as_of=as_of,
        transposed=transposed,
        status=status,
        statutes=statutes,
        max_penalty_months=top.max_penalty_months if top else None,
        life=bool(top and top.life),
        offences=offences,
        reasons=reasons,
        assumed=assumed,
        deciding_facts=deciding,
    )


def penalty_range(
    answer: Criminality, conduct: Conduct, law: LawDataset | None = None
) -> tuple[float | None, float | None]:
    """The highest maximum penalty, in months (life: infinity; a fine only: 0), among the provisions
    that cover the conduct, with the variants its established facts select (``certain``), and among
    those that cover or may cover it, with every variant whose facts are not negated (``possible``).

    A threshold is met for sure when ``certain`` reaches it, and certainly missed when ``possible``
    stays below it; in between, it depends on facts the question leaves open.
    """
    law = law or default_dataset()
    by_id = (
        {s.id: s for s in law.states[answer.state].statutes} if answer.state in law.states else {}
    )
    negated = {name for name, value in conduct.facts.items() if value is False}

    def chosen(s: StatuteAssessment) -> float:
        return math.inf if s.life else float(s.max_penalty_months or 0)

    def widest(s: StatuteAssessment) -> float:
        statute = by_id.get(s.id)
        if statute is None:
            return chosen(s)
        open_variants = [p.severity for p in statute.penalties if not negated & set(p.when)]
        return max(open_variants, default=chosen(s))

    certain = max((chosen(s) for s in answer.statutes if s.status is Status.YES), default=None)
    possible = max((widest(s) for s in answer.statutes if s.status is not Status.NO), default=None)
    return certain, possible
