"""``lexbridge routes``: which instruments carry a measure from one state to another (or a provider)."""

from __future__ import annotations

from datetime import date
from difflib import get_close_matches
from typing import Annotated

import typer
from rich.table import Table

from lexbridge.cli._output import console, fail, parse_date, print_json
from lexbridge.engine.reasons import LawQueryError
from lexbridge.engine.routes import provider_state, routes
from lexbridge.law import Measure, default_dataset


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
            help="A threat to life, physical integrity or critical infrastructure exists."
        ),
    ] = False,
    on: Annotated[
        str | None, typer.Option("--date", help="The date of the request (default: today).")
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
    try:
        options = routes(requesting, target, measure, day, law=law)
    except LawQueryError as error:
        fail(str(error))
    note = (
        "Emergency paths are not yet in the dataset: the routes shown are the ordinary ones."
        if emergency
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
                "emergency": emergency,
                "note": note,
                "options": [o.model_dump(mode="json") for o in options],
            }
        )
        return
    table = Table(
        "instrument",
        "article",
        "available",
        "deadline",
        "dual criminality",
        title=f"{measure.replace('_', ' ')}: {requesting} → {target}"
        + (f" ({provider.name})" if provider else ""),
    )
    for o in options:
        deadline = (
            f"{o.deadline.kind}: {o.deadline.days or ''}{' days' if o.deadline.days else ''}{(str(o.deadline.hours) + ' hours') if o.deadline.hours else ''}"
            if o.deadline
            else "-"
        )
        table.add_row(
            o.title, o.article, o.available.value, deadline, (o.dual_criminality or "-")[:60]
        )
    console.print(
        table
        if options
        else f"No instrument in the dataset offers {measure} between {requesting} and {target}."
    )
    if note:
        console.print(note)
