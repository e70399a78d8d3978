"""The casework operations: each checks who acts, does its work and records it in the audit log,
all in the caller's transaction, so that a step is kept whole or not at all.

The safeguards gate the workflow (LEGAL-SEMANTICS §7): a request goes for approval only with its
proportionality assessed point by point; a sourced penalty threshold of the route's instrument is a
hard gate; approval is by a prosecutor or judge who is not the author; and a request whose measure
needs a judge's order under the instrument or the requesting state's law cannot be sent until that
order is recorded.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from lexbridge.casework import audit
from lexbridge.casework.access import Action, allowed, roles_for
from lexbridge.casework.deadlines import RunningDeadline, offer_for, running_deadlines, urgency_key
from lexbridge.casework.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from lexbridge.casework.models import (
    Approval,
    Authority,
    Case,
    CaseMember,
    CooperationRequest,
    Direction,
    ExternalAuthorisation,
    LoginSession,
    Proportionality,
    RequestEvent,
    Role,
    User,
)
from lexbridge.casework.workflow import Status, TransitionRefusedError, check
from lexbridge.engine.analysis import Analysis, analyze, check_codes
from lexbridge.engine.authorisation import AuthorisationNeed, required_authorisation
from lexbridge.engine.case import Case as CaseFacts
from lexbridge.engine.criminality import criminality, penalty_range
from lexbridge.engine.jurisdiction import conduct_of
from lexbridge.engine.reasons import LawQueryError
from lexbridge.engine.routes import RouteOption, provider_state, routes
from lexbridge.engine.status import Status as Answer
from lexbridge.law import LawDataset, Measure
from lexbridge.law.instruments import EmergencyGround

SESSION_HOURS = 12
_hasher = PasswordHasher()

PROPORTIONALITY_POINTS = (
    "legitimate_aim",
    "offence_and_penalty",
    "necessity",
    "data_category",
    "scope",
    "less_intrusive_alternatives",
    "third_parties_and_privilege",
)
"""The checklist of LEGAL-SEMANTICS §7; each point needs the author's reasons."""


@dataclass
class Context:
    """Who acts, from where, on which law; every operation receives one."""

    session: Session
    user: User
    law: LawDataset
    remote_addr: str | None = None
    today: date | None = None

    @property
    def day(self) -> date:
        return self.today or datetime.now(UTC).date()

    def log(self, action: str, object_type: str, object_id: object = None, **detail: Any) -> None:
        audit.record(
            self.session,
            action=action,
            object_type=object_type,
            object_id=object_id,
            user_id=self.user.id,
            authority_id=self.user.authority_id,
            detail=detail,
            remote_addr=self.remote_addr,
        )

    def require(self, action: Action) -> None:
        if not allowed(self.user.role, action):
            raise ForbiddenError(
                f"role {self.user.role!r} may not {action.value.replace('_', ' ')}; roles that may: {', '.join(roles_for(action))}"
            )


# Accounts ---------------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    if len(password) < 12:
        raise InvalidInputError("password", "a password needs at least 12 characters")
    return _hasher.hash(password)


