"""Requests: drafted from a route in one click, assessed, approved by four eyes, tracked to the end.

Every step goes through :mod:`lexbridge.casework.service`, so the web enforces exactly the
safeguards of the API: the proportionality checklist, the sourced threshold gate, a judge's order
where the law needs one, and approval by a prosecutor or judge who did not write the request.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from lexbridge.casework import service
from lexbridge.casework.api import RecordId
from lexbridge.casework.errors import InvalidInputError
from lexbridge.casework.models import User
from lexbridge.casework.workflow import Status, table
from lexbridge.web.inputs import optional_date
from lexbridge.web.render import page
from lexbridge.web.security import Csrf, WebCtx

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form(max_length=5000)]

POINT_LABELS = {
    "legitimate_aim": "Legitimate aim: what the measure serves",
    "offence_and_penalty": "Offence and penalty: why they justify the measure",
    "necessity": "Necessity: why the data is needed for this investigation",
    "data_category": "Data category: why this category and not a less intrusive one",
    "scope": "Scope: identifiers and time window, no wider than needed",
    "less_intrusive_alternatives": "Less intrusive alternatives considered",
    "third_parties_and_privilege": "Third parties and privileged communications",
}
ACTIONS = {
    "awaiting_approval": "Submit for approval",
    "approved": "Approve",
    "refused": "Refuse",
    "draft": "Return to draft",
    "sent": "Mark sent",
    "acknowledged": "Receipt acknowledged",
    "executed": "Executed",
    "partially_executed": "Partially executed",
    "refused_by_requested_state": "Refused by the requested state",
    "closed": "Close",
    "withdrawn": "Withdraw",
}


def _back(request_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/requests/{request_id}{anchor}", status_code=303)


@router.post("/cases/{case_id}/requests", dependencies=[Csrf])
def draft(
    case_id: RecordId,
    ctx: WebCtx,
    measure: Annotated[str, Form(max_length=64)],
    instrument: Annotated[str, Form(max_length=64)],
    article: Annotated[str, Form(max_length=64)],
    requested_state: Annotated[str, Form(max_length=2)] = "",
    provider: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """One click from a route of the analysis: the route's basis, deadline and authorisation."""
    created = service.draft_request(
        ctx,
        case_id,
        measure=measure,
        instrument=instrument,
        article=article,
        requested_state=requested_state.upper() or None,
        provider=provider or None,
    )
    return _back(created.id)


@router.get("/requests/{request_id}")
def detail(request: Request, request_id: RecordId, ctx: WebCtx) -> Response:
    view = service.request_view(ctx, request_id)
    record = view["request"]
    staff = select(User).where(User.authority_id == ctx.user.authority_id)
    names = {u.id: u.username for u in ctx.session.execute(staff).scalars()}
    offer = ctx.law.instruments.get(record.instrument)
    steps = sorted(table(record.direction)[Status(record.status)], key=list(ACTIONS).index)
    context: dict[str, Any] = {
        "user": ctx.user,
        "view": view,
        "r": record,
        "instrument": offer,
        "names": names,
        "next_steps": [s for s in steps if service.may_move(record, ctx.user, s)],
        "four_eyes": record.author_id == ctx.user.id and Status.APPROVED in steps,
        "actions": ACTIONS,
        "points": POINT_LABELS,
        "offences": list(ctx.law.offences),
        "today": ctx.day,
    }
    return page(request, "request.html", context)


@router.post("/requests/{request_id}/proportionality", dependencies=[Csrf])
async def proportionality(request: Request, request_id: RecordId, ctx: WebCtx) -> Response:
    form = await request.form()
    points = {
        name: str(form.get(f"point-{name}", ""))[:5000]
        for name in POINT_LABELS
        if str(form.get(f"point-{name}", "")).strip()
    }
    offence = str(form.get("offence", "")).strip() or None
    penalty_text = str(form.get("max_penalty_months", "")).strip()
    try:
        penalty = int(penalty_text) if penalty_text else None
    except ValueError:
        raise InvalidInputError(
            "max_penalty_months", f"{penalty_text!r} is not a number of months"
        ) from None
    if penalty is not None and not 0 <= penalty <= 2000:
        raise InvalidInputError(
            "max_penalty_months", f"{penalty} months is out of range (0 to 2000)"
        )
    service.assess_proportionality(ctx, request_id, points, offence, penalty)
    return _back(request_id, "#proportionality")


