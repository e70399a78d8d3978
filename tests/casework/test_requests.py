"""A request's life through the API, with the safeguards that gate it (both databases)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import yaml
from sqlalchemy import func, select

from lexbridge.casework.db import session_factory
from lexbridge.casework.models import CooperationRequest, RequestEvent
from tests.casework.conftest import POINTS, Unit, draft, new_case, submitted


def _move(unit: Unit, who: str, request_id: int, to: str, **extra: object):
    return unit.post(who, f"/api/requests/{request_id}/transitions", {"to": to, **extra})


def _count(unit: Unit, model: type) -> int:
    with session_factory(unit.engine)() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_a_preservation_request_from_draft_to_closed(unit: Unit) -> None:
    case_id = new_case(unit)
    request_id = submitted(unit, case_id)
    assert (
        _move(unit, "prosecutor", request_id, "approved", note="proportionate").status_code == 200
    )
    sent = _move(unit, "foreign_liaison", request_id, "sent")
    assert sent.status_code == 200
    assert sent.json()["sent_on"] == date.today().isoformat()
    detail = unit.get("investigator", f"/api/requests/{request_id}").json()
    [preservation] = detail["deadlines"]
    assert (preservation["purpose"], preservation["kind"], preservation["days"]) == (
        "preservation",
        "binding",
        60,
    )
    assert preservation["estimated"]  # receipt not yet confirmed: counted from sending
    received = (date.today() - timedelta(days=2)).isoformat()
    assert (
        _move(unit, "foreign_liaison", request_id, "acknowledged", event_date=received).status_code
        == 200
    )
    detail = unit.get("investigator", f"/api/requests/{request_id}").json()
    [preservation] = detail["deadlines"]
    assert not preservation["estimated"]
    assert preservation["started_on"] == received
    assert preservation["due"].startswith((date.today() + timedelta(days=58)).isoformat())
    assert _move(unit, "foreign_liaison", request_id, "executed").status_code == 200
    assert _move(unit, "prosecutor", request_id, "closed").status_code == 200
    statuses = [
        e["to_status"]
        for e in unit.get("investigator", f"/api/requests/{request_id}").json()["timeline"]
    ]
    assert statuses == [
        "draft",
        "awaiting_approval",
        "approved",
        "sent",
        "acknowledged",
        "executed",
        "closed",
    ]
    assert unit.verify().ok


def test_a_refused_move_names_the_allowed_ones_and_changes_nothing(unit: Unit) -> None:
    request_id = draft(unit, new_case(unit))
    response = _move(unit, "foreign_liaison", request_id, "sent")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["awaiting_approval", "withdrawn"]
    assert "'draft' cannot become 'sent'" in response.json()["detail"]
    assert (
        unit.get("investigator", f"/api/requests/{request_id}").json()["request"]["status"]
        == "draft"
    )


def test_proportionality_must_be_reasoned_on_every_point_before_approval(unit: Unit) -> None:
    request_id = draft(unit, new_case(unit))
    partial = {k: v for k, v in POINTS.items() if k != "necessity"}
    assert (
        unit.put(
            "investigator", f"/api/requests/{request_id}/proportionality", {"points": partial}
        ).status_code
        == 200
    )
    response = _move(unit, "investigator", request_id, "awaiting_approval")
    assert response.status_code == 409
    assert response.json()["missing"] == ["necessity"]


def test_four_eyes_the_author_cannot_approve_even_as_a_prosecutor(unit: Unit) -> None:
    case_id = new_case(unit, who="prosecutor", members=("prosecutor2",))
    request_id = draft(unit, case_id, who="prosecutor")
    body = {"points": POINTS, "offence": "system_interference", "max_penalty_months": 60}
    unit.put("prosecutor", f"/api/requests/{request_id}/proportionality", body)
    assert _move(unit, "prosecutor", request_id, "awaiting_approval").status_code == 200
    own = _move(unit, "prosecutor", request_id, "approved")
    assert own.status_code == 403
    assert "four eyes" in own.json()["detail"]
    assert _move(unit, "prosecutor2", request_id, "approved").status_code == 200


def test_an_investigator_cannot_approve(unit: Unit) -> None:
    request_id = submitted(unit, new_case(unit, members=("prosecutor", "forensic_examiner")))
    response = _move(unit, "forensic_examiner", request_id, "approved")
    assert response.status_code == 403
    assert "judge, prosecutor" in response.json()["detail"]


def test_e_evidence_content_data_below_three_years_cannot_be_issued(unit: Unit) -> None:
    """e-Evidence art. 5(4): traffic and content data only for offences punishable by a maximum of
    at least three years in the issuing state, or the listed offences (a sourced hard gate)."""
    route = {
        "measure": "content_data",
        "instrument": "e_evidence",
        "article": "Art. 5(4)",
        "requested_state": "IE",
    }
    request_id = draft(unit, new_case(unit), **route)
    body = {"points": POINTS, "offence": "computer_fraud", "max_penalty_months": 24}
    unit.put("investigator", f"/api/requests/{request_id}/proportionality", body)
    refused = _move(unit, "investigator", request_id, "awaiting_approval")
    assert refused.status_code == 409
    assert "at least 36" in refused.json()["detail"]
    listed = {"points": POINTS, "offence": "illegal_access", "max_penalty_months": 24}
    unit.put("investigator", f"/api/requests/{request_id}/proportionality", listed)
    assert _move(unit, "investigator", request_id, "awaiting_approval").status_code == 200


def test_a_judge_s_order_must_be_recorded_before_content_data_is_sent(unit: Unit) -> None:
    """e-Evidence art. 4(2): traffic and content data need a judge, a court or an investigating
    judge; four-eyes approval inside the unit does not replace that order."""
    route = {
        "measure": "content_data",
        "instrument": "e_evidence",
        "article": "Art. 5(4)",
        "requested_state": "IE",
    }
    request_id = submitted(unit, new_case(unit), **route)
    need = unit.get("investigator", f"/api/requests/{request_id}").json()["authorisation_needed"]
    assert (need["level"], need["court_order_required"]) == ("judge", True)
    assert _move(unit, "prosecutor", request_id, "approved").status_code == 200
    blocked = _move(unit, "foreign_liaison", request_id, "sent")
    assert blocked.status_code == 409
    assert "order of a judge" in blocked.json()["detail"]
    order = {
        "authority": "Amtsgericht Frankfurt am Main (investigating judge)",
        "decided_on": date.today().isoformat(),
        "reference": "931 Gs 1234/26",
        "scope": "Content of the mailbox named in the request, 1 to 15 October 2026.",
    }
    assert (
        unit.post("prosecutor", f"/api/requests/{request_id}/authorisations", order).status_code
        == 201
    )
    assert _move(unit, "foreign_liaison", request_id, "sent").status_code == 200


def test_bad_input_is_named_and_nothing_is_written(unit: Unit) -> None:
    case_id = new_case(unit)
    before = (_count(unit, CooperationRequest), _count(unit, RequestEvent))
    bad_state = unit.post(
        "investigator",
        f"/api/cases/{case_id}/requests",
        {
            "measure": "preservation",
            "instrument": "budapest",
            "article": "Art. 29",
            "requested_state": "Netherlands",
        },
    )
    assert bad_state.status_code == 422
    assert bad_state.json()["detail"][0]["loc"][-1] == "requested_state"
    bad_route = unit.post(
        "investigator",
        f"/api/cases/{case_id}/requests",
        {
            "measure": "preservation",
            "instrument": "eio",
            "article": "Art. 3",
            "requested_state": "NL",
        },
    )
    assert bad_route.status_code == 422
    assert "does not carry preservation" in bad_route.json()["detail"][0]["msg"]
    bad_facts = unit.post(
        "investigator",
        "/api/cases",
        {
            "title": "Xyz",
            "facts": {
                "title": "Xyz",
                "conduct_date": "2026-01-01",
                "conduct": [{"offence": "hacking"}],
            },
        },
    )
    assert bad_facts.status_code == 422
    assert bad_facts.json()["detail"][0]["loc"] == ["body", "facts", "conduct[0]", "offence"]
    assert (_count(unit, CooperationRequest), _count(unit, RequestEvent)) == before


def test_a_route_not_in_force_cannot_be_drafted(unit: Unit) -> None:
    """The Second Additional Protocol is recorded as not in force: its routes are not available."""
    response = unit.post(
        "investigator",
        f"/api/cases/{new_case(unit)}/requests",
        {
            "measure": "subscriber_data",
            "instrument": "budapest_2ap",
            "article": "Art. 7",
            "requested_state": "NL",
        },
    )
    assert response.status_code == 409
    assert "not available" in response.json()["detail"]


def test_an_incoming_request_runs_its_deadline_against_us_and_can_be_overdue(unit: Unit) -> None:
    """An EIO received from Austria 40 days ago: the 30 days to decide on recognition (art. 12(3))
    have passed, so it is overdue and comes first on the deadlines view."""
    received = date.today() - timedelta(days=40)
    response = unit.post(
        "foreign_liaison",
        "/api/incoming",
        {
            "requesting_state": "AT",
            "measure": "subscriber_data",
            "instrument": "eio",
            "article": "Art. 3",
            "received_on": received.isoformat(),
            "foreign_reference": "AT-EIO-2026-17",
            "offence": "computer_fraud",
        },
    )
    assert response.status_code == 201, response.text
    incoming = response.json()
    assert (incoming["direction"], incoming["requested_state"]) == ("incoming", "DE")
    deadlines = unit.get("foreign_liaison", "/api/deadlines").json()
    first = deadlines[0]
    assert (first["request_id"], first["purpose"], first["overdue"], first["against_us"]) == (
        incoming["id"],
        "recognition",
        True,
        True,
    )
    assert first["due"].startswith((received + timedelta(days=30)).isoformat())


def test_a_request_refused_by_the_requested_state_is_closed_and_stops_its_deadlines(
    unit: Unit,
) -> None:
    request_id = submitted(unit, new_case(unit))
    _move(unit, "prosecutor", request_id, "approved")
    _move(
        unit,
        "foreign_liaison",
        request_id,
        "sent",
        event_date=(date.today() - timedelta(days=90)).isoformat(),
    )
    overdue = [
        d
        for d in unit.get("investigator", "/api/deadlines").json()
        if d["request_id"] == request_id
    ]
    assert overdue
    assert overdue[0]["overdue"]
    assert (
        _move(
            unit,
            "foreign_liaison",
            request_id,
            "refused_by_requested_state",
            note="dual criminality",
        ).status_code
        == 200
    )
    after = [
        d
        for d in unit.get("investigator", "/api/deadlines").json()
        if d["request_id"] == request_id
    ]
    assert after
    assert not after[0]["overdue"]  # a finished request has nothing overdue


def test_the_dataset_s_own_penalty_decides_the_threshold_where_it_can(unit: Unit) -> None:
    """The demo ransomware conduct carries at least 36 months under German law in the dataset
    (StGB § 303b), so an e-Evidence content order passes the art. 5(4) gate even though the author
    recorded a lower figure; the author's figure only decides where the dataset cannot."""

    demo = (
        Path(__file__).parents[2]
        / "src"
        / "lexbridge"
        / "casework"
        / "demo"
        / "ransomware_case.yaml"
    )
    facts = json.loads(json.dumps(yaml.safe_load(demo.read_text()), default=str))
    created = unit.post(
        "investigator", "/api/cases", {"title": "Ransomware (demo facts)", "facts": facts}
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    unit.post("investigator", f"/api/cases/{case_id}/members", {"username": "prosecutor"})
    route = {
        "measure": "content_data",
        "instrument": "e_evidence",
        "article": "Art. 5(4)",
        "requested_state": "IE",
    }
    request_id = draft(unit, case_id, **route)
    body = {"points": POINTS, "offence": "computer_fraud", "max_penalty_months": 12}
    unit.put("investigator", f"/api/requests/{request_id}/proportionality", body)
    assert _move(unit, "investigator", request_id, "awaiting_approval").status_code == 200
