"""The money trail of a case: follow the proceeds through transaction files to the services that
received them and to those services' jurisdictions, where a freeze or production request goes.

A run is ``lexbridge trace`` under the signed-in user (:func:`lexbridge.casework.trails.run_trace`):
the uploaded transaction files, the seeds and a taint policy, with the unit's tag files from the
instance's ``tags`` folder (GraphSense TagPacks and ActorPacks, or CSV) and an optional tag file
of the run. Every run is kept with the case (table ``traces``, files in a content-addressed store),
so the page lists the case's past traces; each is drawn with :func:`lexbridge.tracing.flow_svg`
and, where the case names its forum, followed by the routes from the forum to each jurisdiction
reached (:func:`lexbridge.tracing.leads.with_leads`), each with its reasons and sources.
"""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from lexbridge.casework import service, trails
from lexbridge.casework.access import Action, allowed
from lexbridge.casework.api import RecordId
from lexbridge.casework.config import instance_dir
from lexbridge.casework.errors import InvalidInputError
from lexbridge.casework.models import Case, User
from lexbridge.engine.reasons import LawQueryError
from lexbridge.tracing import TraceResult, flow_svg, parse_policy
from lexbridge.tracing.leads import with_leads
from lexbridge.web.render import page
from lexbridge.web.security import Csrf, WebCtx
from lexbridge.web.uploads import save_upload

router = APIRouter(include_in_schema=False)

POLICIES = (
    (
        "haircut",
        "Haircut (proportional): each output of a transaction takes the share of the tainted value "
        "that its value has of the inputs; nothing is created or lost. The usual choice.",
    ),
    (
        "poison",
        "Poison: any tainted input taints every output in full. Shows everywhere the money may "
        "have gone, but overstates the amounts.",
    ),
    (
        "fifo",
        "First in, first out (Clayton's Case): the first coins paid in are the first paid out, "
        "in the order of the inputs and outputs.",
    ),
    (
        "lifo",
        "Last in, first out: as first in, first out, with the inputs taken in reverse order "
        "(LexBridge's own convention, docs/tracing.md).",
    ),
    (
        "tiho",
        "Taint in, highest out: the tainted value follows the largest output first, then the next.",
    ),
)
"""The taint policies, each in one line (docs/tracing.md, Policies)."""

SEED_LIMIT = 200
BALANCE = (
    ("services", "at services (where the trace stops)"),
    ("unspent", "unspent at the end of the data"),
    ("fees", "paid to miners as fees"),
    ("beyond_limit", "not followed: beyond the hop limit"),
    ("burned", "burned (unspendable outputs)"),
    ("rounding", "lost to rounding"),
)


def btc(amount: int) -> str:
    """Satoshi as BTC, exactly: 1239990000 -> '12.3999 BTC'."""
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 100_000_000)
    decimals = f"{part:08d}".rstrip("0")
    return f"{sign}{whole:,}{'.' + decimals if decimals else ''} BTC"


