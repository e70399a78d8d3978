"""``lexbridge law``: validate the dataset and report its coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lexbridge.cli._output import console, err_console, print_json
from lexbridge.engine.decisiveness import decisiveness
from lexbridge.law import DATA_DIR, LawDataset, read_dataset
from lexbridge.law.stats import coverage

app = typer.Typer(help="The law dataset: validate it, see what it covers.", no_args_is_help=True)

DataDir = Annotated[
    Path, typer.Option("--data-dir", help="Dataset folder (default: the bundled dataset).")
]


def _load_or_exit(data_dir: Path) -> LawDataset:
    """The dataset, or exit 1 after printing why it could not be read."""
    dataset, problems = read_dataset(data_dir)
    if dataset is None:
        for problem in problems:
            err_console.print(str(problem), highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    return dataset


@app.command()
def validate(data_dir: DataDir = DATA_DIR) -> None:
    """Check every file of the dataset; exit 1 naming each bad file and field."""
    dataset, problems = read_dataset(data_dir)
    if problems:
        for problem in sorted(problems):
            err_console.print(str(problem), highlight=False, soft_wrap=True)
        err_console.print(f"[bold red]{len(problems)} problem(s)[/] in {data_dir}")
        raise typer.Exit(1)
    assert dataset is not None
    console.print(
        f"[green]ok[/]: dataset {dataset.version}: {len(dataset.states)} state files, "
        f"{len(dataset.instruments)} instruments, {len(dataset.offences)} offences, "
        f"{len(dataset.elements)} element facts"
    )


@app.command()
def stats(
    data_dir: DataDir = DATA_DIR,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Coverage: states with statutes, facts, sources, and per instrument the party count."""
    dataset = _load_or_exit(data_dir)
    figures = coverage(dataset, date.today())
    figures["decisiveness_today"] = decisiveness(dataset, date.today())
    if as_json:
        print_json(figures)
        return
    console.print(f"Dataset {figures['dataset_version']}")
    console.print(
        f"{len(figures['states_with_statutes'])} states with statutes "
        f"({', '.join(figures['states_with_statutes'])}); {figures['statutes']} statute versions, "
        f"{figures['findings']} findings; {figures['facts']} facts from {figures['sources']} sources"
    )
    console.print(
        f"{figures['jurisdictions']} jurisdictions, {figures['offences']} harmonised offences, "
        f"{figures['element_facts']} element facts"
    )
    fields = Table(
        "kind of fact", "states", title=f"National facts ({figures['state_files']} state files)"
    )
    for name, codes in figures["states_per_field"].items():
        fields.add_row(name.replace("_", " "), str(len(codes)))
    console.print(fields)
    console.print(
        f"Official or treaty-office sources: {figures['official_share']:.0%} of national facts. "
        "Answered yes or no today (core elements established): "
        + ", ".join(f"{o} {v:.0%}" for o, v in figures["decisiveness_today"].items())
    )
    per_offence = Table("offence", "states covered", title="Statutes per offence")
    for offence, count in figures["states_per_offence"].items():
        per_offence.add_row(offence, str(count))
    console.print(per_offence)
    table = Table(
        "instrument",
        "in force",
        "parties listed",
        "in force today",
        "date unknown",
        "measures",
        title="Instruments",
    )
    for ident, row in figures["instruments"].items():
        table.add_row(
            f"{row['title']} ({ident})",
            row["in_force"] or "not in force",
            str(row["parties_listed"]),
            str(row["parties_in_force_today"]),
            str(row["parties_without_known_date"]),
            str(row["measures"]),
        )
    console.print(table)


@app.command()
def offences(
    data_dir: DataDir = DATA_DIR,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """The harmonised offences, their core and optional elements, and every element fact."""
    dataset = _load_or_exit(data_dir)
    if as_json:
        print_json(
            {
                "offences": [o.model_dump(mode="json") for o in dataset.offences.values()],
                "elements": [e.model_dump(mode="json") for e in dataset.elements.values()],
            }
        )
        return
    table = Table(
        "offence",
        "core elements (all required)",
        "optional qualifiers",
        "articles",
        title="Harmonised offences",
    )
    for offence in dataset.offences.values():
        core = [
            r if isinstance(r, str) else f"one of ({', '.join(r.any_of)})" for r in offence.core
        ]
        table.add_row(
            f"{offence.id}\n{offence.code} {offence.title}",
            "\n".join(core),
            "\n".join(offence.optional),
            "\n".join(offence.articles),
        )
    console.print(table)
    facts = Table("element fact", "kind", "meaning", title="Element facts (--fact / --no-fact)")
    for element in dataset.elements.values():
        facts.add_row(element.name, element.kind.value, element.text)
    console.print(facts)
