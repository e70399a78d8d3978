"""``lexbridge check``: is the conduct a crime in a state, and on both sides of a request?"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from lexbridge.cli._output import fail, parse_date, print_json
from lexbridge.cli._render import show_criminality, show_dual_criminality
from lexbridge.engine import Conduct, LawDates, LawQueryError, criminality, dual_criminality


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def check(
    conduct: Annotated[
        str,
        typer.Option(help="Harmonised offences, comma-separated (see `lexbridge law offences`)."),
    ],
    state: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code of the state.")] = None,
    between: Annotated[
        str | None,
        typer.Option(help="Requesting and requested state for dual criminality, e.g. DE,NL."),
    ] = None,
    instrument: Annotated[str | None, typer.Option(help="Instrument id, e.g. budapest.")] = None,
    measure: Annotated[str | None, typer.Option(help="Measure, e.g. extradition.")] = None,
    fact: Annotated[
        list[str] | None, typer.Option("--fact", help="Establish an element fact.")
    ] = None,
    no_fact: Annotated[
        list[str] | None, typer.Option("--no-fact", help="Negate an element fact.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Date of the conduct, YYYY-MM-DD (default: today).")
    ] = None,
    decision_date: Annotated[
        str | None,
        typer.Option(help="With --between: date of the decision on the request (default: today)."),
    ] = None,
    request_date: Annotated[
        str | None,
        typer.Option(
            help="With --between: date the requested state received the request (default: the decision date)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Whether conduct is a crime in a state on a date (--state), or satisfies an instrument's
    dual-criminality rule between two states (--between, --instrument, --measure)."""
    day = parse_date(as_of, "--as-of") if as_of else date.today()
    try:
        facts = Conduct.of(_codes(conduct), established=fact or (), negated=no_fact or ())
    except LawQueryError as exc:
        fail(str(exc))
    except ValueError:
        fail(f"--conduct {conduct!r} names no offence")
    if (state is None) == (between is None):
        fail("give either --state XX or --between XX,YY")
    try:
        if state is not None:
            single = criminality(state.upper(), facts, day)
            if as_json:
                print_json(single.model_dump(mode="json"))
            else:
                show_criminality(single)
            return
        pair = [c.upper() for c in _codes(between or "")]
        if len(pair) != 2:
            fail(f"--between {between!r} must name two states, e.g. DE,NL")
        if not instrument or not measure:
            fail("--between needs --instrument and --measure")
        decided = parse_date(decision_date, "--decision-date") if decision_date else date.today()
        received = parse_date(request_date, "--request-date") if request_date else None
        dates = LawDates(conduct=day, decision=decided, request=received)
        result = dual_criminality(pair[0], pair[1], facts, instrument, measure, dates)
    except LawQueryError as exc:
        fail(str(exc))
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        show_dual_criminality(result)