def add_authority(session: Session, code: str, name: str, state: str, law: LawDataset) -> Authority:
    if state not in law.jurisdictions:
        raise InvalidInputError("state", f"unknown state code {state!r}")
    if session.execute(select(Authority).where(Authority.code == code)).scalar_one_or_none():
        raise ConflictError(f"an authority with code {code!r} exists")
    authority = Authority(code=code, name=name, state=state)
    session.add(authority)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="authority",
        object_id=authority.id,
        authority_id=authority.id,
        detail={"code": code, "state": state},
    )
    return authority


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    authority_code: str,
    *,
    by: User | None = None,
) -> User:
    try:
        Role(role)
    except ValueError:
        raise InvalidInputError(
            "role", f"unknown role {role!r}; roles: {', '.join(r.value for r in Role)}"
        ) from None
    authority = session.execute(
        select(Authority).where(Authority.code == authority_code)
    ).scalar_one_or_none()
    if authority is None:
        raise InvalidInputError("authority", f"unknown authority {authority_code!r}")
    if by is not None and (by.role != Role.ADMIN or by.authority_id != authority.id):
        raise ForbiddenError("only an admin of the same authority adds its users")
    if session.execute(select(User).where(User.username == username)).scalar_one_or_none():
        raise ConflictError(f"the username {username!r} is taken")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        authority_id=authority.id,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="user",
        object_id=user.id,
        user_id=by.id if by else None,
        authority_id=authority.id,
        detail={"username": username, "role": role},
    )
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(
    session: Session, username: str, password: str, remote_addr: str | None = None
) -> tuple[str, datetime] | None:
    """A new session token for correct credentials, None otherwise (the caller records the
    failure in a transaction of its own, so that it is kept)."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    ok = False
    if user is not None and user.active:
        try:
            ok = _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    if not ok or user is None:
        return None
    token = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(hours=SESSION_HOURS)
    session.add(LoginSession(token_hash=_token_hash(token), user_id=user.id, expires_at=expires))
    audit.record(
        session,
        action="login",
        object_type="user",
        object_id=user.id,
        user_id=user.id,
        authority_id=user.authority_id,
        remote_addr=remote_addr,
    )
    return token, expires


def login_failed(session: Session, username: str, remote_addr: str | None) -> None:
    audit.record(
        session,
        action="login_failed",
        object_type="user",
        detail={"username": username[:64]},
        remote_addr=remote_addr,
    )


def user_for_token(session: Session, token: str) -> User | None:
    found = session.get(LoginSession, _token_hash(token))
    if found is None:
        return None
    expires = found.expires_at if found.expires_at.tzinfo else found.expires_at.replace(tzinfo=UTC)
    if expires < datetime.now(UTC):
        return None
    user = session.get(User, found.user_id)
    return user if user is not None and user.active else None


def logout(ctx: Context, token: str) -> None:
    found = ctx.session.get(LoginSession, _token_hash(token))
    if found is not None:
        ctx.session.delete(found)
    ctx.log("logout", "user", ctx.user.id)


# Cases ------------------------------------------------------------------------------------------


def validate_facts(facts: dict[str, Any], law: LawDataset) -> CaseFacts:
    """The facts as the case format reads them; the first bad field is named (422)."""
    try:
        parsed = CaseFacts.model_validate(facts)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "facts"
        raise InvalidInputError(f"facts.{field}", first["msg"]) from None
    bad = check_codes(parsed, law)
    if bad:
        field, _, message = bad[0].partition(": ")
        raise InvalidInputError(f"facts.{field}", message)
    return parsed


def create_case(ctx: Context, title: str, facts: dict[str, Any]) -> Case:
    ctx.require(Action.CREATE_CASE)
    facts = validate_facts(facts, ctx.law).model_dump(mode="json", exclude_unset=True)
    case = Case(
        authority_id=ctx.user.authority_id, title=title, facts=facts, created_by=ctx.user.id
    )
    ctx.session.add(case)
    ctx.session.flush()
    ctx.session.add(CaseMember(case_id=case.id, user_id=ctx.user.id))
    ctx.log("create", "case", case.id, title=title)
    return case


def _is_member(ctx: Context, case_id: int) -> bool:
    return ctx.session.get(CaseMember, (case_id, ctx.user.id)) is not None


def open_case(ctx: Context, case_id: int, action: Action = Action.READ_CASE) -> Case:
    """The case if the user may act on it: 404 for another authority's, 403 without membership."""
    case = ctx.session.get(Case, case_id)
    if case is None or case.authority_id != ctx.user.authority_id:
        raise NotFoundError(f"no case {case_id}")
    ctx.require(action)
    if not _is_member(ctx, case_id):
        raise ForbiddenError(f"you are not a member of case {case_id} (need to know)")
    return case


def list_cases(ctx: Context) -> list[Case]:
    ctx.require(Action.READ_CASE)
    query = (
        select(Case)
        .join(CaseMember, CaseMember.case_id == Case.id)
        .where(CaseMember.user_id == ctx.user.id, Case.authority_id == ctx.user.authority_id)
        .order_by(Case.id)
    )
    cases = list(ctx.session.execute(query).scalars())
    ctx.log("list", "case", count=len(cases))
    return cases


def read_case(ctx: Context, case_id: int) -> Case:
    case = open_case(ctx, case_id)
    ctx.log("read", "case", case_id)
    return case


def update_facts(ctx: Context, case_id: int, title: str | None, facts: dict[str, Any]) -> Case:
    case = open_case(ctx, case_id, Action.EDIT_CASE)
    case.facts = validate_facts(facts, ctx.law).model_dump(mode="json", exclude_unset=True)
    if title:
        case.title = title
    ctx.log("update", "case", case_id)
    return case


