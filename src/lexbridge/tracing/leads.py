"""From the money to the request: each jurisdiction a trace reached, with the routes to it.

A service holding tainted funds can be asked to freeze them and to identify the account holder,
but only through a request to its jurisdiction: the routes come from ``engine.routes``, from the
forum (the state investigating) to each jurisdiction, on the date the request would be made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lexbridge.engine.routes import routes
from lexbridge.law import LawDataset, Measure, default_dataset
from lexbridge.tracing.trace import Lead, TraceResult

FOLLOW_UP = (Measure.ASSET_FREEZE, Measure.SUBSCRIBER_DATA)
"""Freeze the funds; identify who holds the account."""


def with_leads(
    result: TraceResult,
    forum: str,
    day: date,
    *,
    measures: Sequence[Measure] = FOLLOW_UP,
    law: LawDataset | None = None,
) -> TraceResult:
    """``result`` with, per jurisdiction reached, the routes from ``forum`` for each measure."""
    law = law or default_dataset()
    found: list[Lead] = []
    for state, amount in result.jurisdictions().items():
        services = sorted(f.service for f in result.services if state in f.jurisdictions)
        found.append(
            Lead(
                state=state,
                amount=amount,
                services=services,
                routes={m.value: routes(forum, state, m, day, law=law) for m in measures},
            )
        )
    return result.model_copy(update={"forum": forum, "leads": found})
