"""The whole answer to a case: who can prosecute, whether it is a crime there, extradition, routes.

``analyze(case)`` is what ``lexbridge analyze`` prints. Its JSON shape is stable and versioned
(``ANALYSIS_SCHEMA_VERSION``; JSON Schema in ``docs/analysis.schema.json``).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.case import Case, DataItem
from lexbridge.engine.criminality import criminality
from lexbridge.engine.extradition import ExtraditionAnswer, extradition
from lexbridge.engine.jurisdiction import StateJurisdiction, conduct_of, jurisdiction
from lexbridge.engine.reasons import LawQueryError, Reason
from lexbridge.engine.retention import RetentionAnswer, still_held
from lexbridge.engine.routes import RouteOption, provider_state, routes
from lexbridge.engine.status import Status
from lexbridge.law import LawDataset, default_dataset

ANALYSIS_SCHEMA_VERSION = "2"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class StatuteLine(_Out):
    id: str
    citation: str
    status: Status
    max_penalty_months: int | None
    life: bool
    source_url: str


class StateCriminality(_Out):
    state: str
    status: Status
    statutes: tuple[StatuteLine, ...]
    reasons: tuple[Reason, ...]


class RequestFactors(_Out):
    """The factors of the European Convention on Extradition art. 17 for one request."""

    requesting: str
    made_on: date | None
    max_penalty_months: int | None
    committed_there: Status
    national_of_requesting: Status


class CompetingRequests(_Out):
    offender: str
    requests: tuple[RequestFactors, ...]


class DataRoute(_Out):
    measure: str
    requested: str | None
    provider: str | None
    emergency: bool | None
    options: tuple[RouteOption, ...]
    retention: RetentionAnswer | None = None
    """Whether the data is likely still held and by when to preserve it (needs ``data_date``)."""
    reasons: tuple[Reason, ...]


class Analysis(_Out):
    schema_version: str = ANALYSIS_SCHEMA_VERSION
    title: str
    conduct_start: date
    conduct_end: date
    decision_date: date
    request_date: date
    forum: str | None
    jurisdictions: tuple[StateJurisdiction, ...]
    criminality: tuple[StateCriminality, ...]
    extradition: tuple[ExtraditionAnswer, ...]
    competing_requests: tuple[CompetingRequests, ...]
    routes: tuple[DataRoute, ...]
    missing_facts: tuple[str, ...]


def check_codes(case: Case, law: LawDataset) -> list[str]:
    """Every state code in the case that is not a known jurisdiction, with its field path."""
    bad: list[str] = []

    def check(path: str, code: str | None) -> None:
        if code is not None and code not in law.jurisdictions:
            bad.append(f"{path}: unknown state code {code!r}")

    check("forum", case.forum)
    for i, o in enumerate(case.offenders):
        for j, code in enumerate(o.nationality):
            check(f"offenders[{i}].nationality[{j}]", code)
        for j, code in enumerate(o.acted_from):
            check(f"offenders[{i}].acted_from[{j}]", code)
        check(f"offenders[{i}].resides_in", o.resides_in)
        check(f"offenders[{i}].located_in", o.located_in)
    for i, v in enumerate(case.victims):
        check(f"victims[{i}].harm_in", v.harm_in)
        check(f"victims[{i}].nationality_or_seat", v.nationality_or_seat)
    for i, s in enumerate(case.systems):
        check(f"systems[{i}].state", s.state)
    for i, d in enumerate(case.data_needed):
        check(f"data_needed[{i}].held_in", d.held_in)
        if d.held_by_provider is not None and d.held_by_provider not in law.providers:
            bad.append(
                f"data_needed[{i}].held_by_provider: unknown provider {d.held_by_provider!r}"
            )
    for i, p in enumerate(case.proceeds):
        check(f"proceeds[{i}].state", p.state)
    for i, r in enumerate(case.extradition_requests):
        check(f"extradition_requests[{i}].requesting", r.requesting)
    for i, item in enumerate(case.conduct):
        if item.offence not in law.offences:
            bad.append(f"conduct[{i}].offence: unknown offence {item.offence!r}")
        for j, fact in enumerate((*item.facts, *item.not_facts)):
            if fact not in law.elements:
                bad.append(f"conduct[{i}].facts[{j}]: unknown element fact {fact!r}")
    return bad


def _route(
    item: DataItem, case: Case, law: LawDataset, requesting: str | None, day: date
) -> DataRoute:
    requested = item.held_in
    reasons: list[Reason] = []
    provider = law.providers[item.held_by_provider] if item.held_by_provider else None
    if requested is None and provider is not None:
        requested = provider_state(provider, requesting, law) if requesting else provider.home_state
        if requested:
            reasons.append(
                Reason(
                    text=f"{provider.name} is reached in {requested} (its {'EU establishment' if provider.eu_establishment and requested == provider.eu_establishment.state else 'home state'})."
                )
            )
    if requesting is None or requested is None:
        missing = "the forum (the state asking)" if requesting is None else "where the data is held"
        return DataRoute(
            measure=item.measure.value,
            requested=requested,
            provider=item.held_by_provider,
            emergency=item.urgency.emergency,
            options=(),
            reasons=(Reason(text=f"Routes need {missing}, which the case does not give."),),
        )
    if requesting == requested:
        reasons.append(
            Reason(
                text=f"The data is held in {requested}, the state asking: its own procedure applies, no cooperation route."
            )
        )
    elif case.forum is None:
        reasons.append(
            Reason(
                text=f"The case names no forum: routes are shown from {requesting}, a state whose jurisdiction is met."
            )
        )
    options = tuple(
        routes(
            requesting,
            requested,
            item.measure,
            day,
            emergency=item.urgency.grounds,
            provider=provider,
            law=law,
        )
    )
    retention = (
        still_held(item.measure, item.data_date, day, state=requested, provider=provider, law=law)
        if item.data_date
        else None
    )
    return DataRoute(
        measure=item.measure.value,
        requested=requested,
        provider=item.held_by_provider,
        emergency=item.urgency.emergency,
        options=options,
        retention=retention,
        reasons=tuple(reasons),
    )


def analyze(case: Case, *, law: LawDataset | None = None, today: date | None = None) -> Analysis:
    """The analysis of ``case`` on ``today`` (the default decision and request date)."""
    law = law or default_dataset()
    today = today or date.today()
    bad = check_codes(case, law)
    if bad:
        raise LawQueryError("; ".join(bad))
    conduct = conduct_of(case)
    period = case.period
    by_state = {
        state: criminality(state, conduct, period.end, law=law) for state in case.linked_states()
    }
    claims = jurisdiction(case, law, by_state)
    crimes = []
    for state, answer in by_state.items():
        crimes.append(
            StateCriminality(
                state=state,
                status=answer.status,
                statutes=tuple(
                    StatuteLine(
                        id=s.id,
                        citation=s.citation,
                        status=s.status,
                        max_penalty_months=s.max_penalty_months,
                        life=s.life,
                        source_url=s.source.url,
                    )
                    for s in answer.statutes
                ),
                reasons=answer.reasons,
            )
        )
    requesting_sets: dict[str, list[str]] = {}
    for offender in case.offenders:
        wanted = [r.requesting for r in case.extradition_requests if r.offender == offender.id]
        if case.forum:
            wanted.append(case.forum)
        wanted.extend(c.state for c in claims if c.status is Status.YES)
        ordered = [
            s for i, s in enumerate(wanted) if s not in wanted[:i] and s != offender.located_in
        ]
        requesting_sets[offender.id] = ordered
    answers = tuple(
        extradition(case, offender, requesting, law, today)
        for offender in case.offenders
        for requesting in requesting_sets[offender.id]
    )
    competing = []
    for offender in case.offenders:
        requests = [r for r in case.extradition_requests if r.offender == offender.id]
        if len(requests) < 2:
            continue
        factors = []
        for request in requests:
            their = criminality(request.requesting, conduct, period.end, law=law)
            committed = (
                Status.YES
                if request.requesting in offender.acted_from
                or any(v.harm_in == request.requesting for v in case.victims)
                else (Status.UNKNOWN if not offender.acted_from else Status.NO)
            )
            factors.append(
                RequestFactors(
                    requesting=request.requesting,
                    made_on=request.made_on,
                    max_penalty_months=their.max_penalty_months
                    if their.status is Status.YES
                    else None,
                    committed_there=committed,
                    national_of_requesting=Status.UNKNOWN
                    if not offender.nationality
                    else Status.of(request.requesting in offender.nationality),
                )
            )
        competing.append(CompetingRequests(offender=offender.id, requests=tuple(factors)))
    forum = case.forum or next((c.state for c in claims if c.status is Status.YES), None)
    data_routes = tuple(
        _route(item, case, law, forum, case.request_day(today)) for item in case.data_needed
    )
    return Analysis(
        title=case.title,
        conduct_start=period.start,
        conduct_end=period.end,
        decision_date=case.decision_day(today),
        request_date=case.request_day(today),
        forum=case.forum,
        jurisdictions=tuple(claims),
        criminality=tuple(crimes),
        extradition=answers,
        competing_requests=tuple(competing),
        routes=data_routes,
        missing_facts=tuple(_missing(case)),
    )


def _missing(case: Case) -> list[str]:
    """What each unknown field of the case would decide."""
    found = []
    for o in case.offenders:
        if not o.nationality:
            found.append(
                f"offender {o.id}: nationality decides active-nationality jurisdiction and the nationality bar to extradition"
            )
        if not o.acted_from:
            found.append(
                f"offender {o.id}: where they acted from decides territoriality and double criminality for jurisdiction abroad"
            )
        if o.located_in is None:
            found.append(
                f"offender {o.id}: where they are now decides the requested state and its extradition law"
            )
    if any(v.nationality_or_seat is None for v in case.victims):
        found.append("a victim's nationality or seat decides passive-personality jurisdiction")
    if any(v.harm_in is None for v in case.victims):
        found.append("where a victim's harm occurred decides effects-based jurisdiction")
    for i, d in enumerate(case.data_needed):
        if d.held_in is None and d.held_by_provider is None:
            found.append(
                f"data_needed[{i}]: who holds the data decides the requested state and the routes"
            )
        if d.urgency.emergency is None:
            found.append(
                f"data_needed[{i}]: whether a threat to life, physical integrity or critical infrastructure exists decides the emergency paths"
            )
    if not case.forum:
        found.append("the forum (the state analysing) decides which routes and requests are shown")
    return found