def _time(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _seeds(text: str) -> list[str]:
    found: list[str] = []
    for part in re.split(r"[\s,;]+", text):
        if part and part not in found:
            found.append(part)
    return found


def _states(ctx: service.Context, codes: list[str]) -> list[dict[str, Any]]:
    """Each code with its name and whether the law pages know it (then it links to them)."""
    shown = []
    for code in codes:
        place = ctx.law.jurisdictions.get(code)
        shown.append(
            {
                "code": code,
                "name": place.name if place else code,
                "known": place is not None,
                "has_law": code in ctx.law.states,
            }
        )
    return shown


def _picture_text(result: TraceResult) -> str:
    """What the picture shows, in words: its text alternative."""
    seeds = ", ".join(f"{s.seed} ({btc(s.amount)})" for s in result.seeds if s.amount)
    sinks = [
        f"{f.service}"
        + (f" ({', '.join(f.jurisdictions)})" if f.jurisdictions else "")
        + f" {btc(f.amount)}"
        for f in result.services
    ]
    b = result.balance
    sinks += [
        f"{label.split(' (')[0]} {btc(getattr(b, name))}"
        for name, label in BALANCE[1:]
        if getattr(b, name) > 0
    ]
    return (
        f"Flow of the tainted value under the {result.policy} policy, from {seeds or 'the seeds'} "
        f"to: {'; '.join(sinks) or 'nowhere traced'}."
    )


def _view(ctx: service.Context, case: Case, record: trails.Trace) -> dict[str, Any]:
    result = record.answer()
    forum = str(case.facts.get("forum") or "") or None
    leads_note = None
    leads = []
    if forum and result.services:
        try:
            leads = with_leads(result, forum, ctx.day, law=ctx.law).leads
        except LawQueryError as error:
            leads_note = str(error)
    elif not forum:
        leads_note = "The case names no forum (the state prosecuting): add it to the facts to see the routes from it to each jurisdiction reached."
    by_state = result.jurisdictions()
    author = ctx.session.get(User, record.created_by)
    return {
        "record": record,
        "result": result,
        "author": author.username if author else f"user {record.created_by}",
        "flows": [
            {
                "flow": f,
                "states": _states(ctx, f.jurisdictions),
                "amount": btc(f.amount),
                "first": _time(f.first_time),
                "last": _time(f.last_time),
            }
            for f in result.services
        ],
        "states": [
            {
                **state,
                "amount": btc(by_state[state["code"]]),
                "services": sorted(
                    f.service for f in result.services if state["code"] in f.jurisdictions
                ),
            }
            for state in _states(ctx, list(by_state))
        ],
        "unattributed": [f.service for f in result.services if not f.jurisdictions],
        "balance": [
            (label, btc(getattr(result.balance, name)), getattr(result.balance, name))
            for name, label in BALANCE
        ],
        "injected": btc(result.balance.injected),
        "seeds": [(s.seed, s.outputs, btc(s.amount)) for s in result.seeds],
        "unspent": [(p.output, p.address, btc(p.amount), p.hops) for p in result.unspent[:10]],
        "forum": forum,
        "leads": [
            {"lead": lead, "state": _states(ctx, [lead.state])[0], "amount": btc(lead.amount)}
            for lead in leads
        ],
        "leads_note": leads_note,
        "picture_text": _picture_text(result),
        "picture_url": f"/cases/{case.id}/trail/{record.id}/flow.svg",
    }


def _page(
    request: Request,
    ctx: service.Context,
    case: Case,
    shown: trails.Trace | None,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    past = trails.case_traces(ctx, case.id)
    if shown is None and past and not errors:
        shown = past[0]
    folder = instance_dir()
    names = {
        u.id: u.username
        for u in ctx.session.execute(
            select(User).where(User.authority_id == ctx.user.authority_id)
        ).scalars()
    }
    context: dict[str, Any] = {
        "user": ctx.user,
        "case": case,
        "view": _view(ctx, case, shown) if shown is not None else None,
        "past": [
            {
                "record": t,
                "author": names.get(t.created_by, f"user {t.created_by}"),
                "services": [
                    (f["service"], f["jurisdictions"], btc(f["amount"]))
                    for f in t.result.get("services", [])
                ],
            }
            for t in past
        ],
        "policies": POLICIES,
        "tag_files": [t.name for t in trails.unit_tag_files(folder)],
        "may_run": allowed(ctx.user.role, Action.EDIT_CASE),
        "may_draft": allowed(ctx.user.role, Action.DRAFT_REQUEST),
        "today": ctx.day,
        "values": values or {"policy": "haircut"},
        "errors": errors or {},
    }
    return page(request, "trail.html", context, status_code=status_code)


@router.get("/cases/{case_id}/trail")
def trail(request: Request, case_id: RecordId, ctx: WebCtx) -> Response:
    case = service.open_case(ctx, case_id)
    return _page(request, ctx, case, None)


@router.get("/cases/{case_id}/trail/{trace_id}")
def one_trace(request: Request, case_id: RecordId, trace_id: RecordId, ctx: WebCtx) -> Response:
    record = trails.read_trace(ctx, case_id, trace_id)
    case = service.open_case(ctx, case_id)
    return _page(request, ctx, case, record)


@router.get("/cases/{case_id}/trail/{trace_id}/flow.svg")
def picture(case_id: RecordId, trace_id: RecordId, ctx: WebCtx) -> Response:
    """The flow picture of a trace, drawn again from its stored result."""
    record = trails.read_trace(ctx, case_id, trace_id)
    return Response(flow_svg(record.answer()), media_type="image/svg+xml")


def _keep(uploads: list[UploadFile], folder: Path) -> list[trails.Named]:
    """Each upload copied a chunk at a time into ``folder``, under its own name (made unique)."""
    kept: list[trails.Named] = []
    for number, upload in enumerate(uploads):
        target = save_upload(upload, folder / f"{number}")
        kept.append(trails.Named(target, target.name))
    return kept


@router.post("/cases/{case_id}/trail", dependencies=[Csrf])
def run(
    request: Request,
    case_id: RecordId,
    ctx: WebCtx,
    transactions: Annotated[list[UploadFile] | None, File()] = None,
    tags: Annotated[UploadFile | None, File()] = None,
    seeds: Annotated[str, Form()] = "",
    policy: Annotated[str, Form()] = "haircut",
    max_hops: Annotated[str, Form()] = "",
    through_mixers: Annotated[str, Form()] = "",
) -> Response:
    """Run a trace on the uploaded files, keep it with the case, and show it."""
    case = service.open_case(ctx, case_id, Action.EDIT_CASE)
    values = {
        "seeds": seeds,
        "policy": policy,
        "max_hops": max_hops,
        "through_mixers": through_mixers,
    }
    errors: dict[str, str] = {}
    files = [u for u in transactions or [] if u.filename]
    if not files:
        errors["transactions"] = "choose the transaction file(s) to trace"
    chosen = _seeds(seeds)
    if not chosen:
        errors["seeds"] = "give at least one seed: an address, or TXID:VOUT for one output"
    elif len(chosen) > SEED_LIMIT or any(len(s) > 300 for s in chosen):
        errors["seeds"] = f"give at most {SEED_LIMIT} seeds of up to 300 characters each"
    try:
        parse_policy(policy)
    except ValueError as error:
        errors["policy"] = str(error)
    hops: int | None = None
    if max_hops.strip():
        if not max_hops.strip().isdigit() or int(max_hops) > 100_000:
            errors["max_hops"] = f"{max_hops!r} is not a number of hops (0 to 100000)"
        else:
            hops = int(max_hops)
    if errors:
        return _page(request, ctx, case, None, values=values, errors=errors, status_code=422)
    uploads = instance_dir() / "uploads"
    uploads.mkdir(mode=0o700, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=uploads) as folder:
        kept = _keep(files, Path(folder) / "transactions")
        extra = _keep([tags], Path(folder) / "tags") if tags is not None and tags.filename else []
        try:
            record = trails.run_trace(
                ctx,
                case_id,
                kept,
                chosen,
                trails.TraceOptions(
                    policy=policy, max_hops=hops, through_mixers=bool(through_mixers)
                ),
                folder=instance_dir(),
                extra_tags=extra,
            )
        except InvalidInputError as error:
            errors[error.field] = error.message
            return _page(request, ctx, case, None, values=values, errors=errors, status_code=422)
    return RedirectResponse(f"/cases/{case_id}/trail/{record.id}", status_code=303)
