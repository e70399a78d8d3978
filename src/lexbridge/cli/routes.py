"""``lexbridge routes``: which instruments carry a measure from one state to another (or a provider)."""

from __future__ import annotations

from datetime import date
from difflib import get_close_matches
from typing import Annotated

import typer
from rich.table import Table

from lexbridge.cli._output import console, fail, parse_date, print_json
from lexbridge.engine.reasons import LawQueryError
from lexbridge.engine.retention import still_held
from lexbridge.engine.routes import RouteDeadline, provider_state, routes
from lexbridge.law import Measure, default_dataset
from lexbridge.law.instruments import EmergencyGround


def deadline_words(deadline: RouteDeadline | None) -> str:
    """``binding: 10 days``, ``target: 8 hours``, ``none`` or ``-`` when not recorded."""
    if deadline is None:
        return "-"
    figure = " ".join(
        f"{n} {unit}" for n, unit in ((deadline.days, "days"), (deadline.hours, "hours")) if n
    )
    return f"{deadline.kind}: {figure}" if figure else deadline.kind


def _nearest(value: str, names: list[str]) -> str:
    close = get_close_matches(value, names, n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def routes_command(
    from_state: Annotated[str, typer.Option("--from", help="The requesting state (ISO code).")],
    to: Annotated[
        str,
        typer.Option(
            "--to", help="The requested state (ISO code) or a provider id of the registry."
        ),
    ],
    measure: Annotated[
        str, typer.Option(help="The measure, e.g. preservation, subscriber_data, asset_freeze.")
    ],
    emergency: Annotated[
        bool,
        typer.Option(
            help="A threat to life or physical integrity exists: opens the emergency paths of the "
            "instruments whose definition it meets."
        ),
    ] = False,
    critical_infrastructure: Annotated[
        bool,
        typer.Option(
            "--critical-infrastructure",
            help="A threat to critical infrastructure exists (e-Evidence art. 3 counts it as an emergency).",
        ),
    ] = False,
    on: Annotated[
        str | None, typer.Option("--date", help="The date of the request (default: today).")
    ] = None,
    data_date: Annotated[
        str | None,
        typer.Option(
            "--data-date",
            help="When the data came into being: tells whether it is likely still held.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Every instrument of the dataset that carries the measure, ranked; letters rogatory last."""
    law = default_dataset()
    day = parse_date(on, "--date") if on else date.today()
    names = [m.value for m in Measure]
    if measure not in names:
        fail(f"unknown measure {measure!r}{_nearest(measure, names)}")
    requesting = from_state.upper()
    if requesting not in law.jurisdictions:
        fail(f"unknown state code {from_state!r}{_nearest(requesting, list(law.jurisdictions))}")
    provider = law.providers.get(to.lower())
    if provider is not None:
        target = provider_state(provider, requesting, law)
        if target is None:
            fail(f"the registry records no state for provider {to!r}: give the state with --to")
    elif to.upper() in law.jurisdictions:
        target = to.upper()
    else:
        fail(
            f"unknown state or provider {to!r}{_nearest(to, [*law.jurisdictions, *law.providers])}"
        )
    grounds = frozenset(
        [EmergencyGround.LIFE, EmergencyGround.PHYSICAL_INTEGRITY] if emergency else []
    ) | frozenset([EmergencyGround.CRITICAL_INFRASTRUCTURE] if critical_infrastructure else [])
    created = parse_date(data_date, "--data-date") if data_date else None
    try:
        options = routes(
            requesting, target, measure, day, emergency=grounds, provider=provider, law=law
        )
    except LawQueryError as error:
        fail(str(error))
    retention = (
        still_held(Measure(measure), created, day, state=target, provider=provider, law=law)
        if created
        else None
    )
    if as_json:
        print_json(
            {
                "from": requesting,
                "to": target,
                "provider": provider.id if provider else None,
                "measure": measure,
                "date": day,
                "emergency": sorted(g.value for g in grounds),
                "retention": retention.model_dump(mode="json") if retention else None,
                "options": [o.model_dump(mode="json") for o in options],
            }
        )
        return
    table = Table(
        "instrument",
        "article",
        "available",
        "channel",
        "deadline",
        "authorisation",
        "conditions",
        title=f"{measure.replace('_', ' ')}: {requesting} → {target}"
        + (f" ({provider.name})" if provider else ""),
    )
    for o in options:
        auth = o.authorisation
        table.add_row(
            o.title + (" (emergency)" if o.emergency else ""),
            o.article,
            o.available.value,
            (o.channel or "-").replace("_", " "),
            deadline_words(o.deadline),
            (auth.level.value.replace("_", " ") if auth and auth.level else "not recorded")
            + (" + court order" if auth and auth.court_order_required else ""),
            "; ".join(o.conditions) or "-",
        )
    console.print(
        table
        if options
        else f"No instrument in the dataset offers {measure} between {requesting} and {target}."
    )
    if retention is not None:
        console.print(f"Still held: {retention.held.value}. " + retention.reasons[-1].text)
