"""Every casework test runs on SQLite and on PostgreSQL, each in a fresh schema.

PostgreSQL comes from ``LEXBRIDGE_TEST_POSTGRES`` (``.ci/run`` starts a server and sets it). Under
``CI=true`` a missing server fails the tests; elsewhere they are skipped with that reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text

from lexbridge.casework import audit
from lexbridge.casework.api import create_app
from lexbridge.casework.db import make_engine, session_factory, transaction, upgrade
from lexbridge.casework.models import Authority, LoginSession, Role, User
from lexbridge.casework.seed import seed_demo
from lexbridge.casework.service import _token_hash
from lexbridge.evidence.ledger import Ledger
from lexbridge.law import default_dataset

PASSWORD = "correct horse battery staple"
_HASH = PasswordHasher().hash(PASSWORD)


def postgres_url() -> str | None:
    return os.environ.get("LEXBRIDGE_TEST_POSTGRES")


def require_postgres() -> str:
    url = postgres_url()
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("PostgreSQL is required under CI=true: LEXBRIDGE_TEST_POSTGRES is not set")
    pytest.skip("PostgreSQL not configured: set LEXBRIDGE_TEST_POSTGRES (as .ci/run does)")


def engine_url(engine: Engine) -> str:
    """A DATABASE_URL that reaches the same database (and, on PostgreSQL, the test's own schema)."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            schema = connection.execute(text("SHOW search_path")).scalar_one()
        url += f"?options=-csearch_path%3D{schema}"
    return url


def _fresh_postgres(url: str) -> tuple[Engine, str]:
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    return create_engine(url, connect_args={"options": f"-csearch_path={schema}"}), schema


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        created = make_engine(f"sqlite:///{tmp_path / 'casework.sqlite3'}")
        upgrade(created)
        yield created
        created.dispose()
        return
    url = require_postgres()
    created, schema = _fresh_postgres(url)
    upgrade(created)
    yield created
    created.dispose()
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@dataclass
class Unit:
    """Two units (DE and FR) with one user per role in DE, and their session tokens."""

    engine: Engine
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, who: str, path: str, **kwargs: object):
        return self.client.get(path, headers=self.headers(who), **kwargs)

    def post(self, who: str, path: str, json: object = None):
        return self.client.post(path, headers=self.headers(who), json=json)

    def put(self, who: str, path: str, json: object = None):
        return self.client.put(path, headers=self.headers(who), json=json)

    def verify(self) -> audit.Verdict:
        with session_factory(self.engine)() as session:
            return audit.verify(session)


def add_users(
    engine: Engine, specs: list[tuple[str, str, str, str]]
) -> tuple[dict[str, str], dict[str, int]]:
    """Users (name, role, unit code, unit state) with a session each; hashing is done once."""
    tokens: dict[str, str] = {}
    ids: dict[str, int] = {}
    with transaction(session_factory(engine)) as session:
        units: dict[str, Authority] = {}
        for name, role, code, state in specs:
            if code not in units:
                units[code] = Authority(code=code, name=f"Unit {code}", state=state)
                session.add(units[code])
                session.flush()
            user = User(username=name, password_hash=_HASH, role=role, authority_id=units[code].id)
            session.add(user)
            session.flush()
            token = f"token-{name}-{uuid.uuid4().hex}"
            session.add(
                LoginSession(
                    token_hash=_token_hash(token),
                    user_id=user.id,
                    expires_at=datetime.now(UTC) + timedelta(hours=1),
                )
            )
            tokens[name], ids[name] = token, user.id
    return tokens, ids


ROLES_DE = [(r.value, r.value, "de-unit", "DE") for r in Role]
SPECS = [
    *ROLES_DE,
    ("prosecutor2", Role.PROSECUTOR.value, "de-unit", "DE"),
    ("outsider", Role.INVESTIGATOR.value, "fr-unit", "FR"),
]


@pytest.fixture
def unit(engine: Engine) -> Iterator[Unit]:
    tokens, ids = add_users(engine, SPECS)
    with TestClient(create_app(engine, default_dataset())) as client:
        yield Unit(engine, client, tokens, ids)


RANSOMWARE = {
    "title": "Ransomware against a German company",
    "conduct_date": "2026-10-01",
    "forum": "DE",
    "conduct": [{"offence": "system_interference"}],
    "offenders": [{"id": "x", "nationality": ["RU"], "located_in": "GR"}],
    "victims": [{"harm_in": "DE", "kind": "company"}],
    "data_needed": [{"measure": "preservation", "held_in": "NL"}],
}

POINTS = {
    "legitimate_aim": "Prosecution of computer sabotage.",
    "offence_and_penalty": "StGB § 303b(2): up to five years.",
    "necessity": "The logs are the only trace of the intrusion.",
    "data_category": "Preservation only.",
    "scope": "Two servers, 1 to 15 October 2026.",
    "less_intrusive_alternatives": "None.",
    "third_parties_and_privilege": "Other customers are not covered.",
}


def new_case(
    unit: Unit,
    who: str = "investigator",
    members: tuple[str, ...] = ("prosecutor", "prosecutor2", "foreign_liaison", "judge"),
) -> int:
    response = unit.post(who, "/api/cases", {"title": "Ransomware", "facts": RANSOMWARE})
    assert response.status_code == 201, response.text
    case_id = response.json()["id"]
    for member in members:
        assert (
            unit.post(who, f"/api/cases/{case_id}/members", {"username": member}).status_code == 201
        )
    return case_id


def draft(unit: Unit, case_id: int, who: str = "investigator", **route: object) -> int:
    body = {
        "measure": "preservation",
        "instrument": "budapest",
        "article": "Art. 29",
        "requested_state": "NL",
    }
    body.update(route)  # type: ignore[arg-type]
    response = unit.post(who, f"/api/cases/{case_id}/requests", body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def submitted(unit: Unit, case_id: int, **route: object) -> int:
    request_id = draft(unit, case_id, **route)
    body = {"points": POINTS, "offence": "system_interference", "max_penalty_months": 60}
    assert (
        unit.put("investigator", f"/api/requests/{request_id}/proportionality", body).status_code
        == 200
    )
    moved = unit.post(
        "investigator", f"/api/requests/{request_id}/transitions", {"to": "awaiting_approval"}
    )
    assert moved.status_code == 200, moved.text
    return request_id


@contextmanager
def opened(engine: Engine, folder: Path) -> Iterator[Ledger]:
    """The custody ledger of the instance at ``folder``, in one transaction."""
    with transaction(session_factory(engine)) as session:
        yield Ledger(session, folder)


@pytest.fixture
def demo(engine: Engine, tmp_path: Path) -> tuple[Engine, Path]:
    """The demo seed: case 1 with EX-0001 (collected, sealed, examined) and the units' keys."""
    folder = tmp_path / "instance"
    seed_demo(engine, default_dataset(), folder)
    return engine, folder


def as_attacker(engine: Engine, table: str, work: Callable[[Connection], None]) -> None:
    """Someone with direct database access who first switches off ``table``'s append-only triggers."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        else:
            connection.execute(text(f"DROP TRIGGER {table}_no_update"))
            connection.execute(text(f"DROP TRIGGER {table}_no_delete"))
        work(connection)
