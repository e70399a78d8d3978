"""The audit log: every read and write is recorded; the database refuses edits; verification names
the first entry that was edited, deleted, inserted or reordered (both databases)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from lexbridge.casework.db import session_factory
from lexbridge.casework.models import AuditEntry
from tests.casework.conftest import Unit, as_attacker, draft, engine_url, new_case


def _entries(unit: Unit) -> list[AuditEntry]:
    with session_factory(unit.engine)() as session:
        return list(session.query(AuditEntry).order_by(AuditEntry.id))


@pytest.fixture
def busy(unit: Unit) -> Unit:
    case_id = new_case(unit)
    request_id = draft(unit, case_id)
    unit.get("prosecutor", f"/api/cases/{case_id}")
    unit.get("prosecutor", f"/api/requests/{request_id}")
    return unit


def test_reads_and_writes_of_case_data_are_recorded_with_who_and_where(busy: Unit) -> None:
    entries = _entries(busy)
    reads = [e for e in entries if e.action == "read" and e.object_type in ("case", "request")]
    assert {e.object_type for e in reads} == {"case", "request"}
    prosecutor = busy.ids["prosecutor"]
    assert all(e.user_id == prosecutor and e.remote_addr == "testclient" for e in reads)
    assert any(e.action == "create" and e.object_type == "request" for e in entries)
    assert busy.verify().ok


def test_the_database_refuses_to_edit_or_delete_an_entry(busy: Unit) -> None:
    for statement in (
        "UPDATE audit_log SET action = 'nothing' WHERE id = 2",
        "DELETE FROM audit_log WHERE id = 2",
    ):
        with pytest.raises(DBAPIError, match="append-only"), busy.engine.begin() as connection:
            connection.execute(text(statement))
    assert busy.verify().ok


def test_an_edited_entry_is_named(busy: Unit) -> None:
    as_attacker(
        busy.engine,
        "audit_log",
        lambda c: c.execute(text("UPDATE audit_log SET user_id = 999 WHERE id = 3")),
    )
    verdict = busy.verify()
    assert (verdict.ok, verdict.entry_id) == (False, 3)
    assert "entry 3 was edited" in (verdict.problem or "")


def test_a_deleted_entry_is_named(busy: Unit) -> None:
    as_attacker(
        busy.engine, "audit_log", lambda c: c.execute(text("DELETE FROM audit_log WHERE id = 4"))
    )
    verdict = busy.verify()
    assert (verdict.ok, verdict.entry_id) == (False, 4)
    assert "entry 4 is missing (deleted)" in (verdict.problem or "")


def test_reordered_entries_are_caught(busy: Unit) -> None:
    def swap(connection: Connection) -> None:
        connection.execute(text("UPDATE audit_log SET id = -1 WHERE id = 5"))
        connection.execute(text("UPDATE audit_log SET id = 5 WHERE id = 6"))
        connection.execute(text("UPDATE audit_log SET id = 6 WHERE id = -1"))

    as_attacker(busy.engine, "audit_log", swap)
    verdict = busy.verify()
    assert (verdict.ok, verdict.entry_id) == (False, 5)
    assert "does not follow entry 4" in (verdict.problem or "")


def test_an_inserted_entry_is_caught(busy: Unit) -> None:
    last = _entries(busy)[-1]

    def insert(connection: Connection) -> None:
        connection.execute(
            text(
                "INSERT INTO audit_log (id, at, action, object_type, detail, prev_hash, hash)"
                " VALUES (:id, :at, 'read', 'case', '{}', :prev, :hash)"
            ),
            {"id": last.id + 1, "at": last.at, "prev": last.hash, "hash": "f" * 64},
        )

    as_attacker(busy.engine, "audit_log", insert)
    verdict = busy.verify()
    assert (verdict.ok, verdict.entry_id) == (False, last.id + 1)


def test_a_cut_off_tail_is_caught_against_the_head(busy: Unit) -> None:
    last = _entries(busy)[-1].id
    as_attacker(
        busy.engine,
        "audit_log",
        lambda c: c.execute(text(f"DELETE FROM audit_log WHERE id > {last - 2}")),
    )
    verdict = busy.verify()
    assert not verdict.ok
    assert f"head records entry {last}" in (verdict.problem or "")


def test_the_command_line_names_the_broken_entry(busy: Unit) -> None:
    as_attacker(
        busy.engine,
        "audit_log",
        lambda c: c.execute(text("UPDATE audit_log SET detail = '{}' WHERE id = 2")),
    )
    env = {**os.environ, "DATABASE_URL": engine_url(busy.engine)}
    result = subprocess.run(
        [sys.executable, "-m", "lexbridge.cli", "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "entry 2 was edited" in result.stdout
