"""The casework commands: schema upgrade, users, the demo seed, the audit check."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from lexbridge.casework.db import session_factory
from lexbridge.casework.models import CooperationRequest, User
from lexbridge.cli import app
from tests.casework.conftest import engine_url

runner = CliRunner()


def _env(engine: Engine, instance: Path) -> dict[str, str]:
    return {"DATABASE_URL": engine_url(engine), "LEXBRIDGE_INSTANCE": str(instance)}


def test_upgrade_seed_users_and_audit_from_the_command_line(engine: Engine, tmp_path: Path) -> None:
    env = _env(engine, tmp_path)
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    first = runner.invoke(app, ["db", "seed-demo"], env=env)
    assert first.exit_code == 0, first.output
    assert "demo created" in first.output
    again = runner.invoke(app, ["db", "seed-demo"], env=env)
    assert "already there" in again.output
    credentials = tmp_path / "demo-credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    with session_factory(engine)() as session:
        [request] = session.execute(select(CooperationRequest)).scalars().all()
        assert (request.status, request.instrument, request.requested_state) == (
            "awaiting_approval",
            "budapest",
            "NL",
        )
    added = runner.invoke(
        app,
        [
            "users",
            "add",
            "analyst1",
            "--authority",
            "demo-de-cyber",
            "--role",
            "analyst",
            "--password-stdin",
        ],
        input="a sufficiently long passphrase\n",
        env=env,
    )
    assert added.exit_code == 0, added.output
    short = runner.invoke(
        app,
        [
            "users",
            "add",
            "analyst2",
            "--authority",
            "demo-de-cyber",
            "--role",
            "analyst",
            "--password-stdin",
        ],
        input="short\n",
        env=env,
    )
    assert short.exit_code == 2
    assert "at least 12 characters" in short.output
    bad_role = runner.invoke(
        app,
        [
            "users",
            "add",
            "x1",
            "--authority",
            "demo-de-cyber",
            "--role",
            "sheriff",
            "--password-stdin",
        ],
        input="a sufficiently long passphrase\n",
        env=env,
    )
    assert bad_role.exit_code == 2
    assert "unknown role 'sheriff'" in bad_role.output
    with session_factory(engine)() as session:
        names = set(session.execute(select(User.username)).scalars())
    assert "analyst1" in names
    assert "analyst2" not in names
    verified = runner.invoke(app, ["audit", "verify"], env=env)
    assert verified.exit_code == 0
    assert "audit log intact" in verified.output