def add_member(ctx: Context, case_id: int, username: str) -> User:
    open_case(ctx, case_id, Action.MANAGE_MEMBERS)
    user = ctx.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or user.authority_id != ctx.user.authority_id:
        raise InvalidInputError("username", f"no user {username!r} in your authority")
    if ctx.session.get(CaseMember, (case_id, user.id)) is None:
        ctx.session.add(CaseMember(case_id=case_id, user_id=user.id))
    ctx.log("add_member", "case", case_id, member=username)
    return user


def case_analysis(ctx: Context, case_id: int) -> Analysis:
    case = open_case(ctx, case_id)
    ctx.log("analyse", "case", case_id)
    return analyze(validate_facts(case.facts, ctx.law), law=ctx.law, today=ctx.day)


# Requests ---------------------------------------------------------------------------------------


def _grounds(values: list[str]) -> frozenset[EmergencyGround]:
    try:
        return frozenset(EmergencyGround(v) for v in values)
    except ValueError:
        known = ", ".join(g.value for g in EmergencyGround)
        raise InvalidInputError(
            "emergency", f"unknown emergency ground in {values!r}; known: {known}"
        ) from None


def _route(
    ctx: Context,
    requesting: str,
    requested: str,
    measure: str,
    instrument: str,
    article: str,
    grounds: frozenset[EmergencyGround],
    provider: str | None,
) -> RouteOption:
    try:
        options = routes(
            requesting,
            requested,
            measure,
            ctx.day,
            emergency=grounds,
            provider=ctx.law.providers.get(provider) if provider else None,
            law=ctx.law,
        )
    except LawQueryError as error:
        raise InvalidInputError("route", str(error)) from None
    chosen = next((o for o in options if o.instrument == instrument and o.article == article), None)
    if chosen is None:
        offered = "; ".join(f"{o.instrument} {o.article}" for o in options) or "none"
        raise InvalidInputError(
            "route",
            f"{instrument} {article} does not carry {measure} from {requesting} to {requested}; routes: {offered}",
        )
    if chosen.available is Answer.NO:
        raise ConflictError(
            f"{chosen.title} {chosen.article} is not available from {requesting} to {requested} on {ctx.day}: "
            + " ".join(r.text for r in chosen.reasons[:2])
        )
    return chosen


def draft_request(
    ctx: Context,
    case_id: int,
    *,
    measure: str,
    instrument: str,
    article: str,
    requested_state: str | None,
    provider: str | None = None,
    identifiers: list[str] | None = None,
    window_start: date | None = None,
    window_end: date | None = None,
    emergency: list[str] | None = None,
) -> CooperationRequest:
    """An outgoing request drafted from a route that ``engine.routes`` offers on the day."""
    open_case(ctx, case_id, Action.DRAFT_REQUEST)
    try:
        Measure(measure)
    except ValueError:
        raise InvalidInputError("measure", f"unknown measure {measure!r}") from None
    if window_start and window_end and window_end < window_start:
        raise InvalidInputError(
            "window_end", f"the time window ends ({window_end}) before it starts ({window_start})"
        )
    grounds = _grounds(emergency or [])
    requesting = ctx.user.authority.state
    target = requested_state
    if provider is not None:
        found = ctx.law.providers.get(provider)
        if found is None:
            raise InvalidInputError("provider", f"unknown provider {provider!r}")
        target = target or provider_state(found, requesting, ctx.law)
    if target is None:
        raise InvalidInputError(
            "requested_state", "give the requested state or a provider whose state is recorded"
        )
    _route(ctx, requesting, target, measure, instrument, article, grounds, provider)
    request = CooperationRequest(
        case_id=case_id,
        direction=Direction.OUTGOING.value,
        measure=measure,
        instrument=instrument,
        article=article,
        requesting_state=requesting,
        requested_state=target,
        provider=provider,
        identifiers={"items": identifiers or []},
        window_start=window_start,
        window_end=window_end,
        emergency={"grounds": sorted(g.value for g in grounds)},
        status=Status.DRAFT.value,
        author_id=ctx.user.id,
    )
    ctx.session.add(request)
    ctx.session.flush()
    ctx.session.add(
        RequestEvent(
            request_id=request.id,
            from_status=None,
            to_status=Status.DRAFT.value,
            user_id=ctx.user.id,
            note="drafted",
        )
    )
    ctx.log(
        "create",
        "request",
        request.id,
        case=case_id,
        measure=measure,
        route=f"{instrument} {article}",
    )
    return request


