"""The ``lexbridge`` command: the same capabilities as the library, from a terminal."""

from __future__ import annotations

import typer

from lexbridge.cli import check, demo, law
from lexbridge.cli.analyze import analyze_command
from lexbridge.cli.casework import audit_app, authorities_app, db_app, serve, users_app
from lexbridge.cli.evidence import app as evidence_app
from lexbridge.cli.gaps import app as gaps_app
from lexbridge.cli.routes import routes_command
from lexbridge.cli.trace import trace_command

app = typer.Typer(
    name="lexbridge",
    help="LexBridge: prosecuting cybercrime across borders, with reasons a court can check.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(law.app, name="law")
app.command(name="check")(check.check)
app.command(name="demo")(demo.demo)
app.command(name="trace")(trace_command)
app.command(name="analyze")(analyze_command)
app.command(name="routes")(routes_command)
app.add_typer(db_app, name="db")
app.add_typer(authorities_app, name="authorities")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.command(name="serve")(serve)
app.add_typer(evidence_app, name="evidence")
app.add_typer(gaps_app, name="gaps")


def main() -> None:
    app()
