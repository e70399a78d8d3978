"""``lexbridge db``, ``authorities``, ``users``, ``audit`` and ``serve``: the casework from a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy import Engine

from lexbridge.casework import audit, service
from lexbridge.casework.config import database_url, instance_dir
from lexbridge.casework.db import make_engine, session_factory, transaction, upgrade
from lexbridge.casework.errors import CaseworkError
from lexbridge.casework.models import Role
from lexbridge.casework.seed import seed_demo
from lexbridge.cli._output import console, fail
from lexbridge.evidence import keys
from lexbridge.law import default_dataset

db_app = typer.Typer(help="The casework database.", no_args_is_help=True)
authorities_app = typer.Typer(help="Units (authorities) of the casework.", no_args_is_help=True)
users_app = typer.Typer(help="Users of the casework.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)


@contextmanager
def _engine() -> Iterator[Engine]:
    """The configured database, its connections closed when the command ends."""
    engine = make_engine()
    try:
        yield engine
    finally:
        engine.dispose()


def _safe_url() -> str:
    url = database_url()
    scheme, _, rest = url.partition("://")
    return f"{scheme}://…@{rest.split('@', 1)[1]}" if "@" in rest else url


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema to the newest version (SQLite in ./instance, or DATABASE_URL)."""
    with _engine() as engine:
        upgrade(engine)
    console.print(f"database at the newest version: {_safe_url()}")


@db_app.command("seed-demo")
def db_seed_demo() -> None:
    """The demo units, users, case and pending request (idempotent)."""
    with _engine() as engine:
        upgrade(engine)
        seed = seed_demo(engine, default_dataset(), instance_dir())
    state = "created" if seed.created else "already there"
    console.print(
        f"demo {state}: case {seed.case_id}, request {seed.request_id}; passwords in {seed.credentials}"
    )


@authorities_app.command("add")
def authorities_add(
    code: Annotated[str, typer.Argument(help="A short unique code, e.g. de-bka-cyber.")],
    name: Annotated[str, typer.Option(help="The unit's name.")],
    state: Annotated[str, typer.Option(help="Its state (ISO code).")],
) -> None:
    """Add a unit."""
    try:
        with _engine() as engine, transaction(session_factory(engine)) as session:
            service.add_authority(session, code, name, state.upper(), default_dataset())
            key = keys.create_key(session, code, instance_dir())
    except CaseworkError as error:
        fail(error.message)
    console.print(
        f"authority {code} added; its signing key {key.key_id} is in {instance_dir() / 'keys'}"
    )


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument()],
    authority: Annotated[str, typer.Option(help="The code of the user's unit.")],
    role: Annotated[str, typer.Option(help=", ".join(r.value for r in Role))],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user; the password is asked for (never given on the command line)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        with _engine() as engine, transaction(session_factory(engine)) as session:
            service.add_user(session, username, password, role, authority)
    except CaseworkError as error:
        fail(error.message)
    console.print(f"user {username} added ({role}, {authority})")


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the audit chain; exit 1 naming the first entry edited, deleted or reordered."""
    with _engine() as engine, session_factory(engine)() as session:
        verdict = audit.verify(session)
    if verdict.ok:
        console.print(f"audit log intact: {verdict.entries} entries")
        return
    console.print(f"[red]audit log broken[/]: {verdict.problem}")
    raise typer.Exit(1)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the web workspace and the casework API (its OpenAPI at /api/docs)."""
    import uvicorn

    from lexbridge.web.app import create_web_app

    engine = make_engine()
    upgrade(engine)
    uvicorn.run(create_web_app(engine), host=host, port=port, log_level="info")