def register_incoming(
    ctx: Context,
    *,
    case_id: int | None,
    title: str | None,
    requesting_state: str,
    measure: str,
    instrument: str,
    article: str,
    received_on: date,
    foreign_reference: str,
    offence: str,
    identifiers: list[str] | None = None,
    emergency: list[str] | None = None,
) -> CooperationRequest:
    """A request from abroad, entered by a liaison: its deadlines run against this unit."""
    ctx.require(Action.REGISTER_INCOMING)
    if offence not in ctx.law.offences:
        raise InvalidInputError("offence", f"unknown offence {offence!r}")
    own = ctx.user.authority.state
    if received_on > ctx.day:
        raise InvalidInputError(
            "received_on", f"the date of receipt {received_on} is in the future"
        )
    grounds = _grounds(emergency or [])
    _route(ctx, requesting_state, own, measure, instrument, article, grounds, None)
    if case_id is None:
        case = Case(
            authority_id=ctx.user.authority_id,
            title=title or f"Incoming request {foreign_reference} from {requesting_state}",
            facts={
                "title": title or f"Incoming request {foreign_reference} from {requesting_state}",
                "conduct_date": received_on.isoformat(),
                "forum": requesting_state,
                "conduct": [{"offence": offence}],
            },
            created_by=ctx.user.id,
        )
        ctx.session.add(case)
        ctx.session.flush()
        ctx.session.add(CaseMember(case_id=case.id, user_id=ctx.user.id))
        ctx.log("create", "case", case.id, incoming=foreign_reference)
        case_id = case.id
    else:
        open_case(ctx, case_id, Action.REGISTER_INCOMING)
    request = CooperationRequest(
        case_id=case_id,
        direction=Direction.INCOMING.value,
        measure=measure,
        instrument=instrument,
        article=article,
        requesting_state=requesting_state,
        requested_state=own,
        provider=None,
        identifiers={"items": identifiers or []},
        emergency={"grounds": sorted(g.value for g in grounds)},
        status=Status.DRAFT.value,
        author_id=ctx.user.id,
        foreign_reference=foreign_reference,
        received_on=received_on,
    )
    ctx.session.add(request)
    ctx.session.flush()
    ctx.session.add(
        RequestEvent(
            request_id=request.id,
            to_status=Status.DRAFT.value,
            user_id=ctx.user.id,
            event_date=received_on,
            note=f"received from {requesting_state} ({foreign_reference})",
        )
    )
    ctx.log("create", "request", request.id, incoming=True, requesting=requesting_state)
    return request


def open_request(
    ctx: Context, request_id: int, action: Action = Action.READ_CASE
) -> CooperationRequest:
    request = ctx.session.get(CooperationRequest, request_id)
    if request is None:
        raise NotFoundError(f"no request {request_id}")
    try:
        open_case(ctx, request.case_id, action)
    except NotFoundError:
        raise NotFoundError(f"no request {request_id}") from None
    return request


def assess_proportionality(
    ctx: Context,
    request_id: int,
    points: dict[str, str],
    offence: str | None,
    max_penalty_months: int | None,
) -> Proportionality:
    request = open_request(ctx, request_id, Action.ASSESS_PROPORTIONALITY)
    if request.status != Status.DRAFT:
        raise ConflictError(
            f"the proportionality assessment can change only in a draft; the request is {request.status}"
        )
    unknown = sorted(set(points) - set(PROPORTIONALITY_POINTS))
    if unknown:
        raise InvalidInputError(
            "points",
            f"unknown checklist points {unknown}; the points: {', '.join(PROPORTIONALITY_POINTS)}",
        )
    if offence is not None and offence not in ctx.law.offences:
        raise InvalidInputError("offence", f"unknown offence {offence!r}")
    record = ctx.session.get(Proportionality, request_id)
    if record is None:
        record = Proportionality(request_id=request_id, points={}, author_id=ctx.user.id)
        ctx.session.add(record)
    record.points = {k: v.strip() for k, v in points.items()}
    record.offence = offence
    record.max_penalty_months = max_penalty_months
    record.author_id = ctx.user.id
    record.at = datetime.now(UTC)
    ctx.log("assess_proportionality", "request", request_id)
    return record


