"""The casework JSON API (FastAPI), documented by its OpenAPI at ``/api/openapi.json``.

Every endpoint but sign-in needs a bearer token from ``POST /api/session``; each runs in one
transaction with the audit entries it writes, so a step is kept whole or not at all. Errors:
401 without a valid token, 403 for a role or a case one may not act on, 404 for what does not
exist or belongs to another authority, 409 when the workflow or a safeguard refuses the step (the
allowed next states named), 422 for bad input (the field and the reason).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from lexbridge.casework import audit, service
from lexbridge.casework.access import Action
from lexbridge.casework.db import make_engine, session_factory
from lexbridge.casework.deadlines import RunningDeadline
from lexbridge.casework.errors import CaseworkError, InvalidInputError, UnauthenticatedError
from lexbridge.casework.models import User
from lexbridge.casework.schemas import (
    AuditOut,
    AuthorisationIn,
    AuthorisationOut,
    CaseIn,
    CaseOut,
    CaseUpdate,
    DraftIn,
    ErrorOut,
    EventIn,
    IncomingIn,
    LoginIn,
    MemberIn,
    MeOut,
    ProportionalityIn,
    ProportionalityOut,
    RequestDetail,
    RequestOut,
    SessionOut,
    TransitionIn,
    UserIn,
    UserOut,
    VerdictOut,
)
from lexbridge.engine.analysis import Analysis
from lexbridge.law import LawDataset, default_dataset

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No valid session token"},
    403: {"model": ErrorOut, "description": "The role or case membership does not allow it"},
    404: {"model": ErrorOut, "description": "Not found, or of another authority"},
    409: {"model": ErrorOut, "description": "The workflow or a safeguard refuses the step"},
}


def db(request: Request) -> Iterator[Session]:
    """One transaction per API call: its work and its audit entries commit together."""
    factory: sessionmaker[Session] = request.app.state.factory
    with factory() as session, session.begin():
        yield session


DbSession = Annotated[Session, Depends(db, scope="function")]
"""Scope "function": the transaction commits before the response is sent, so a client that gets
201 knows its record is stored, even if the server dies a moment later."""


bearer = HTTPBearer(auto_error=False, description="The token of POST /api/session")


def context(
    request: Request,
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> service.Context:
    user: User | None = None
    if credentials is not None and credentials.credentials:
        user = service.user_for_token(session, credentials.credentials.strip())
    if user is None:
        raise UnauthenticatedError(
            "sign in: send the token of POST /api/session as 'Authorization: Bearer <token>'"
        )
    where = request.client.host if request.client else None
    return service.Context(session, user, request.app.state.law, where)


Ctx = Annotated[service.Context, Depends(context)]
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def create_app(engine: Engine | None = None, law: LawDataset | None = None) -> FastAPI:
    """The API over ``engine`` (default: the configured database) and ``law`` (the bundled dataset)."""
    engine = engine or make_engine()
    factory = session_factory(engine)
    dataset = law or default_dataset()
    app = FastAPI(
        title="LexBridge casework API",
        version="1",
        description=__doc__,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.factory = factory
    app.state.law = dataset

    @app.exception_handler(CaseworkError)
    async def _casework_error(_request: Request, error: CaseworkError) -> JSONResponse:
        if isinstance(error, InvalidInputError):
            body: dict[str, Any] = {
                "detail": [
                    {
                        "loc": ["body", *error.field.split(".")],
                        "msg": error.message,
                        "type": "value_error",
                    }
                ]
            }
        else:
            body = {"detail": error.message, **error.extra}
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        return JSONResponse(body, status_code=error.status_code, headers=headers)

    app.include_router(_router(factory, dataset))
    return app


def _router(factory: sessionmaker[Session], law: LawDataset) -> APIRouter:
    router = APIRouter(prefix="/api", responses=ERRORS)

    @router.post("/session", response_model=SessionOut, tags=["session"])
    def sign_in(body: LoginIn, request: Request) -> SessionOut:
        """Sign in; the token is valid for 12 hours. Every attempt is in the audit log."""
        where = request.client.host if request.client else None
        with factory() as session, session.begin():
            found = service.login(session, body.username, body.password, where)
            if found is not None:
                return SessionOut(token=found[0], expires_at=found[1])
            service.login_failed(session, body.username, where)
        raise UnauthenticatedError("wrong username or password")

    @router.delete("/session", status_code=204, tags=["session"])
    def sign_out(
        ctx: Ctx, credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]
    ) -> None:
        service.logout(ctx, credentials.credentials.strip())

    @router.get("/me", response_model=MeOut, tags=["session"])
    def me(ctx: Ctx) -> MeOut:
        user = ctx.user
        return MeOut(
            id=user.id,
            username=user.username,
            role=user.role,
            authority_id=user.authority_id,
            authority_code=user.authority.code,
            authority_name=user.authority.name,
            state=user.authority.state,
        )

    @router.post("/users", response_model=UserOut, status_code=201, tags=["users"])
    def add_user(body: UserIn, ctx: Ctx) -> User:
        ctx.require(Action.MANAGE_USERS)
        return service.add_user(
            ctx.session,
            body.username,
            body.password,
            body.role,
            ctx.user.authority.code,
            by=ctx.user,
        )

    @router.get("/cases", response_model=list[CaseOut], tags=["cases"])
    def cases(ctx: Ctx) -> Any:
        return service.list_cases(ctx)

    @router.post("/cases", response_model=CaseOut, status_code=201, tags=["cases"])
    def create_case(body: CaseIn, ctx: Ctx) -> Any:
        return service.create_case(ctx, body.title, body.facts)

    @router.get("/cases/{case_id}", response_model=CaseOut, tags=["cases"])
    def read_case(case_id: RecordId, ctx: Ctx) -> Any:
        return service.read_case(ctx, case_id)

    @router.put("/cases/{case_id}", response_model=CaseOut, tags=["cases"])
    def update_case(case_id: RecordId, body: CaseUpdate, ctx: Ctx) -> Any:
        return service.update_facts(ctx, case_id, body.title, body.facts)

    @router.post(
        "/cases/{case_id}/members", response_model=UserOut, status_code=201, tags=["cases"]
    )
    def add_member(case_id: RecordId, body: MemberIn, ctx: Ctx) -> Any:
        return service.add_member(ctx, case_id, body.username)

    @router.get("/cases/{case_id}/analysis", response_model=Analysis, tags=["cases"])
    def analysis(case_id: RecordId, ctx: Ctx) -> Any:
        """Who can prosecute, criminality per state, extradition, routes: ``lexbridge analyze``."""
        return service.case_analysis(ctx, case_id)

    @router.get("/cases/{case_id}/requests", response_model=list[RequestOut], tags=["requests"])
    def case_requests(case_id: RecordId, ctx: Ctx) -> Any:
        return service.case_requests(ctx, case_id)

    @router.post(
        "/cases/{case_id}/requests", response_model=RequestOut, status_code=201, tags=["requests"]
    )
    def draft(case_id: RecordId, body: DraftIn, ctx: Ctx) -> Any:
        """Draft an outgoing request on a route ``engine.routes`` offers today."""
        return service.draft_request(ctx, case_id, **body.model_dump())

    @router.post("/incoming", response_model=RequestOut, status_code=201, tags=["requests"])
    def incoming(body: IncomingIn, ctx: Ctx) -> Any:
        """Register a request received from abroad: its deadlines run against this unit."""
        return service.register_incoming(ctx, **body.model_dump())

    @router.get("/requests/{request_id}", response_model=RequestDetail, tags=["requests"])
    def read_request(request_id: RecordId, ctx: Ctx) -> Any:
        return service.request_view(ctx, request_id)

    @router.put(
        "/requests/{request_id}/proportionality",
        response_model=ProportionalityOut,
        tags=["requests"],
    )
    def proportionality(request_id: RecordId, body: ProportionalityIn, ctx: Ctx) -> Any:
        return service.assess_proportionality(
            ctx, request_id, body.points, body.offence, body.max_penalty_months
        )

    @router.post(
        "/requests/{request_id}/authorisations",
        response_model=AuthorisationOut,
        status_code=201,
        tags=["requests"],
    )
    def authorisation(request_id: RecordId, body: AuthorisationIn, ctx: Ctx) -> Any:
        """Record the order of a judge, a court or an independent authority (an external document)."""
        return service.record_authorisation(ctx, request_id, **body.model_dump())

    @router.post("/requests/{request_id}/transitions", response_model=RequestOut, tags=["requests"])
    def move(request_id: RecordId, body: TransitionIn, ctx: Ctx) -> Any:
        """Move the request to its next status; 409 names the allowed ones."""
        return service.transition(
            ctx, request_id, body.to, note=body.note, event_date=body.event_date
        )

    @router.post("/requests/{request_id}/events", response_model=RequestOut, tags=["requests"])
    def event(request_id: RecordId, body: EventIn, ctx: Ctx) -> Any:
        """Record the date of receipt, recognition or arrest that a deadline runs from."""
        return service.record_event(ctx, request_id, body.kind, body.on)

    @router.post(
        "/requests/{request_id}/preservation-extension",
        response_model=RequestOut,
        tags=["requests"],
    )
    def extend(request_id: RecordId, ctx: Ctx) -> Any:
        return service.extend_preservation(ctx, request_id)

    @router.get("/deadlines", response_model=list[RunningDeadline], tags=["deadlines"])
    def deadlines(ctx: Ctx) -> Any:
        """Every running deadline across my cases: overdue, then emergencies, then by due time."""
        return service.all_deadlines(ctx)

    @router.get("/audit", response_model=list[AuditOut], tags=["audit"])
    def audit_log(ctx: Ctx) -> Any:
        return service.audit_entries(ctx)

    @router.get("/audit/verify", response_model=VerdictOut, tags=["audit"])
    def audit_verify(ctx: Ctx) -> Any:
        ctx.require(Action.READ_AUDIT)
        verdict = audit.verify(ctx.session)
        ctx.log("verify", "audit", ok=verdict.ok)
        return verdict

    return router
