"""Cases: the facts form with inline validation, the workspace, its analysis and its members."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from lexbridge.casework import service
from lexbridge.casework.access import Action, allowed
from lexbridge.casework.api import RecordId
from lexbridge.casework.models import Case, CaseMember, User
from lexbridge.web import facts_form
from lexbridge.web.render import page
from lexbridge.web.security import Csrf, WebCtx

router = APIRouter(include_in_schema=False)


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _form_page(
    request: Request, ctx: service.Context, form: facts_form.FactsForm, case: Case | None
) -> Response:
    context: dict[str, Any] = {
        "user": ctx.user,
        "form": form,
        "case": case,
        "law": ctx.law,
        "choices": facts_form.CHOICES,
        "row_fields": facts_form.ROWS,
        "facts_of": facts_form.facts_of,
    }
    status = 422 if form.errors and request.method == "POST" else 200
    return page(request, "case_form.html", context, status_code=status)


def _members(ctx: service.Context, case_id: int) -> list[User]:
    query = (
        select(User)
        .join(CaseMember, CaseMember.user_id == User.id)
        .where(CaseMember.case_id == case_id)
        .order_by(User.username)
    )
    return list(ctx.session.execute(query).scalars())


def _colleagues(ctx: service.Context) -> list[User]:
    """Active users of the unit who may read cases: the people a case can be shared with."""
    query = select(User).where(User.authority_id == ctx.user.authority_id, User.active)
    return [
        u
        for u in ctx.session.execute(query.order_by(User.username)).scalars()
        if allowed(u.role, Action.READ_CASE)
    ]


@router.get("/cases")
def case_list(request: Request, ctx: WebCtx) -> Response:
    return page(request, "cases.html", {"user": ctx.user, "cases": service.list_cases(ctx)})


@router.get("/cases/new")
def new_case(request: Request, ctx: WebCtx) -> Response:
    form = facts_form.FactsForm(rows=dict.fromkeys((*facts_form.ROWS, "conduct"), 1))
    return _form_page(request, ctx, form, None)


@router.post("/cases/validate", dependencies=[Csrf])
async def validate(request: Request, ctx: WebCtx) -> Response:
    """Inline validation (HTMX): the form's errors, checked as the case format reads them."""
    form = facts_form.from_fields(await _fields(request), ctx.law)
    return page(request, "_facts_errors.html", {"form": form})


@router.post("/cases", dependencies=[Csrf])
async def create_case(request: Request, ctx: WebCtx) -> Response:
    fields = await _fields(request)
    form = facts_form.from_fields(fields, ctx.law, add=fields.get("add"))
    if fields.get("add") or fields.get("refresh") or not form.valid:
        return _form_page(request, ctx, form, None)
    case = service.create_case(ctx, form.title, form.facts)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/cases/{case_id}")
def workspace(request: Request, case_id: RecordId, ctx: WebCtx) -> Response:
    case = service.read_case(ctx, case_id)
    context = {
        "user": ctx.user,
        "case": case,
        "requests": service.case_requests(ctx, case_id),
        "members": _members(ctx, case_id),
        "colleagues": _colleagues(ctx),
    }
    return page(request, "case.html", context)


@router.get("/cases/{case_id}/edit")
def edit_case(request: Request, case_id: RecordId, ctx: WebCtx) -> Response:
    case = service.read_case(ctx, case_id)
    return _form_page(request, ctx, facts_form.to_fields(case.facts), case)


@router.post("/cases/{case_id}/facts", dependencies=[Csrf])
async def update_case(request: Request, case_id: RecordId, ctx: WebCtx) -> Response:
    case = service.read_case(ctx, case_id)
    fields = await _fields(request)
    form = facts_form.from_fields(fields, ctx.law, add=fields.get("add"))
    if fields.get("add") or fields.get("refresh") or not form.valid:
        return _form_page(request, ctx, form, case)
    service.update_facts(ctx, case_id, form.title, form.facts)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}/analysis")
def analysis(request: Request, case_id: RecordId, ctx: WebCtx) -> Response:
    """The analysis, with every statement's reasons and sources; a fragment for HTMX."""
    case = service.read_case(ctx, case_id)
    result = service.case_analysis(ctx, case_id)
    template = "_analysis.html" if request.headers.get("hx-request") else "analysis.html"
    context = {"user": ctx.user, "case": case, "analysis": result, "law": ctx.law}
    return page(request, template, context)


@router.post("/cases/{case_id}/members", dependencies=[Csrf])
def add_member(
    case_id: RecordId, ctx: WebCtx, username: Annotated[str, Form(max_length=64)]
) -> Response:
    service.add_member(ctx, case_id, username.strip())
    return RedirectResponse(f"/cases/{case_id}#members", status_code=303)
