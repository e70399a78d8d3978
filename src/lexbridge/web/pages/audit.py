"""The audit log for oversight: data-protection officers and administrators read their unit's
log and recompute its hash chain; they see who did what, not the case data itself."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lexbridge.casework import audit, service
from lexbridge.casework.access import Action
from lexbridge.web.render import page
from lexbridge.web.security import Csrf, WebCtx

router = APIRouter(include_in_schema=False)


def _audit_page(request: Request, ctx: service.Context, verdict: audit.Verdict | None) -> Response:
    entries = service.audit_entries(ctx)
    return page(request, "audit.html", {"user": ctx.user, "entries": entries, "verdict": verdict})


@router.get("/audit")
def audit_log(request: Request, ctx: WebCtx) -> Response:
    return _audit_page(request, ctx, None)


@router.post("/audit/verify", dependencies=[Csrf])
def verify(request: Request, ctx: WebCtx) -> Response:
    """Recompute the chain: "intact", or the first entry edited, deleted, inserted or reordered."""
    ctx.require(Action.READ_AUDIT)
    verdict = audit.verify(ctx.session)
    ctx.log("verify", "audit", ok=verdict.ok)
    return _audit_page(request, ctx, verdict)
