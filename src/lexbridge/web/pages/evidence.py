"""Evidence: the case's items with their chain of custody, intake by upload, verification and the
admissibility report.

Every step is the library call that ``lexbridge evidence`` makes (:mod:`lexbridge.evidence.ledger`
and :mod:`lexbridge.evidence.report`), under the signed-in user and with the command's checks: the
case must be of the user's unit and the user one of its members (``open_case``: 404 for another
unit's case, 403 without membership), and taking files in, recording custody events, checkpoints
and reports are for the roles that handle evidence, as ``--by`` requires. Verifying is open to
whoever may read the case, as ``lexbridge evidence verify`` asks for no officer.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from lexbridge.casework import service
from lexbridge.casework.api import RecordId
from lexbridge.casework.config import instance_dir
from lexbridge.casework.errors import ConflictError, ForbiddenError, NotFoundError
from lexbridge.casework.models import (
    Case,
    CooperationRequest,
    CustodyEvent,
    EvidenceItem,
    ExternalAuthorisation,
    Role,
)
from lexbridge.evidence import keys
from lexbridge.evidence.ledger import (
    Ledger,
    Verdict,
    checkpoint_signed,
    verify_case,
    verify_item,
)
from lexbridge.evidence.report import checklist, render_html, render_pdf
from lexbridge.web.render import page
from lexbridge.web.security import Csrf, WebCtx
from lexbridge.web.uploads import save_upload

router = APIRouter(include_in_schema=False)

HANDLERS = frozenset(
    {
        Role.INVESTIGATOR,
        Role.PROSECUTOR,
        Role.FORENSIC_EXAMINER,
        Role.FINANCIAL_INVESTIGATOR,
        Role.FOREIGN_LIAISON,
    }
)
"""The roles that handle evidence: those ``lexbridge evidence --by`` accepts (``cli/evidence.py``)."""

LOGGED_KINDS = ("sealed", "accessed", "examined", "copied", "returned", "disposed")
"""Custody events recorded by hand; collection opens a chain, hand-over and receipt come with a
bundle (``lexbridge evidence handover`` and ``receive``)."""

EXHIBIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
CHECKPOINT_LIMIT = 5_000_000

BREAKS = (
    ("stored file is missing", "The file is missing from the store"),
    ("the file changed", "The file changed"),
    ("checkpoint records another file", "The file is not the one the checkpoint records"),
    ("(deleted)", "An event was deleted"),
    ("(an event was inserted)", "An event was inserted"),
    ("does not follow", "The chain was reordered, or an event inserted or replaced"),
    ("was edited", "An event was edited"),
    ("unknown key", "An event is signed by an unknown key"),
    ("signature that does not match", "A signature does not match its event"),
    ("tail was cut off", "Events were cut off the end of the chain"),
    ("chain was rewritten", "The chain was rewritten"),
    ("checkpoint's signature", "The checkpoint is not genuine"),
)
"""The first break, named in plain words, from the ledger's own description of it."""


@dataclass
class Check:
    """A verification as a reader sees it: intact, or the first break named."""

    exhibit: str
    ok: bool
    headline: str
    detail: str
    events: int
    notes: list[str] = field(default_factory=list)
    at: str = ""
    checkpoint: str | None = None


def _check(verdict: Verdict, checkpoint: dict[str, Any] | None) -> Check:
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    against = f"the checkpoint of {checkpoint.get('at')}" if checkpoint else None
    if verdict.ok:
        events = (
            "its one event is chained to the file and signed by a known key"
            if verdict.events == 1
            else f"all {verdict.events} events are chained to each other and signed by known keys"
        )
        detail = f"The stored file was hashed again and matches its SHA-256; {events}."
        if against and not verdict.notes:
            detail += f" The chain reaches the head recorded in {against}."
        return Check(
            verdict.exhibit, True, "Intact", detail, verdict.events, verdict.notes, at, against
        )
    problem = verdict.problem or "the chain does not verify"
    headline = next((h for key, h in BREAKS if key in problem), "The chain does not verify")
    return Check(verdict.exhibit, False, headline, problem, verdict.events, [], at, against)


