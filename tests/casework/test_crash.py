"""A server killed in the middle of a burst of writes loses no committed request and leaves no
half-written one (SQLite and PostgreSQL)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import Engine, func, select

from lexbridge.casework import audit
from lexbridge.casework.db import session_factory
from lexbridge.casework.models import AuditEntry, CooperationRequest, RequestEvent
from tests.casework.conftest import RANSOMWARE, add_users, engine_url

WRITERS = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(
    base: str, token: str, method: str, path: str, body: object | None = None
) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_a_killed_server_keeps_every_committed_request_whole(
    engine: Engine, tmp_path: Path
) -> None:
    tokens, _ = add_users(engine, [("writer", "investigator", "de-unit", "DE")])
    token = tokens["writer"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": engine_url(engine), "LEXBRIDGE_INSTANCE": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "lexbridge.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/openapi.json", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        status, case = _call(
            base, token, "POST", "/api/cases", {"title": "Crash", "facts": RANSOMWARE}
        )
        assert status == 201
        committed: list[int] = []
        lock = threading.Lock()
        stop = threading.Event()

        def write() -> None:
            body = {
                "measure": "preservation",
                "instrument": "budapest",
                "article": "Art. 29",
                "requested_state": "NL",
            }
            while not stop.is_set():
                try:
                    code, made = _call(
                        base, token, "POST", f"/api/cases/{case['id']}/requests", body
                    )
                except (OSError, http.client.HTTPException, json.JSONDecodeError):
                    return  # the server is gone, perhaps in the middle of an answer
                if code == 201:
                    with lock:
                        committed.append(made["id"])

        writers = [threading.Thread(target=write) for _ in range(WRITERS)]
        for writer in writers:
            writer.start()
        while len(committed) < 30:
            time.sleep(0.01)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        stop.set()
        for writer in writers:
            writer.join(timeout=15)
    finally:
        if server.poll() is None:
            server.kill()

    with session_factory(engine)() as session:
        stored = set(session.execute(select(CooperationRequest.id)).scalars())
        assert set(committed) <= stored, "a request acknowledged as committed was lost"
        for (
            request_id
        ) in stored:  # nothing half-written: each request has its event and audit entry
            events = session.execute(
                select(func.count())
                .select_from(RequestEvent)
                .where(RequestEvent.request_id == request_id)
            ).scalar_one()
            logged = session.execute(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.object_type == "request",
                    AuditEntry.object_id == str(request_id),
                    AuditEntry.action == "create",
                )
            ).scalar_one()
            assert (events, logged) == (1, 1), request_id
        assert audit.verify(session).ok
    assert len(committed) >= 30
