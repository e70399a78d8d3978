"""The authorisation matrix: every role against every endpoint, on both databases."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from lexbridge.casework.access import PERMISSIONS, Action
from lexbridge.casework.db import session_factory
from lexbridge.casework.models import AuditEntry, Role
from tests.casework.conftest import POINTS, RANSOMWARE, Unit, draft, new_case

ALL_DE = (*(r.value for r in Role if r is not Role.INVESTIGATOR), "prosecutor2")


def _endpoints(case_id: int, request_id: int) -> list[tuple[str, str, object, Action | None]]:
    """(method, path, body, action); action None: any signed-in user. State-changing calls last."""
    return [
        ("GET", "/api/me", None, None),
        ("GET", "/api/cases", None, Action.READ_CASE),
        ("GET", f"/api/cases/{case_id}", None, Action.READ_CASE),
        ("GET", f"/api/cases/{case_id}/analysis", None, Action.READ_CASE),
        ("GET", f"/api/cases/{case_id}/requests", None, Action.READ_CASE),
        ("GET", f"/api/requests/{request_id}", None, Action.READ_CASE),
        ("GET", "/api/deadlines", None, Action.READ_CASE),
        ("GET", "/api/audit", None, Action.READ_AUDIT),
        ("GET", "/api/audit/verify", None, Action.READ_AUDIT),
        ("POST", "/api/cases", {"title": "Another case", "facts": RANSOMWARE}, Action.CREATE_CASE),
        ("PUT", f"/api/cases/{case_id}", {"facts": RANSOMWARE}, Action.EDIT_CASE),
        ("POST", f"/api/cases/{case_id}/members", {"username": "analyst"}, Action.MANAGE_MEMBERS),
        (
            "POST",
            f"/api/cases/{case_id}/requests",
            {
                "measure": "preservation",
                "instrument": "budapest",
                "article": "Art. 29",
                "requested_state": "NL",
            },
            Action.DRAFT_REQUEST,
        ),
        (
            "PUT",
            f"/api/requests/{request_id}/proportionality",
            {"points": POINTS, "offence": "system_interference", "max_penalty_months": 60},
            Action.ASSESS_PROPORTIONALITY,
        ),
        (
            "POST",
            f"/api/requests/{request_id}/authorisations",
            {
                "authority": "Local court",
                "decided_on": date.today().isoformat(),
                "reference": "Gs 1/26",
                "scope": "The logs.",
            },
            Action.RECORD_AUTHORISATION,
        ),
        (
            "POST",
            f"/api/requests/{request_id}/events",
            {"kind": "arrest", "on": date.today().isoformat()},
            Action.TRACK_REQUEST,
        ),
        ("POST", f"/api/requests/{request_id}/preservation-extension", None, Action.TRACK_REQUEST),
        (
            "POST",
            "/api/incoming",
            {
                "requesting_state": "AT",
                "measure": "subscriber_data",
                "instrument": "eio",
                "article": "Art. 3",
                "received_on": date.today().isoformat(),
                "foreign_reference": "AT-1",
                "offence": "computer_fraud",
            },
            Action.REGISTER_INCOMING,
        ),
        (
            "POST",
            "/api/users",
            {"username": "newcomer", "password": "a long enough password", "role": "analyst"},
            Action.MANAGE_USERS,
        ),
        (
            "POST",
            f"/api/requests/{request_id}/transitions",
            {"to": "awaiting_approval"},
            Action.SUBMIT_REQUEST,
        ),
    ]


def _call(unit: Unit, who: str, method: str, path: str, body: object):
    return unit.client.request(method, path, headers=unit.headers(who), json=body)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_against_every_endpoint(unit: Unit, role: str) -> None:
    case_id = new_case(unit, members=ALL_DE)
    request_id = draft(unit, case_id)
    for method, path, body, action in _endpoints(case_id, request_id):
        response = _call(unit, role, method, path, body)
        permitted = action is None or role in PERMISSIONS[action]
        assert response.status_code < 500, (method, path, response.text)
        if permitted:
            assert response.status_code not in (401, 403, 404), (role, method, path, response.text)
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
    assert unit.verify().ok


def test_another_authority_cannot_see_a_case_or_its_requests_even_by_url(unit: Unit) -> None:
    case_id = new_case(unit)
    request_id = draft(unit, case_id)
    for path in (
        f"/api/cases/{case_id}",
        f"/api/cases/{case_id}/analysis",
        f"/api/requests/{request_id}",
    ):
        response = unit.get("outsider", path)
        assert response.status_code == 404, path
    assert all(c["id"] != case_id for c in unit.get("outsider", "/api/cases").json())
    moved = unit.post("outsider", f"/api/requests/{request_id}/transitions", {"to": "withdrawn"})
    assert moved.status_code == 404


def test_need_to_know_a_colleague_who_is_not_a_member_is_refused(unit: Unit) -> None:
    case_id = new_case(unit, members=())
    response = unit.get("prosecutor", f"/api/cases/{case_id}")
    assert response.status_code == 403
    assert "need to know" in response.json()["detail"]


def test_without_a_token_every_endpoint_says_401(unit: Unit) -> None:
    for method, path, body, _ in _endpoints(1, 1):
        response = unit.client.request(method, path, json=body)
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"] == "Bearer"


def test_sign_in_with_the_right_password_only(unit: Unit) -> None:
    from tests.casework.conftest import PASSWORD

    wrong = unit.client.post("/api/session", json={"username": "prosecutor", "password": "guess"})
    assert wrong.status_code == 401
    right = unit.client.post("/api/session", json={"username": "prosecutor", "password": PASSWORD})
    assert right.status_code == 200
    token = right.json()["token"]
    me = unit.client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert (me.json()["username"], me.json()["state"]) == ("prosecutor", "DE")
    assert (
        unit.client.delete("/api/session", headers={"Authorization": f"Bearer {token}"}).status_code
        == 204
    )
    assert (
        unit.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )
    entries = unit.get("data_protection_officer", "/api/audit").json()
    actions = [e["action"] for e in entries]
    assert {"login", "logout"} <= set(actions)
    with session_factory(unit.engine)() as session:
        failed = (
            session.execute(select(AuditEntry).where(AuditEntry.action == "login_failed"))
            .scalars()
            .all()
        )
    assert [json.loads(e.detail)["username"] for e in failed] == ["prosecutor"]