def _ledger(ctx: service.Context) -> Ledger:
    return Ledger(ctx.session, instance_dir())


def _handler(ctx: service.Context) -> None:
    if ctx.user.role not in HANDLERS:
        raise ForbiddenError(
            f"role {ctx.user.role!r} does not handle evidence; roles that do: "
            + ", ".join(sorted(r.value for r in HANDLERS))
        )


def _item(ledger: Ledger, case_id: int, exhibit: str) -> EvidenceItem:
    try:
        return ledger.item(case_id, exhibit)
    except LookupError:
        raise NotFoundError(f"case {case_id} has no exhibit {exhibit!r}") from None


def size_text(size: int) -> str:
    """A size a reader takes in at a glance, with the exact bytes beside it."""
    value, unit = float(size), "bytes"
    for bigger in ("KB", "MB", "GB", "TB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    shown = f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit} ({size:,} bytes)"
    return shown


def when(at: str) -> str:
    """An event's ISO time, to the second, in UTC."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _event_view(event: CustodyEvent, known: dict[str, Any]) -> dict[str, Any]:
    key = known.get(event.key_id)
    return {
        "seq": event.seq,
        "kind": event.kind,
        "actor": event.actor,
        "authority": event.authority,
        "at": event.at,
        "when": when(event.at),
        "place": event.place,
        "purpose": event.purpose,
        "tool": " ".join(p for p in (event.tool, event.tool_version) if p),
        "key_id": event.key_id,
        "key_owner": key.authority if key else None,
        "key_retired": bool(key and key.retired_at),
        "detail": json.loads(event.detail or "{}"),
    }


def _last_events(ctx: service.Context, items: list[EvidenceItem]) -> dict[int, CustodyEvent]:
    last: dict[int, CustodyEvent] = {}
    if not items:
        return last
    query = (
        select(CustodyEvent)
        .where(CustodyEvent.item_id.in_([i.id for i in items]))
        .order_by(CustodyEvent.item_id, CustodyEvent.seq)
    )
    for event in ctx.session.execute(query).scalars():
        last[event.item_id] = event
    return last


def _authorities(
    ctx: service.Context, case_id: int
) -> tuple[list[CooperationRequest], list[ExternalAuthorisation]]:
    """What may have authorised a collection: the case's requests and the orders recorded on them."""
    requests = list(
        ctx.session.execute(
            select(CooperationRequest)
            .where(CooperationRequest.case_id == case_id)
            .order_by(CooperationRequest.id)
        ).scalars()
    )
    orders = (
        list(
            ctx.session.execute(
                select(ExternalAuthorisation)
                .where(ExternalAuthorisation.request_id.in_([r.id for r in requests]))
                .order_by(ExternalAuthorisation.id)
            ).scalars()
        )
        if requests
        else []
    )
    return requests, orders


def _authorisation_text(ctx: service.Context, item: EvidenceItem) -> str | None:
    if item.request_id is not None:
        request = ctx.session.get(CooperationRequest, item.request_id)
        if request is not None:
            return (
                f"Request {request.id}: {request.measure.replace('_', ' ')} under "
                f"{request.instrument} {request.article} ({request.status.replace('_', ' ')})"
            )
    if item.authorisation:
        order = json.loads(item.authorisation)
        return f"{order.get('kind')}: {order.get('authority')}, ref. {order.get('identifier')}"
    return None


def _list_page(
    request: Request,
    ctx: service.Context,
    case: Case,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    verdicts: list[Check] | None = None,
    status_code: int = 200,
) -> Response:
    ledger = _ledger(ctx)
    items = ledger.items(case.id)
    last = _last_events(ctx, items)
    requests, orders = _authorities(ctx, case.id)
    rows = [
        {
            "item": item,
            "size": size_text(item.size),
            "last": last.get(item.id),
            "last_when": when(last[item.id].at) if item.id in last else "",
        }
        for item in items
    ]
    ctx.log("list", "evidence", case.id, count=len(items))
    context: dict[str, Any] = {
        "user": ctx.user,
        "case": case,
        "rows": rows,
        "handler": ctx.user.role in HANDLERS,
        "handlers": sorted(r.value.replace("_", " ") for r in HANDLERS),
        "requests": requests,
        "orders": orders,
        "next_exhibit": ledger.next_exhibit(case.id),
        "values": values or {"purpose": "collection for the case"},
        "errors": errors or {},
        "verdicts": verdicts,
        "added": request.query_params.get("added"),
    }
    return page(request, "evidence.html", context, status_code=status_code)


@router.get("/cases/{case_id}/evidence")
def evidence_list(request: Request, case_id: RecordId, ctx: WebCtx) -> Response:
    case = service.open_case(ctx, case_id)
    return _list_page(request, ctx, case)


def _intake_errors(
    values: dict[str, str], upload: UploadFile | None, ledger: Ledger, case_id: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if upload is None or not upload.filename:
        errors["file"] = "choose the file to take in"
    for name, label in (("source", "where the file comes from"), ("place", "where it is taken in")):
        if not values[name].strip():
            errors[name] = f"give {label}"
        elif len(values[name]) > (300 if name == "place" else 5000):
            errors[name] = f"shorten it to {300 if name == 'place' else 5000} characters"
    if not values["purpose"].strip():
        errors["purpose"] = "give the purpose of the collection"
    exhibit = values["exhibit"].strip()
    if exhibit and not EXHIBIT.fullmatch(exhibit):
        errors["exhibit"] = (
            f"{exhibit!r} is not an exhibit number: use letters, digits, '.', '_' or '-' "
            "(up to 40, starting with a letter or digit), or leave it empty"
        )
    elif exhibit and ledger.next_exhibit(case_id, exhibit) != exhibit:
        errors["exhibit"] = f"the case already has exhibit {exhibit}: choose another number"
    order = [values[k].strip() for k in ("order_kind", "order_authority", "order_reference")]
    if any(order[1:]) and not all(order[1:]):
        errors["order_authority"] = (
            "give both the authority that issued the order and its reference, or neither"
        )
    elif all(order[1:]) and values["authorised_by"]:
        errors["authorised_by"] = (
            "choose the request or recorded order, or describe another order, not both"
        )
    for name, limit in (("tool", 200), ("tool_version", 80), ("order_reference", 120)):
        if len(values[name]) > limit:
            errors[name] = f"shorten it to {limit} characters"
    return errors


@router.post("/cases/{case_id}/evidence", dependencies=[Csrf])
def intake(
    request: Request,
    case_id: RecordId,
    ctx: WebCtx,
    file: Annotated[UploadFile | None, File()] = None,
    exhibit: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    purpose: Annotated[str, Form()] = "",
    authorised_by: Annotated[str, Form()] = "",
    order_kind: Annotated[str, Form()] = "",
    order_authority: Annotated[str, Form()] = "",
    order_reference: Annotated[str, Form()] = "",
    tool: Annotated[str, Form()] = "",
    tool_version: Annotated[str, Form()] = "",
    sha512: Annotated[str, Form()] = "",
) -> Response:
    """Take a file in as ``lexbridge evidence add`` does: streamed into the store, hashed on the
    way, and its chain of custody opened with a signed ``collected`` event."""
    case = service.open_case(ctx, case_id)
    _handler(ctx)
    ledger = _ledger(ctx)
    values = {
        "exhibit": exhibit,
        "source": source,
        "place": place,
        "purpose": purpose,
        "authorised_by": authorised_by,
        "order_kind": order_kind,
        "order_authority": order_authority,
        "order_reference": order_reference,
        "tool": tool,
        "tool_version": tool_version,
        "sha512": sha512,
    }
    errors = _intake_errors(values, file, ledger, case_id)
    request_id, order = _authorised_by(ctx, case_id, values, errors)
    if errors or file is None:
        return _list_page(request, ctx, case, values=values, errors=errors, status_code=422)
    uploads = instance_dir() / "uploads"
    uploads.mkdir(mode=0o700, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=uploads) as folder:
        path = save_upload(file, Path(folder))
        item = ledger.add_item(
            case,
            path,
            collected_by=ctx.user.username,
            authority=ctx.user.authority.code,
            place=place.strip(),
            purpose=purpose.strip(),
            origin=source.strip(),
            request_id=request_id,
            authorisation=order,
            tool=tool.strip() or None,
            tool_version=tool_version.strip() or None,
            sha512=bool(sha512),
        )
    wanted = exhibit.strip()
    if wanted and wanted != item.exhibit:
        if ledger.next_exhibit(case_id, wanted) != wanted:
            raise ConflictError(f"the case already has exhibit {wanted}: choose another number")
        item.exhibit = wanted
        ctx.session.flush()
    ctx.log("evidence_added", "evidence", case_id, exhibit=item.exhibit, sha256=item.sha256)
    return RedirectResponse(f"/cases/{case_id}/evidence/{quote(item.exhibit)}", status_code=303)


def _authorised_by(
    ctx: service.Context, case_id: int, values: dict[str, str], errors: dict[str, str]
) -> tuple[int | None, dict[str, str] | None]:
    """The request of the case, a recorded order, or an order described on the form."""
    choice = values["authorised_by"]
    kind, _, number = choice.partition(":")
    if choice and (kind not in ("request", "order") or not number.isdigit()):
        errors["authorised_by"] = f"{choice!r} is not a request or order of this case"
        return None, None
    if kind == "request":
        request = ctx.session.get(CooperationRequest, int(number))
        if request is None or request.case_id != case_id:
            errors["authorised_by"] = f"case {case_id} has no request {number}"
            return None, None
        return request.id, None
    if kind == "order":
        order = ctx.session.get(ExternalAuthorisation, int(number))
        request = ctx.session.get(CooperationRequest, order.request_id) if order else None
        if order is None or request is None or request.case_id != case_id:
            errors["authorised_by"] = f"case {case_id} has no recorded order {number}"
            return None, None
        return None, {
            "kind": "order of a judge or court",
            "authority": order.authority,
            "identifier": order.reference,
            "decided_on": order.decided_on.isoformat(),
        }
    if values["order_authority"].strip() and values["order_reference"].strip():
        return None, {
            "kind": values["order_kind"].strip() or "order",
            "authority": values["order_authority"].strip(),
            "identifier": values["order_reference"].strip(),
        }
    return None, None


@router.post("/cases/{case_id}/evidence/verify", dependencies=[Csrf])
def verify_all(request: Request, case_id: RecordId, ctx: WebCtx) -> Response:
    """Every item of the case, as ``lexbridge evidence verify`` checks them."""
    case = service.open_case(ctx, case_id)
    verdicts = [_check(v, None) for v in verify_case(_ledger(ctx), case_id)]
    ctx.log(
        "verify",
        "evidence",
        case_id,
        items=len(verdicts),
        broken=[v.exhibit for v in verdicts if not v.ok],
    )
    if request.headers.get("hx-request"):
        return page(request, "_evidence_verdicts.html", {"verdicts": verdicts, "case": case})
    return _list_page(request, ctx, case, verdicts=verdicts)


def _item_page(
    request: Request,
    ctx: service.Context,
    case: Case,
    item: EvidenceItem,
    *,
    check: Check | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    ledger = _ledger(ctx)
    known = keys.known_keys(ctx.session)
    context: dict[str, Any] = {
        "user": ctx.user,
        "case": case,
        "item": item,
        "exhibit_url": f"/cases/{case.id}/evidence/{quote(item.exhibit)}",
        "size": size_text(item.size),
        "authorisation": _authorisation_text(ctx, item),
        "events": [_event_view(e, known) for e in ledger.events(item)],
        "check": check,
        "handler": ctx.user.role in HANDLERS,
        "kinds": LOGGED_KINDS,
        "errors": errors or {},
        "values": values or {},
    }
    return page(request, "evidence_item.html", context, status_code=status_code)


@router.get("/cases/{case_id}/evidence/{exhibit}")
def item_page(request: Request, case_id: RecordId, exhibit: str, ctx: WebCtx) -> Response:
    case = service.open_case(ctx, case_id)
    item = _item(_ledger(ctx), case_id, exhibit)
    ctx.log("read", "evidence", case_id, exhibit=item.exhibit)
    return _item_page(request, ctx, case, item)


def _checkpoint(upload: UploadFile | None) -> dict[str, Any] | None:
    """A checkpoint file given with a verification, or None; bad files are named."""
    if upload is None or not upload.filename:
        return None
    name = Path(upload.filename).name
    data = upload.file.read(CHECKPOINT_LIMIT + 1)
    if len(data) > CHECKPOINT_LIMIT:
        raise _BadCheckpointError(f"{name} is too large to be a checkpoint")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise _BadCheckpointError(f"{name} is not a checkpoint: it is not JSON") from None
    if not isinstance(document, dict) or document.get("format") != "lexbridge-checkpoint/1":
        raise _BadCheckpointError(
            f"{name} is not a checkpoint: its format is not lexbridge-checkpoint/1"
        )
    return document


class _BadCheckpointError(ValueError):
    pass


@router.post("/cases/{case_id}/evidence/{exhibit}/verify", dependencies=[Csrf])
def verify(
    request: Request,
    case_id: RecordId,
    exhibit: str,
    ctx: WebCtx,
    checkpoint: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Re-hash the file and walk the chain, as ``lexbridge evidence verify`` does, against a
    checkpoint kept outside the server if one is given."""
    case = service.open_case(ctx, case_id)
    ledger = _ledger(ctx)
    item = _item(ledger, case_id, exhibit)
    try:
        anchor = _checkpoint(checkpoint)
    except _BadCheckpointError as error:
        return _item_page(
            request, ctx, case, item, errors={"checkpoint": str(error)}, status_code=422
        )
    if anchor is not None and not checkpoint_signed(anchor, keys.known_keys(ctx.session)):
        verdict = Verdict(
            item.exhibit, False, "the checkpoint's signature does not verify with a known key"
        )
    else:
        verdict = verify_item(ledger, item, anchor)
    check = _check(verdict, anchor)
    ctx.log(
        "verify",
        "evidence",
        case_id,
        exhibit=item.exhibit,
        ok=check.ok,
        problem=None if check.ok else check.detail,
        checkpoint=anchor.get("at") if anchor else None,
    )
    return _item_page(request, ctx, case, item, check=check)


@router.post("/cases/{case_id}/evidence/{exhibit}/events", dependencies=[Csrf])
def log_event(
    request: Request,
    case_id: RecordId,
    exhibit: str,
    ctx: WebCtx,
    kind: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    purpose: Annotated[str, Form()] = "",
    tool: Annotated[str, Form()] = "",
    tool_version: Annotated[str, Form()] = "",
) -> Response:
    """Add a custody event, as ``lexbridge evidence log`` does: signed and chained to the last."""
    case = service.open_case(ctx, case_id)
    _handler(ctx)
    ledger = _ledger(ctx)
    item = _item(ledger, case_id, exhibit)
    values = {
        "kind": kind,
        "place": place,
        "purpose": purpose,
        "tool": tool,
        "tool_version": tool_version,
    }
    errors: dict[str, str] = {}
    if kind not in LOGGED_KINDS:
        errors["kind"] = f"choose the event: {', '.join(LOGGED_KINDS)}"
    for name, label, limit in (
        ("place", "where it happens", 300),
        ("purpose", "why it happens", 5000),
    ):
        if not values[name].strip():
            errors[name] = f"give {label}"
        elif len(values[name]) > limit:
            errors[name] = f"shorten it to {limit} characters"
    for name, limit in (("tool", 200), ("tool_version", 80)):
        if len(values[name]) > limit:
            errors[name] = f"shorten it to {limit} characters"
    if errors:
        return _item_page(request, ctx, case, item, errors=errors, values=values, status_code=422)
    event = ledger.append(
        item,
        kind,
        actor=ctx.user.username,
        authority=ctx.user.authority.code,
        place=place.strip(),
        purpose=purpose.strip(),
        tool=tool.strip() or None,
        tool_version=tool_version.strip() or None,
    )
    ctx.log("custody_event", "evidence", case_id, exhibit=item.exhibit, kind=kind, seq=event.seq)
    return RedirectResponse(
        f"/cases/{case_id}/evidence/{quote(item.exhibit)}#custody", status_code=303
    )


def _report_parts(
    ctx: service.Context, case_id: int, exhibit: str, form: str
) -> tuple[Case, Ledger, EvidenceItem, dict[str, Any]]:
    """What ``lexbridge evidence report`` reads: the item and a signed checkpoint of its chain."""
    case = service.open_case(ctx, case_id)
    _handler(ctx)
    ledger = _ledger(ctx)
    item = _item(ledger, case_id, exhibit)
    anchor = ledger.checkpoint(case_id, ctx.user.authority.code, {item.exhibit})
    ctx.log("report", "evidence", case_id, exhibit=item.exhibit, format=form)
    return case, ledger, item, anchor


def _download_name(case_id: int, exhibit: str, suffix: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", exhibit)
    return f"admissibility-case{case_id}-{safe}.{suffix}"


@router.get("/cases/{case_id}/evidence/{exhibit}/report")
def report(request: Request, case_id: RecordId, exhibit: str, ctx: WebCtx) -> Response:
    """The admissibility report in the browser: the checklist a foreign court reads, the chain
    and the signed checkpoint of its head, from the same library calls as the PDF."""
    case, ledger, item, anchor = _report_parts(ctx, case_id, exhibit, "html-page")
    context: dict[str, Any] = {
        "user": ctx.user,
        "case": case,
        "item": item,
        "exhibit_url": f"/cases/{case.id}/evidence/{quote(item.exhibit)}",
        "size": size_text(item.size),
        "checks": checklist(ledger, item, anchor),
        "events": [_event_view(e, keys.known_keys(ctx.session)) for e in ledger.events(item)],
        "checkpoint": anchor,
        "checkpoint_json": json.dumps(anchor, sort_keys=True),
    }
    return page(request, "evidence_report.html", context)


@router.get("/cases/{case_id}/evidence/{exhibit}/report.pdf")
def report_pdf(case_id: RecordId, exhibit: str, ctx: WebCtx) -> Response:
    case, ledger, item, anchor = _report_parts(ctx, case_id, exhibit, "pdf")
    html = render_html(ledger, case, item, anchor)
    with tempfile.TemporaryDirectory() as folder:
        target = render_pdf(html, Path(folder) / "report.pdf")
        content = target.read_bytes()
    name = _download_name(case_id, item.exhibit, "pdf")
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/cases/{case_id}/evidence/{exhibit}/report.html")
def report_document(case_id: RecordId, exhibit: str, ctx: WebCtx) -> Response:
    """The report as the stand-alone HTML document of ``lexbridge evidence report --html``."""
    case, ledger, item, anchor = _report_parts(ctx, case_id, exhibit, "html")
    name = _download_name(case_id, item.exhibit, "html")
    return Response(
        render_html(ledger, case, item, anchor),
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/cases/{case_id}/evidence/{exhibit}/checkpoint.json")
def checkpoint_file(case_id: RecordId, exhibit: str, ctx: WebCtx) -> Response:
    """A signed checkpoint of the item's chain, as ``lexbridge evidence checkpoint`` writes: keep
    it outside the server, and give it to Verify to catch a chain cut off or rewritten since."""
    service.open_case(ctx, case_id)
    _handler(ctx)
    ledger = _ledger(ctx)
    item = _item(ledger, case_id, exhibit)
    document = ledger.checkpoint(case_id, ctx.user.authority.code, {item.exhibit})
    ctx.log("checkpoint", "evidence", case_id, heads=len(document["heads"]), exhibit=item.exhibit)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", item.exhibit)
    stamp = re.sub(r"[^0-9T]", "", str(document["at"]))[:15]
    return Response(
        json.dumps(document, indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="checkpoint-case{case_id}-{safe}-{stamp}.json"'
        },
    )
