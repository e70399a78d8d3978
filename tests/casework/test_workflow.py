"""Every transition of both tables, allowed and refused, and the deadlines of each instrument
against dates computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from lexbridge.casework.deadlines import running_deadlines
from lexbridge.casework.models import CooperationRequest, Direction
from lexbridge.casework.workflow import INCOMING, OUTGOING, Status, TransitionRefusedError, check
from lexbridge.law import default_dataset

PAIRS = [
    (direction, current, wanted)
    for direction in Direction
    for current in (INCOMING if direction is Direction.INCOMING else OUTGOING)
    for wanted in Status
]


@pytest.mark.parametrize(("direction", "current", "wanted"), PAIRS)
def test_every_transition_is_allowed_exactly_when_the_table_says(
    direction, current, wanted
) -> None:
    table = INCOMING if direction is Direction.INCOMING else OUTGOING
    if wanted in table[current]:
        assert check(direction.value, current.value, wanted.value) is wanted
    else:
        with pytest.raises(TransitionRefusedError) as refused:
            check(direction.value, current.value, wanted.value)
        assert refused.value.allowed == table[current]


def test_the_outgoing_path_of_the_issue_is_in_the_table() -> None:
    path = ["draft", "awaiting_approval", "approved", "sent", "acknowledged", "executed", "closed"]
    for current, wanted in pairwise(path):
        check("outgoing", current, wanted)
    for final in ("closed", "withdrawn"):
        assert OUTGOING[Status(final)] == frozenset()


def test_an_unknown_status_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(TransitionRefusedError, match="allowed: awaiting_approval, withdrawn"):
        check("outgoing", "draft", "teleported")


NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _request(instrument: str, article: str, measure: str, **fields: object) -> CooperationRequest:
    base: dict[str, object] = {
        "id": 1,
        "case_id": 1,
        "direction": "outgoing",
        "measure": measure,
        "instrument": instrument,
        "article": article,
        "requesting_state": "DE",
        "requested_state": "NL",
        "identifiers": {"items": []},
        "emergency": {"grounds": []},
        "status": "sent",
        "author_id": 1,
        "preservation_extended": False,
    }
    base.update(fields)
    return CooperationRequest(**base)


def _due(deadline) -> date:
    return deadline.due.date()


# (instrument, article, measure, event fields, [(purpose, due date by hand)])
HAND = [
    # Budapest art. 29(7): preserved at least 60 days from receipt on 2 November 2026.
    (
        "budapest",
        "Art. 29",
        "preservation",
        {"received_on": date(2026, 11, 2)},
        [("preservation", date(2027, 1, 1))],
    ),
    # EIO art. 12(3): recognition within 30 days of receipt; art. 12(4): execution within 90 days of
    # the recognition decision (received 1 October, recognised 20 October 2026).
    (
        "eio",
        "Art. 3",
        "content_data",
        {"received_on": date(2026, 10, 1), "recognised_on": date(2026, 10, 20)},
        [("recognition", date(2026, 10, 31)), ("execution", date(2027, 1, 18))],
    ),
    # e-Evidence art. 10(3): data within 10 days of receipt of the EPOC.
    (
        "e_evidence",
        "Art. 5(3)",
        "subscriber_data",
        {"received_on": date(2026, 11, 20)},
        [("answer", date(2026, 11, 30))],
    ),
    # EAW art. 17: decision within 60 days of arrest (arrest 15 September 2026).
    (
        "eaw",
        "Art. 2",
        "extradition",
        {"arrested_on": date(2026, 9, 15)},
        [("surrender", date(2026, 11, 14))],
    ),
    # European Convention on Extradition art. 16(4): the request within 18 days of arrest.
    (
        "ece",
        "Art. 16",
        "provisional_arrest",
        {"arrested_on": date(2026, 11, 20)},
        [("documents", date(2026, 12, 8))],
    ),
]


@pytest.mark.parametrize(("instrument", "article", "measure", "events", "expected"), HAND)
def test_deadlines_against_dates_computed_by_hand(
    instrument, article, measure, events, expected
) -> None:
    request = _request(instrument, article, measure, **events)
    found = running_deadlines(request, default_dataset(), NOW)
    assert [(d.purpose, _due(d)) for d in found] == expected
    assert all(not d.estimated for d in found)


def test_the_e_evidence_preservation_extension_adds_thirty_days() -> None:
    """Art. 11(1): 60 days, extendable once by 30 (received 1 October 2026)."""
    law = default_dataset()
    plain = _request("e_evidence", "Art. 11", "preservation", received_on=date(2026, 10, 1))
    extended = _request(
        "e_evidence",
        "Art. 11",
        "preservation",
        received_on=date(2026, 10, 1),
        preservation_extended=True,
    )
    assert _due(running_deadlines(plain, law, NOW)[0]) == date(2026, 11, 30)
    assert running_deadlines(plain, law, NOW)[0].overdue is False
    assert _due(running_deadlines(extended, law, NOW)[0]) == date(2026, 12, 30)


def test_hour_limits_run_from_the_moment_the_event_was_recorded() -> None:
    """Regulation 2018/1805: 48 hours for an urgent freezing decision (EUR-Lex summary)."""
    request = _request(
        "eu_freezing_confiscation", "Arts. 2(1), 8", "asset_freeze", received_on=date(2026, 11, 26)
    )
    sent = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    [deadline] = running_deadlines(request, default_dataset(), NOW, moments={"receipt": sent})
    assert deadline.due == sent + timedelta(hours=48)
    assert not deadline.overdue


def test_before_receipt_is_confirmed_the_limit_is_estimated_from_sending() -> None:
    request = _request("budapest", "Art. 29", "preservation", sent_on=date(2026, 11, 1))
    [deadline] = running_deadlines(request, default_dataset(), NOW)
    assert deadline.estimated
    assert _due(deadline) == date(2026, 12, 31)


def test_a_deadline_whose_event_has_not_happened_has_no_due_date() -> None:
    request = _request("eaw", "Art. 2", "extradition")
    [deadline] = running_deadlines(request, default_dataset(), NOW)
    assert (deadline.started_on, deadline.due, deadline.overdue) == (None, None, False)


def test_overdue_is_derived_and_ends_with_the_request() -> None:
    law = default_dataset()
    late = _request("budapest", "Art. 29", "preservation", received_on=date(2026, 9, 1))
    assert running_deadlines(late, law, NOW)[0].overdue
    closed = _request(
        "budapest", "Art. 29", "preservation", received_on=date(2026, 9, 1), status="closed"
    )
    assert not running_deadlines(closed, law, NOW)[0].overdue
