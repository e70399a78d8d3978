"""``lexbridge analyze``: who can prosecute, is it a crime there, can the suspect be brought to trial."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError
from rich.table import Table

from lexbridge.cli._output import console, parse_date, print_json
from lexbridge.cli.routes import deadline_words
from lexbridge.engine.analysis import Analysis, analyze
from lexbridge.engine.case import Case
from lexbridge.engine.reasons import LawQueryError


def _problems(message_lines: list[str]) -> None:
    """Every problem on its own line, on stderr, then exit 2 (nothing on stdout)."""
    for line in message_lines:
        sys.stderr.write(f"{line}\n")
    raise typer.Exit(2)


class _CaseLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so pydantic names a bad one by its field."""


_CaseLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_case(path: Path) -> Case:
    """The case in ``path`` (YAML or JSON), or exit 2 listing every problem with its field path."""
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)
    except FileNotFoundError:
        _problems([f"{path}: no such case file"])
    except yaml.YAMLError as error:
        _problems([f"{path}: not valid YAML or JSON: {error}"])
    if not isinstance(data, dict):
        _problems([f"{path}: a case file is a mapping of fields (title, conduct, offenders, ...)"])
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            where = ".".join(str(p) for p in problem["loc"]) or "(case)"
            lines.append(f"{path}: {where}: {problem['msg']}")
        _problems(lines)
    raise AssertionError("unreachable")


def _show(result: Analysis) -> None:
    console.print(
        f"[bold]{result.title}[/]  conduct {result.conduct_start} to {result.conduct_end}; decision {result.decision_date}"
    )
    table = Table(
        "state", "can prosecute", "bases (met / unknown)", "crime there", title="Jurisdiction"
    )
    crimes = {c.state: c.status.value for c in result.criminality}
    for j in result.jurisdictions:
        bases = (
            ", ".join(
                f"{b.basis} ({b.provision}): {b.status.value}"
                for b in j.bases
                if b.status.value != "no"
            )
            or "none in the dataset"
        )
        table.add_row(j.state, j.status.value, bases, crimes.get(j.state, "unknown"))
    console.print(table)
    if result.extradition:
        table = Table("offender", "from", "to", "status", "bars", "conditions", title="Extradition")
        for e in result.extradition:
            bars = (
                "; ".join(
                    f"{b.kind} ({'mandatory' if b.mandatory else 'discretionary'}): {b.applies.value}"
                    for b in e.bars
                )
                or "none found"
            )
            table.add_row(
                e.offender,
                e.requested_state or "unknown",
                e.requesting_state,
                e.status.value,
                bars,
                "; ".join(e.conditions),
            )
        console.print(table)
    for competing in result.competing_requests:
        listed = ", ".join(
            f"{r.requesting} (committed there: {r.committed_there.value})"
            for r in competing.requests
        )
        console.print(f"Competing requests for {competing.offender}: {listed}")
    for route in result.routes:
        table = Table(
            "instrument",
            "available",
            "channel",
            "deadline",
            "authorisation",
            title=f"Routes for {route.measure.replace('_', ' ')} from {result.forum} to {route.requested}",
        )
        for o in route.options:
            auth = o.authorisation
            table.add_row(
                f"{o.title} {o.article}" + (" (emergency)" if o.emergency else ""),
                o.available.value,
                (o.channel or "-").replace("_", " "),
                deadline_words(o.deadline),
                auth.level.value.replace("_", " ") if auth and auth.level else "not recorded",
            )
        console.print(table if route.options else f"{table.title}: no route")
        if route.retention is not None:
            console.print(
                f"  Still held: {route.retention.held.value}. {route.retention.reasons[-1].text}"
            )
    if result.missing_facts:
        console.print("[bold]What the missing facts would decide[/]")
        for line in result.missing_facts:
            console.print(f"  - {line}")


def analyze_command(
    case_file: Annotated[
        Path, typer.Argument(help="The case description (YAML or JSON; docs/analysis.md).")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(help="Today's date for defaults (decision and request date), YYYY-MM-DD."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (docs/analysis.schema.json).")
    ] = False,
) -> None:
    """Jurisdictions, criminality in each linked state, extradition options and routes, with reasons."""
    case = read_case(case_file)
    today = parse_date(as_of, "--as-of") if as_of else date.today()
    try:
        result = analyze(case, today=today)
    except LawQueryError as error:
        _problems([f"{case_file}: {line}" for line in str(error).split("; ")])
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    _show(result)
