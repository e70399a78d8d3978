"""Rich rendering of engine answers for people; ``--json`` prints the same answers as data."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lexbridge.cli._output import console
from lexbridge.engine import Criminality, DualCriminality, Reason, Status

STYLE = {Status.YES: "bold green", Status.NO: "bold red", Status.UNKNOWN: "bold yellow"}


def status_text(status: Status) -> Text:
    return Text(status.value.upper(), style=STYLE[status])


def _reasons(reasons: tuple[Reason, ...]) -> Table:
    table = Table.grid(padding=(0, 1))
    for reason in reasons:
        table.add_row("•", reason.text)
        if reason.source:
            table.add_row("", Text(reason.source.cite(), style="dim"))
    return table


def criminality_panel(result: Criminality, title: str | None = None) -> Panel:
    parts: list[Table | Text] = []
    if result.statutes:
        table = Table("statute", "offences", "status", "max penalty", "in force", box=None)
        for a in result.statutes:
            period = f"{a.since or '?'} → {a.until or 'today'}"
            table.add_row(
                a.citation, ", ".join(a.offences), status_text(a.status), a.penalty or "?", period
            )
        parts.append(table)
    parts.append(_reasons(result.reasons))
    if result.assumed:
        parts.append(Text("Assumed: " + "; ".join(result.assumed), style="italic"))
    for deciding in result.deciding_facts:
        parts.append(Text(f"Would decide: {deciding.text}", style="yellow"))
    head = Text.assemble(
        (title or f"{result.state} on {result.as_of}"), ": ", status_text(result.status)
    )
    return Panel(Group(*parts), title=head, title_align="left")


def show_criminality(result: Criminality) -> None:
    console.print(criminality_panel(result))


def show_dual_criminality(result: DualCriminality) -> None:
    console.print(
        Text.assemble(
            f"Dual criminality, {result.instrument} {result.article}, {result.measure.value}: ",
            status_text(result.status),
        )
    )
    console.print(_reasons(result.reasons))
    for side in (result.requesting, result.requested):
        title = (
            f"{side.role} {side.state}"
            + (f", law of {side.law_date}" if side.law_date else "")
            + (f", at least {side.threshold_months} months" if side.threshold_months else "")
        )
        console.print(criminality_panel(side.criminality, title=f"{title} → {side.status.value}"))
        if side.reasons:
            console.print(_reasons(side.reasons))