def record_authorisation(
    ctx: Context, request_id: int, *, authority: str, decided_on: date, reference: str, scope: str
) -> ExternalAuthorisation:
    """A judge's, court's or independent authority's order, kept as an external document."""
    request = open_request(ctx, request_id, Action.RECORD_AUTHORISATION)
    if decided_on > ctx.day:
        raise InvalidInputError("decided_on", f"the order's date {decided_on} is in the future")
    order = ExternalAuthorisation(
        request_id=request.id,
        authority=authority,
        decided_on=decided_on,
        reference=reference,
        scope=scope,
        recorded_by=ctx.user.id,
    )
    ctx.session.add(order)
    ctx.session.flush()
    ctx.log("record_authorisation", "request", request_id, reference=reference)
    return order


def authorisation_need(ctx: Context, request: CooperationRequest) -> AuthorisationNeed:
    """The one function of ``engine`` decides; for an incoming request, under this state's law."""
    state = (
        request.requesting_state
        if request.direction == Direction.OUTGOING
        else request.requested_state
    )
    return required_authorisation(
        request.instrument,
        request.measure,
        state,
        ctx.day,
        emergency=_grounds(request.emergency.get("grounds", [])),
        article=request.article,
        law=ctx.law,
    )


def _missing_points(ctx: Context, request: CooperationRequest) -> list[str]:
    record = ctx.session.get(Proportionality, request.id)
    given = record.points if record else {}
    return [p for p in PROPORTIONALITY_POINTS if not str(given.get(p, "")).strip()]


def _dataset_penalty(
    ctx: Context, request: CooperationRequest
) -> tuple[float | None, float | None]:
    """The maximum penalty, in months, that the issuing state's law in the dataset gives the case's
    conduct: (certain, possible), as ``engine.criminality.penalty_range`` reads it."""
    case = ctx.session.get(Case, request.case_id)
    try:
        facts = validate_facts(case.facts, ctx.law) if case else None
    except InvalidInputError:
        return None, None
    if facts is None:
        return None, None
    conduct = conduct_of(facts)
    answer = criminality(request.requesting_state, conduct, facts.period.end, law=ctx.law)
    return penalty_range(answer, conduct, ctx.law)


def threshold_gate(ctx: Context, request: CooperationRequest) -> None:
    """A sourced penalty threshold of the route (e-Evidence art. 5(4): 3 years or a listed offence)
    is a hard gate: the request cannot go forward for an offence below it.

    The penalty is the dataset's own figure for the case's conduct in the issuing state where it
    decides the question (certainly above, or certainly below); otherwise the maximum the author
    states in the proportionality record."""
    offer = offer_for(request, ctx.law)
    rule = offer.dual_criminality if offer else None
    months = rule.threshold_months.requesting if rule and rule.required else None
    if months is None or rule is None:
        return
    record = ctx.session.get(Proportionality, request.id)
    listed = rule.list_exemption.offences if rule.list_exemption else ()
    if record is not None and record.offence in listed:
        return
    unless = f" unless the offence is one of: {', '.join(listed)}" if listed else ""
    certain, possible = _dataset_penalty(ctx, request)
    if certain is not None and certain >= months:
        return
    if possible is not None and possible < months:
        raise ConflictError(
            f"{request.instrument} {request.article} cannot be issued: under {request.requesting_state} law in the dataset the case's conduct carries at most {possible:g} months and the instrument requires at least {months}{unless} ({rule.source.cite()})"
        )
    if record is None or record.max_penalty_months is None:
        raise ConflictError(
            f"{request.instrument} {request.article} needs an offence punishable by a maximum of at least {months} months in the issuing state{unless}: record the offence and its maximum penalty in the proportionality assessment"
        )
    if record.max_penalty_months < months:
        raise ConflictError(
            f"{request.instrument} {request.article} cannot be issued: the offence carries at most {record.max_penalty_months} months and the instrument requires at least {months}{unless} ({rule.source.cite()})"
        )


_TRANSITION_ACTION = {
    Status.AWAITING_APPROVAL: Action.SUBMIT_REQUEST,
    Status.APPROVED: Action.APPROVE_REQUEST,
    Status.REFUSED: Action.APPROVE_REQUEST,
}


