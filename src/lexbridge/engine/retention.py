"""Whether the data is likely still held, and by when preservation must be asked (LEGAL-SEMANTICS §6).

Two kinds of fact speak to it. A state's mandatory retention rule, read in its law, obliges providers
to keep a data category for a period: while it runs, the data is held (``yes``, when the rule rests
on an official source). A provider's published retention period is its own statement, a secondary
source: it informs, it never decides. Nothing in the dataset can say that data is gone, so the
answer is ``yes`` or ``unknown``, never ``no``; what it adds is the date by which preservation must
be asked: the day the longest known period ends.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.reasons import Reason
from lexbridge.engine.status import Status
from lexbridge.law import LawDataset
from lexbridge.law.national_rules import RetentionStatus
from lexbridge.law.providers import Provider
from lexbridge.law.vocabulary import Measure

STORED_CATEGORIES = frozenset(
    {
        Measure.SUBSCRIBER_DATA,
        Measure.IDENTIFICATION_DATA,
        Measure.TRAFFIC_DATA,
        Measure.CONTENT_DATA,
    }
)


class RetentionAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    held: Status
    """Whether the data is held on the request date: yes while a sourced legal duty runs."""
    preserve_by: date | None
    """The last day of the longest known retention period; None when no period is known."""
    reasons: tuple[Reason, ...]


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months, clamped to the month's end (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def still_held(
    measure: Measure,
    data_date: date,
    request_date: date,
    *,
    state: str | None,
    provider: Provider | None,
    law: LawDataset,
) -> RetentionAnswer | None:
    """Whether data of category ``measure``, created on ``data_date``, is held on ``request_date``.

    ``None`` for measures that are not a stored data category (real-time collection, freezing).
    """
    if measure not in STORED_CATEGORIES:
        return None
    reasons: list[Reason] = []
    ends: list[date] = []
    held = Status.UNKNOWN
    category = measure.value
    words = category.replace("_", " ")

    rules = law.states[state].retention if state and state in law.states else ()
    applicable = [r for r in rules if category in r.data and r.holds_on(data_date)]
    for rule in applicable:
        where = f" ({rule.provision})" if rule.provision else ""
        if rule.status is RetentionStatus.REQUIRED and rule.period_months is not None:
            end = add_months(data_date, rule.period_months) - timedelta(days=1)
            ends.append(end)
            running = end >= request_date
            if running and rule.source.tier.authoritative:
                held = Status.YES
            reasons.append(
                Reason(
                    text=f"{state} law{where} requires providers to keep {words} for {rule.period_months} months: "
                    + (
                        f"data of {data_date.isoformat()} must be kept until {end.isoformat()}."
                        if running
                        else f"the duty for data of {data_date.isoformat()} ended on {end.isoformat()}; the provider may or may not still hold it."
                    ),
                    source=rule.source,
                )
            )
        else:
            reasons.append(
                Reason(
                    text=f"{state} law{where} imposes no duty to keep {words} on {data_date.isoformat()} (retention {rule.status.value}): whether it is still held depends on the provider.",
                    source=rule.source,
                )
            )
    if state and not applicable:
        reasons.append(
            Reason(
                text=f"The dataset records no retention rule of {state} for {words} on {data_date.isoformat()}."
            )
        )

    holder = provider.name if provider else "The provider"
    for entry in provider.retention if provider else ():
        if category not in entry.data:
            continue
        if entry.period_days is None:
            reasons.append(Reason(text=f"{holder}: {entry.text}", source=entry.source))
            continue
        end = data_date + timedelta(days=entry.period_days - 1)
        ends.append(end)
        reasons.append(
            Reason(
                text=f"{holder} states it keeps {words} for {entry.period_days} days (until {end.isoformat()} for data of {data_date.isoformat()}); a provider's statement informs, it does not decide.",
                source=entry.source,
            )
        )

    preserve_by = max(ends) if ends else None
    if preserve_by is None:
        reasons.append(Reason(text="No retention period is known: ask for preservation at once."))
    elif preserve_by < request_date:
        reasons.append(
            Reason(
                text=f"Every known retention period ended by {preserve_by.isoformat()}: the data may already be deleted; ask for preservation at once."
            )
        )
    else:
        reasons.append(Reason(text=f"Ask for preservation before {preserve_by.isoformat()}."))
    return RetentionAnswer(held=held, preserve_by=preserve_by, reasons=tuple(reasons))