@router.post("/requests/{request_id}/authorisations", dependencies=[Csrf])
def authorisation(
    request_id: RecordId,
    ctx: WebCtx,
    authority: Annotated[str, Form(min_length=1, max_length=300)],
    decided_on: Annotated[str, Form(max_length=10)],
    reference: Annotated[str, Form(min_length=1, max_length=300)],
    scope: Text,
) -> Response:
    on = optional_date(decided_on, "decided_on")
    if on is None:
        raise InvalidInputError("decided_on", "give the date of the order")
    service.record_authorisation(
        ctx, request_id, authority=authority, decided_on=on, reference=reference, scope=scope
    )
    return _back(request_id, "#authorisation")


@router.post("/requests/{request_id}/transitions", dependencies=[Csrf])
def move(
    request_id: RecordId,
    ctx: WebCtx,
    to: Annotated[str, Form(max_length=64)],
    note: Text = "",
    event_date: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    service.transition(
        ctx,
        request_id,
        to,
        note=note.strip() or None,
        event_date=optional_date(event_date, "event_date"),
    )
    return _back(request_id)


@router.post("/requests/{request_id}/events", dependencies=[Csrf])
def event(
    request_id: RecordId,
    ctx: WebCtx,
    kind: Annotated[str, Form(max_length=64)],
    on: Annotated[str, Form(max_length=10)],
) -> Response:
    day = optional_date(on, "on")
    if day is None:
        raise InvalidInputError("on", "give the date of the event")
    service.record_event(ctx, request_id, kind, day)
    return _back(request_id, "#deadlines")


@router.post("/requests/{request_id}/preservation-extension", dependencies=[Csrf])
def extend(request_id: RecordId, ctx: WebCtx) -> Response:
    service.extend_preservation(ctx, request_id)
    return _back(request_id, "#deadlines")


@router.get("/incoming/new")
def incoming_form(request: Request, ctx: WebCtx) -> Response:
    context = {
        "user": ctx.user,
        "offences": list(ctx.law.offences),
        "offers": [
            (
                f"{i.id}|{o.article}|{o.measure.value}",
                f"{i.title}, {o.article}: {o.measure.value.replace('_', ' ')}",
            )
            for i in sorted(ctx.law.instruments.values(), key=lambda i: i.id)
            for o in i.measures
        ],
        "today": ctx.day,
    }
    return page(request, "incoming.html", context)


@router.post("/incoming", dependencies=[Csrf])
def incoming(
    ctx: WebCtx,
    requesting_state: Annotated[str, Form(max_length=2)],
    offer: Annotated[str, Form(max_length=200)],
    received_on: Annotated[str, Form(max_length=10)],
    foreign_reference: Annotated[str, Form(min_length=1, max_length=300)],
    offence: Annotated[str, Form(max_length=64)],
    title: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    instrument, _, rest = offer.partition("|")
    article, _, measure = rest.partition("|")
    if not measure:
        raise InvalidInputError(
            "offer", f"choose the instrument and article of the request, not {offer!r}"
        )
    received = optional_date(received_on, "received_on")
    if received is None:
        raise InvalidInputError("received_on", "give the date the request was received")
    created = service.register_incoming(
        ctx,
        case_id=None,
        title=title.strip() or None,
        requesting_state=requesting_state.upper(),
        measure=measure,
        instrument=instrument,
        article=article,
        received_on=received,
        foreign_reference=foreign_reference,
        offence=offence,
    )
    return _back(created.id)