def transition_action(request: CooperationRequest, user: User, target: Status) -> Action:
    """The right a move needs: an approver's to decide, the author's own to recall or withdraw."""
    action = _TRANSITION_ACTION.get(target, Action.TRACK_REQUEST)
    if target is Status.DRAFT and request.status == Status.AWAITING_APPROVAL:
        action = Action.APPROVE_REQUEST if request.author_id != user.id else Action.SUBMIT_REQUEST
    if target is Status.WITHDRAWN and request.author_id == user.id:
        action = Action.SUBMIT_REQUEST
    return action


def may_move(request: CooperationRequest, user: User, target: Status) -> bool:
    """Whether ``user`` may make the move at all (role and four eyes); safeguards still apply."""
    if target in (Status.APPROVED, Status.REFUSED) and request.author_id == user.id:
        return False
    return allowed(user.role, transition_action(request, user, target))


def transition(
    ctx: Context,
    request_id: int,
    to: str,
    *,
    note: str | None = None,
    event_date: date | None = None,
) -> CooperationRequest:
    """Move a request along its transition table, with the safeguards each step needs."""
    request = open_request(ctx, request_id, Action.READ_CASE)
    try:
        target = check(request.direction, request.status, to)
    except TransitionRefusedError as refused:
        raise ConflictError(
            str(refused), allowed=sorted(a.value for a in refused.allowed)
        ) from None
    ctx.require(transition_action(request, ctx.user, target))
    day = event_date or ctx.day
    if event_date and event_date > ctx.day:
        raise InvalidInputError("event_date", f"the event's date {event_date} is in the future")

    if target is Status.AWAITING_APPROVAL:
        missing = _missing_points(ctx, request)
        if missing:
            raise ConflictError(
                f"the proportionality assessment lacks reasons for: {', '.join(missing)}",
                missing=missing,
            )
        threshold_gate(ctx, request)
    if target in (Status.APPROVED, Status.REFUSED):
        if request.author_id == ctx.user.id:
            raise ForbiddenError("four eyes: the author of a request cannot approve or refuse it")
        if target is Status.APPROVED:
            threshold_gate(ctx, request)
        ctx.session.add(
            Approval(request_id=request.id, user_id=ctx.user.id, decision=target.value, reason=note)
        )
        if target is Status.APPROVED and request.direction == Direction.INCOMING:
            request.recognised_on = day
    if target is Status.SENT:
        need = authorisation_need(ctx, request)
        orders = (
            ctx.session.execute(
                select(ExternalAuthorisation).where(ExternalAuthorisation.request_id == request.id)
            )
            .scalars()
            .first()
        )
        if need.court_order_required and orders is None:
            raise ConflictError(
                "this measure needs the order of a judge, a court or an investigating judge before it is sent: record it first ("
                + " ".join(r.text for r in need.reasons[:1])
                + ")"
            )
        request.sent_on = day
    if target is Status.ACKNOWLEDGED:
        request.acknowledged_on = ctx.day
        request.received_on = day

    event = RequestEvent(
        request_id=request.id,
        from_status=request.status,
        to_status=target.value,
        event_date=event_date,
        note=note,
        user_id=ctx.user.id,
    )
    ctx.session.add(event)
    ctx.log("transition", "request", request.id, to=target.value, **{"from": request.status})
    request.status = target.value
    request.updated_at = datetime.now(UTC)
    return request


def record_event(ctx: Context, request_id: int, kind: str, on: date) -> CooperationRequest:
    """A legal event a deadline runs from: the requested side's recognition, an arrest, receipt."""
    request = open_request(ctx, request_id, Action.TRACK_REQUEST)
    if on > ctx.day:
        raise InvalidInputError("on", f"the date {on} is in the future")
    columns = {"receipt": "received_on", "recognition": "recognised_on", "arrest": "arrested_on"}
    if kind not in columns:
        raise InvalidInputError("kind", f"unknown event {kind!r}; events: {', '.join(columns)}")
    setattr(request, columns[kind], on)
    ctx.session.add(
        RequestEvent(
            request_id=request.id,
            from_status=request.status,
            to_status=request.status,
            event_date=on,
            note=kind,
            user_id=ctx.user.id,
        )
    )
    ctx.log("record_event", "request", request.id, kind=kind, on=on)
    return request


