"""Sign-in, sign-out and the dashboard: my cases and every deadline across them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from lexbridge.casework import service
from lexbridge.casework.access import Action, allowed
from lexbridge.casework.deadlines import RunningDeadline
from lexbridge.casework.models import CooperationRequest
from lexbridge.casework.workflow import FINISHED
from lexbridge.web.render import page
from lexbridge.web.security import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    Csrf,
    WebCtx,
    new_signin_token,
    remote,
)

router = APIRouter(include_in_schema=False)

SOON = timedelta(hours=48)


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never an open redirect to another."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/signin")
def signin_form(request: Request, next: str = "/") -> Response:
    token = request.cookies.get(SIGNIN_COOKIE) or new_signin_token()
    response = page(request, "signin.html", {"csrf": token, "next": _safe_next(next)})
    response.set_cookie(SIGNIN_COOKIE, token, httponly=True, samesite="strict", path="/signin")
    return response


@router.post("/signin", dependencies=[Csrf])
def signin(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    factory = request.app.state.factory
    where = remote(request)
    with factory() as session, session.begin():
        found = service.login(session, username, password, where)
        if found is None:
            service.login_failed(session, username, where)
    if found is None:
        token = request.cookies.get(SIGNIN_COOKIE, "")
        context = {"csrf": token, "next": _safe_next(next), "failed": True, "username": username}
        return page(request, "signin.html", context, status_code=401)
    token, expires = found
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        expires=expires,
        path="/",
    )
    response.delete_cookie(SIGNIN_COOKIE, path="/signin")
    return response


@router.post("/signout", dependencies=[Csrf])
def signout(request: Request, ctx: WebCtx) -> Response:
    service.logout(ctx, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def deadline_groups(
    deadlines: list[RunningDeadline], now: datetime
) -> dict[str, list[RunningDeadline]]:
    """Overdue, due within 48 hours, later; emergencies first within each (the service's order)."""
    groups: dict[str, list[RunningDeadline]] = {"overdue": [], "soon": [], "later": []}
    for deadline in deadlines:
        assert deadline.due is not None
        due = deadline.due if deadline.due.tzinfo else deadline.due.replace(tzinfo=UTC)
        if deadline.overdue:
            groups["overdue"].append(deadline)
        elif due - now <= SOON:
            groups["soon"].append(deadline)
        else:
            groups["later"].append(deadline)
    return groups


@router.get("/")
def dashboard(request: Request, ctx: WebCtx) -> Response:
    context: dict[str, Any] = {"user": ctx.user, "now": datetime.now(UTC)}
    if not allowed(ctx.user.role, Action.READ_CASE):  # oversight roles see the audit, not cases
        context["audit_only"] = True
        return page(request, "dashboard.html", context)
    requests: dict[int, CooperationRequest | None] = {}
    deadlines = []
    for deadline in service.all_deadlines(ctx):
        if deadline.request_id not in requests:
            requests[deadline.request_id] = ctx.session.get(CooperationRequest, deadline.request_id)
        request_row = requests[deadline.request_id]
        if request_row is not None and request_row.status not in FINISHED and not deadline.met:
            deadlines.append(deadline)  # a finished request's or a met limit no longer runs
    context |= {
        "cases": service.list_cases(ctx),
        "groups": deadline_groups(deadlines, context["now"]),
        "requests": requests,
    }
    return page(request, "dashboard.html", context)
