"""A request's deadlines, computed from its route's instrument and the events it has recorded.

Each instrument names the event a time limit runs from (receipt, acknowledgment, recognition,
arrest); a limit in days runs to the end of the last day, counted from the event's date; a limit in
hours runs from the moment the event was recorded here. Until the requested side confirms receipt,
an outgoing request's limits are counted from the day it was sent and marked ``estimated``. Kinds
stay apart (binding legal limit, target, none), and ``overdue`` is derived here, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from lexbridge.casework.models import CooperationRequest, Direction
from lexbridge.casework.workflow import FINISHED, Status
from lexbridge.law import LawDataset, Measure
from lexbridge.law.instruments import (
    Deadline,
    DeadlineEvent,
    DeadlineKind,
    DeadlinePurpose,
    EmergencyGround,
    MeasureOffer,
)


@dataclass(frozen=True)
class RunningDeadline:
    request_id: int
    purpose: str
    kind: str
    days: int | None
    hours: int | None
    starts: str
    started_on: date | None
    estimated: bool
    """Counted from the day the request was sent, as the receipt is not yet confirmed."""
    due: datetime | None
    """The last moment (UTC) of the limit; None while the event it runs from has not happened."""
    extension_days: int | None
    extended: bool
    emergency: bool
    against_us: bool
    """An incoming request: the limit binds this unit."""
    text: str
    citation: str
    overdue: bool
    met: bool = False
    """What the limit asks for is done (recognised, executed or answered): it no longer runs."""


def offer_for(request: CooperationRequest, law: LawDataset) -> MeasureOffer | None:
    instrument = law.instruments.get(request.instrument)
    if instrument is None:
        return None
    offers = instrument.offers(Measure(request.measure))
    return next((o for o in offers if o.article == request.article), None)


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=UTC)


def _event(
    request: CooperationRequest, event: DeadlineEvent, moments: dict[str, datetime]
) -> tuple[date | None, datetime | None, bool]:
    """The date and recorded moment of ``event``, and whether it is estimated from sending."""
    recorded = {
        DeadlineEvent.RECEIPT: request.received_on,
        DeadlineEvent.ACKNOWLEDGMENT: request.acknowledged_on,
        DeadlineEvent.RECOGNITION: request.recognised_on,
        DeadlineEvent.ARREST: request.arrested_on,
    }[event]
    if recorded is not None:
        return recorded, moments.get(event.value), False
    if event is DeadlineEvent.RECEIPT and request.sent_on is not None:
        return request.sent_on, moments.get("sent"), True
    return None, None, False


_ANSWERED = frozenset(
    {Status.EXECUTED, Status.PARTIALLY_EXECUTED, Status.REFUSED_BY_REQUESTED, Status.CLOSED}
)


def _met(request: CooperationRequest, purpose: DeadlinePurpose) -> bool:
    """Whether the step the limit is for has been taken: recognition recorded, or the request
    executed or answered (for an incoming request, also refused by this unit)."""
    status = Status(request.status)
    if purpose is DeadlinePurpose.RECOGNITION:
        return request.recognised_on is not None or status in _ANSWERED
    if purpose in (DeadlinePurpose.EXECUTION, DeadlinePurpose.ANSWER):
        refused_here = request.direction == Direction.INCOMING and status is Status.REFUSED
        return status in _ANSWERED or refused_here
    return False


def running_deadlines(
    request: CooperationRequest,
    law: LawDataset,
    now: datetime,
    *,
    moments: dict[str, datetime] | None = None,
) -> list[RunningDeadline]:
    """Every time limit of the request's route, with its due moment where it has started.

    ``moments`` maps an event (``receipt``, ``recognition``, ``arrest``, ``sent``) to when it was
    recorded, for limits in hours.
    """
    offer = offer_for(request, law)
    if offer is None:
        return []
    instrument = law.instruments[request.instrument]
    grounds = frozenset(EmergencyGround(g) for g in request.emergency.get("grounds", []))
    urgent = bool(offer.emergency_deadline) and instrument.emergency_met(grounds) is True
    first = offer.emergency_deadline if urgent and offer.emergency_deadline else offer.deadline
    rules: list[tuple[Deadline, bool]] = []
    if first is not None:
        rules.append((first, urgent))
    rules.extend((d, False) for d in offer.later_deadlines)
    open_request = Status(request.status) not in FINISHED
    found = []
    for rule, emergency in rules:
        started_on, moment, estimated = _event(request, rule.starts, moments or {})
        due: datetime | None = None
        extended = request.preservation_extended and bool(rule.extension_days)
        if started_on is not None and rule.kind is not DeadlineKind.NONE:
            if rule.hours is not None and rule.days is None:
                start = moment or datetime.combine(started_on, time.min, tzinfo=UTC)
                due = start + timedelta(hours=rule.hours)
            else:
                days = (rule.days or 0) + ((rule.extension_days or 0) if extended else 0)
                due = _end_of_day(started_on + timedelta(days=days))
        met = _met(request, rule.purpose)
        found.append(
            RunningDeadline(
                request_id=request.id,
                purpose=rule.purpose.value,
                kind=rule.kind.value,
                days=rule.days,
                hours=rule.hours,
                starts=rule.starts.value,
                started_on=started_on,
                estimated=estimated,
                due=due,
                extension_days=rule.extension_days,
                extended=extended,
                emergency=emergency,
                against_us=request.direction == Direction.INCOMING,
                text=rule.text,
                citation=rule.source.cite(),
                overdue=bool(due and open_request and not met and due < now),
                met=met,
            )
        )
    return found


def urgency_key(deadline: RunningDeadline) -> tuple[int, int, datetime, int]:
    """Overdue first, then emergencies, then by due moment (none last), binding before target."""
    far = datetime.max.replace(tzinfo=UTC)
    return (
        0 if deadline.overdue else 1,
        0 if deadline.emergency else 1,
        deadline.due or far,
        {"binding": 0, "target": 1}.get(deadline.kind, 2),
    )