def extend_preservation(ctx: Context, request_id: int) -> CooperationRequest:
    """Extend a preservation by the period its instrument allows (e-Evidence art. 11(1): 30 days)."""
    request = open_request(ctx, request_id, Action.TRACK_REQUEST)
    offer = offer_for(request, ctx.law)
    rule = offer.deadline if offer else None
    if rule is None or rule.purpose.value != "preservation" or not rule.extension_days:
        raise ConflictError(
            f"{request.instrument} {request.article} records no extension of the preservation period"
        )
    if request.preservation_extended:
        raise ConflictError("the preservation period was already extended")
    request.preservation_extended = True
    ctx.session.add(
        RequestEvent(
            request_id=request.id,
            from_status=request.status,
            to_status=request.status,
            note=f"preservation extended by {rule.extension_days} days",
            user_id=ctx.user.id,
        )
    )
    ctx.log("extend_preservation", "request", request.id)
    return request


def _moments(ctx: Context, request: CooperationRequest) -> dict[str, datetime]:
    moments: dict[str, datetime] = {}
    events = ctx.session.execute(
        select(RequestEvent).where(RequestEvent.request_id == request.id).order_by(RequestEvent.id)
    ).scalars()
    for event in events:
        at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
        if event.to_status == Status.SENT:
            moments["sent"] = at
        if event.to_status == Status.ACKNOWLEDGED or (
            event.to_status == Status.DRAFT
            and event.from_status is None
            and request.direction == Direction.INCOMING
        ):
            moments["receipt"] = at
        if event.note in ("recognition", "arrest", "receipt"):
            moments[event.note] = at
    return moments


def deadlines_of(ctx: Context, request: CooperationRequest) -> list[RunningDeadline]:
    return running_deadlines(request, ctx.law, datetime.now(UTC), moments=_moments(ctx, request))


def request_view(ctx: Context, request_id: int) -> dict[str, Any]:
    request = open_request(ctx, request_id)
    ctx.log("read", "request", request_id)
    s = ctx.session
    events = s.execute(
        select(RequestEvent).where(RequestEvent.request_id == request_id).order_by(RequestEvent.id)
    ).scalars()
    orders = s.execute(
        select(ExternalAuthorisation).where(ExternalAuthorisation.request_id == request_id)
    ).scalars()
    approvals = s.execute(select(Approval).where(Approval.request_id == request_id)).scalars()
    record = s.get(Proportionality, request_id)
    return {
        "request": request,
        "timeline": list(events),
        "authorisations": list(orders),
        "approvals": list(approvals),
        "proportionality": record,
        "authorisation_needed": authorisation_need(ctx, request),
        "deadlines": deadlines_of(ctx, request),
        "missing_points": _missing_points(ctx, request),
    }


def case_requests(ctx: Context, case_id: int) -> list[CooperationRequest]:
    open_case(ctx, case_id)
    ctx.log("list", "request", case=case_id)
    return list(
        ctx.session.execute(
            select(CooperationRequest)
            .where(CooperationRequest.case_id == case_id)
            .order_by(CooperationRequest.id)
        ).scalars()
    )


def all_deadlines(ctx: Context) -> list[RunningDeadline]:
    """Every running deadline of the requests in the user's cases, the most urgent first."""
    ctx.require(Action.READ_CASE)
    query = (
        select(CooperationRequest)
        .join(CaseMember, CaseMember.case_id == CooperationRequest.case_id)
        .join(Case, Case.id == CooperationRequest.case_id)
        .where(CaseMember.user_id == ctx.user.id, Case.authority_id == ctx.user.authority_id)
    )
    found: list[RunningDeadline] = []
    for request in ctx.session.execute(query).scalars():
        found.extend(d for d in deadlines_of(ctx, request) if d.due is not None)
    ctx.log("read", "deadlines", count=len(found))
    return sorted(found, key=urgency_key)


def audit_entries(ctx: Context, limit: int = 200) -> list[audit.AuditEntry]:
    """The audit of the user's own authority, newest first (data-protection officers, admins)."""
    ctx.require(Action.READ_AUDIT)
    query = (
        select(audit.AuditEntry)
        .where(audit.AuditEntry.authority_id == ctx.user.authority_id)
        .order_by(audit.AuditEntry.id.desc())
        .limit(limit)
    )
    entries = list(ctx.session.execute(query).scalars())
    ctx.log("read", "audit", count=len(entries))
    return entries
