"""``lexbridge gaps``: where the safe havens are, for which offences; what a reform would change."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import yaml
from pydantic import ValidationError
from rich import box
from rich.progress import track
from rich.table import Column, Table

from lexbridge.cli._output import console, err_console, fail, parse_date, print_json
from lexbridge.engine.gaps import (
    ChangeSet,
    GapModel,
    OffenderKind,
    WhatIf,
    counted_jurisdictions,
    gap_model,
    gaps_report,
    growth,
    growth_report,
    what_if,
    what_if_report,
)
from lexbridge.engine.reasons import LawQueryError
from lexbridge.law import LawDataset, Measure, default_dataset

T = TypeVar("T")

app = typer.Typer(
    help="Gap analysis: safe havens per offence, routes between every pair of states, "
    "and what a ratification or a new statute would change (docs/gaps.md).",
    invoke_without_command=True,
    add_completion=False,
)

_OFFENDER_WORDS = {
    OffenderKind.NATIONAL_OF_REQUESTED: "a national of the requested state",
    OffenderKind.NATIONAL_OF_REQUESTING: "a national of the requesting state",
    OffenderKind.THIRD_COUNTRY: "a third-country national",
}

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="The date of the analysis, YYYY-MM-DD (default: today)."),
]
OffenceOption = Annotated[
    str | None,
    typer.Option("--offence", help="One harmonised offence, e.g. illegal_access (default: all)."),
]
MeasureOption = Annotated[
    str,
    typer.Option(
        "--measure",
        help="The measure whose evidence routes the index counts, e.g. subscriber_data.",
    ),
]
OffenderOption = Annotated[
    str,
    typer.Option(
        "--offender",
        help="Whose extradition the index counts: national_of_requested, national_of_requesting "
        "or third_country.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object (docs/gaps.md).")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV rows with a header line.")]


def _nearest(value: str, names: Iterable[str]) -> str:
    close = get_close_matches(value, list(names), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _choose(value: str, names: Sequence[str], what: str) -> str:
    if value not in names:
        fail(f"unknown {what} {value!r}{_nearest(value, names)}; known: {', '.join(names)}")
    return value


def _format(as_json: bool, as_csv: bool) -> None:
    if as_json and as_csv:
        fail("give --json or --csv, not both")


def _steps(items: Sequence[T], description: str) -> Iterator[T]:
    """The items, with a progress bar on stderr when it is a terminal."""
    if err_console.is_terminal:
        yield from track(items, description=description, console=err_console, transient=True)
    else:
        yield from items


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _offences(law: LawDataset, offence: str | None) -> list[str]:
    if offence is None:
        return list(law.offences)
    return [_choose(offence, sorted(law.offences), "offence")]


def _model(day: date, law: LawDataset) -> GapModel:
    try:
        return gap_model(day, law=law)
    except LawQueryError as error:
        fail(str(error))


def _check_measure_and_offender(measure: str, offender: str) -> None:
    _choose(measure, [m.value for m in Measure], "measure")
    _choose(offender, [k.value for k in OffenderKind], "offender kind")


@app.callback(invoke_without_command=True)
def gaps(
    ctx: typer.Context,
    as_of: AsOf = None,
    offence: OffenceOption = None,
    measure: MeasureOption = Measure.PRESERVATION.value,
    offender: OffenderOption = OffenderKind.NATIONAL_OF_REQUESTED.value,
    top: Annotated[
        int, typer.Option("--top", min=1, help="How many havens to show per offence.")
    ] = 10,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    matrices: Annotated[
        bool,
        typer.Option(
            "--matrices", help="With --json: add the evidence, extradition and haven matrices."
        ),
    ] = False,
) -> None:
    """Safe-haven index per state and offence on a date, with the share of decided cells."""
    if ctx.invoked_subcommand is not None:
        return
    _format(as_json, as_csv)
    law = default_dataset()
    day = parse_date(as_of, "--as-of") if as_of else date.today()
    _check_measure_and_offender(measure, offender)
    offences = _offences(law, offence)
    model = _model(day, law)
    for o in _steps(offences, "reading each state's law"):
        model.bars(o)
        model.criminalised(o)
    report = gaps_report(model, offences, measure, offender, matrices=matrices)
    if as_json:
        print_json(report)
    elif as_csv:
        _write_csv(report)
    else:
        _show(report, top)


_COMPONENTS = (
    ("evidence", ("no", "unknown", "yes", "decided")),
    ("extradition", ("no", "unknown", "yes", "refusable", "decided")),
    ("haven", ("no", "unknown", "yes", "decided")),
)


def _write_csv(report: dict[str, Any]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        [
            "as_of",
            "measure",
            "offender",
            "offence",
            "state",
            "name",
            "statutes_known",
            "criminalised",
            *(f"{part}_{share}" for part, shares in _COMPONENTS for share in shares),
        ]
    )
    for summary in report["offences"]:
        for row in summary["states"]:
            writer.writerow(
                [
                    report["as_of"],
                    report["measure"],
                    report["offender"],
                    summary["offence"],
                    row["state"],
                    row["name"],
                    str(row["statutes_known"]).lower(),
                    row["criminalised"],
                    *(row[part][share] for part, shares in _COMPONENTS for share in shares),
                ]
            )


def _show(report: dict[str, Any], top: int) -> None:
    offender = _OFFENDER_WORDS[OffenderKind(report["offender"])]
    for summary in report["offences"]:
        table = Table(
            Column("state", no_wrap=True, overflow="ellipsis", max_width=16),
            Column("haven", no_wrap=True),
            Column("unknown", no_wrap=True),
            Column("not", no_wrap=True),
            Column("decided", no_wrap=True),
            Column("no route", no_wrap=True),
            Column("barred", no_wrap=True),
            Column("crime", no_wrap=True, min_width=7),
            box=box.SIMPLE_HEAD,
            title=f"Safe havens for {summary['offence']} on {report['as_of']}: evidence by "
            f"{report['measure']}, extradition of {offender}",
            caption="Shares of the other counted states: haven, unknown, not a haven; "
            "no evidence route; extradition barred. Crime: the offence is a crime there.",
        )
        for row in summary["states"][:top]:
            haven = row["haven"]
            table.add_row(
                f"{row['state']} {row['name']}",
                _percent(haven["yes"]),
                _percent(haven["unknown"]),
                _percent(haven["no"]),
                _percent(haven["decided"]),
                _percent(row["evidence"]["no"]),
                _percent(row["extradition"]["no"]),
                row["criminalised"],
            )
        console.print(table)
        decided = summary["decided_share"]
        console.print(
            "Decided share (cells not unknown): "
            + ", ".join(f"{part} {_percent(share)}" for part, share in decided.items())
        )
    console.print(f"Counted: {report['counted']['description']}", highlight=False)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problems(lines: list[str]) -> None:
    for line in lines:
        err_console.print(f"[bold red]error:[/] {line}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def read_changes(path: Path, law: LawDataset) -> ChangeSet:
    """The what-if file, or exit 2 naming every bad value with its place in the file."""
    try:
        changes = ChangeSet.from_yaml(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError):
        fail(f"{path}: no such what-if file")
    except yaml.YAMLError as error:
        fail(f"{path}: not valid YAML: {' '.join(str(error).split())}")
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            where = ".".join(str(p) for p in problem["loc"]) or "(file)"
            message = problem["msg"]
            if problem["type"] == "extra_forbidden":
                message = "unknown field: a change is one of ratify, enact, extradite_nationals"
            elif problem["type"] != "missing" and "input" in problem:
                message += f" (got {_short(problem['input'])})"
            lines.append(f"{path}: {where}: {message}")
        _problems(lines)
    except ValueError as error:
        fail(f"{path}: {error}")
    try:
        changes.check_against(law)
    except LawQueryError as error:
        fail(f"{path}: {error}")
    return changes


@app.command("what-if")
def what_if_command(
    changes_file: Annotated[
        Path, typer.Argument(help="The hypothetical changes (YAML; docs/gaps.md).")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The date of the analysis (default: the latest change's date, or today if later).",
        ),
    ] = None,
    offence: OffenceOption = None,
    measure: MeasureOption = Measure.PRESERVATION.value,
    offender: OffenderOption = OffenderKind.NATIONAL_OF_REQUESTED.value,
    top: Annotated[int, typer.Option("--top", min=1, help="How many closing havens to show.")] = 10,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """What the hypothetical changes would change: routes gained, havens closing, indexes moved."""
    _format(as_json, as_csv)
    law = default_dataset()
    changes = read_changes(changes_file, law)
    latest = max(c.on for c in changes.changes)
    day = parse_date(as_of, "--as-of") if as_of else max(date.today(), latest)
    _check_measure_and_offender(measure, offender)
    offences = _offences(law, offence)
    model = _model(day, law)
    for o in _steps(offences, "reading each state's law"):
        for kind in OffenderKind:
            model.extradition(o, kind)
        model.criminalised(o)
    result = what_if(model, changes, offences=offences, measure=measure, offender=offender)
    report = what_if_report(result, model)
    if as_json:
        print_json(report)
    elif as_csv:
        _write_what_if_csv(result)
    else:
        _show_what_if(result, report, top)


def _write_what_if_csv(result: WhatIf) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        [
            "as_of",
            "hypothetical",
            "offence",
            "state",
            "component",
            "share",
            "before",
            "after",
            "delta",
        ]
    )
    for change in result.states:
        for part, shares in change.before.items():
            for share, before in shares.items():
                writer.writerow(
                    [
                        result.day.isoformat(),
                        "true",
                        change.offence,
                        change.state,
                        part,
                        share,
                        before,
                        change.after[part][share],
                        change.delta[part][share],
                    ]
                )


def _show_what_if(result: WhatIf, report: dict[str, Any], top: int) -> None:
    console.print(
        f"[bold]{result.title or 'What if'}[/]: hypothetical changes, analysed on {result.day} "
        "(the dataset files are not changed)",
        highlight=False,
    )
    for text, _, in_effect in result.changes:
        console.print(
            f"  - {text}"
            + ("" if in_effect else f" [yellow](not yet in effect on {result.day})[/]"),
            highlight=False,
        )
    table = Table(
        "measure",
        "pairs gain a route",
        "pairs lose one",
        "decided share",
        title="Routes other than comity",
    )
    for measure, change in result.routes.items():
        if change.gained or change.lost:
            table.add_row(
                measure.value,
                str(len(change.gained)),
                str(len(change.lost)),
                f"{_percent(change.decided_before)} → {_percent(change.decided_after)}",
            )
    console.print(table if table.row_count else "No measure gains or loses a route.")
    table = Table(
        "offence", "offender", "pairs gain extradition", "pairs lose it", title="Extradition"
    )
    for (offence, kind), change in result.extradition.items():
        if change.gained or change.lost:
            table.add_row(offence, kind.value, str(len(change.gained)), str(len(change.lost)))
    console.print(table if table.row_count else "No pair gains or loses extradition.")
    if result.criminalised:
        table = Table("offence", "state", "before", "after", title="Criminality")
        for row in report["criminalised"]:
            table.add_row(row["offence"], row["state"], row["before"], row["after"])
        console.print(table)
    closing = result.havens_closing
    if closing:
        table = Table(
            "offence",
            "state",
            "haven yes",
            "unknown",
            "no",
            title=f"Havens closing (evidence by {result.measure.value}, extradition of "
            f"{_OFFENDER_WORDS[result.offender]})",
        )
        for moved in closing[:top]:
            before, after = moved.before["haven"], moved.after["haven"]
            table.add_row(
                moved.offence,
                moved.state,
                f"{_percent(before['yes'])} → {_percent(after['yes'])}",
                f"{_percent(before['unknown'])} → {_percent(after['unknown'])}",
                f"{_percent(before['no'])} → {_percent(after['no'])}",
            )
        console.print(table)
        if len(closing) > top:
            console.print(f"... and {len(closing) - top} more (--top, --json).")
    else:
        console.print("No haven closes.")
    console.print(
        f"{len(result.states)} (state, offence) indexes moved; --json lists every one.",
        highlight=False,
    )


def _dates(value: str | None, day: date) -> list[date]:
    if value is None:
        return [date(year, 1, 1) for year in range(2001, day.year + 1)]
    found = [parse_date(part.strip(), "--dates") for part in value.split(",") if part.strip()]
    if not found:
        fail("--dates is empty: give dates as YYYY-MM-DD,YYYY-MM-DD")
    return sorted(found)


@app.command("growth")
def growth_command(
    measure: MeasureOption = Measure.PRESERVATION.value,
    instrument: Annotated[
        str | None,
        typer.Option(
            "--instrument", help="Count the routes of one instrument only, e.g. budapest."
        ),
    ] = None,
    dates: Annotated[
        str | None,
        typer.Option(
            "--dates",
            help="Comma-separated dates, YYYY-MM-DD (default: 1 January of every year from 2001).",
        ),
    ] = None,
    as_of: AsOf = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """How many pairs of states had a route for the measure on each date."""
    _format(as_json, as_csv)
    law = default_dataset()
    _choose(measure, [m.value for m in Measure], "measure")
    if instrument is not None:
        _choose(instrument, sorted(law.instruments), "instrument")
    day = parse_date(as_of, "--as-of") if as_of else date.today()
    try:
        points = growth(measure, _dates(dates, day), instrument=instrument, law=law)
    except LawQueryError as error:
        fail(str(error))
    report = growth_report(points, measure, instrument, counted_jurisdictions(law))
    if as_json:
        print_json(report)
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["day", "measure", "instrument", "yes", "unknown", "no", "decided_share"])
        for p in report["points"]:
            writer.writerow(
                [
                    p["day"],
                    measure,
                    instrument or "",
                    p["yes"],
                    p["unknown"],
                    p["no"],
                    p["decided_share"],
                ]
            )
        return
    table = Table(
        "date",
        "pairs with a route",
        "unknown",
        "without",
        "decided",
        title=f"Ordered pairs with a route for {measure}"
        + (f" under {instrument}" if instrument else " other than comity"),
    )
    for p in report["points"]:
        table.add_row(
            p["day"], str(p["yes"]), str(p["unknown"]), str(p["no"]), _percent(p["decided_share"])
        )
    console.print(table)
    console.print(f"Counted: {report['counted']['description']}", highlight=False)
