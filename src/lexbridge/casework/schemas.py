"""The JSON shapes of the casework API: what comes in (validated, 422 on bad input) and goes out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from lexbridge.casework.deadlines import RunningDeadline as DeadlineOut  # the API shows it as is
from lexbridge.engine.authorisation import AuthorisationNeed

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Token = Annotated[str, StringConstraints(min_length=1, max_length=120)]


def _no_nul(value: Any, where: str = "") -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(f"{where or 'a text'} contains a NUL character")
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nul(key, where)
            _no_nul(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for item in value:
            _no_nul(item, where)


class _In(BaseModel):
    """Input: unknown fields are refused, and so is any text with a NUL character (which no
    database column can hold)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        _no_nul(data)
        return data


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LoginIn(_In):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SessionOut(_Out):
    token: str
    expires_at: datetime


class UserIn(_In):
    username: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.-]{3,64}$")]
    password: Annotated[str, StringConstraints(min_length=12, max_length=200)]
    role: Token


class UserOut(_Out):
    id: int
    username: str
    role: str
    authority_id: int


class MeOut(UserOut):
    authority_code: str
    authority_name: str
    state: str


class CaseIn(_In):
    title: Name
    facts: dict[str, Any] = Field(description="The case in the format of docs/analysis.md")


class CaseUpdate(_In):
    title: Name | None = None
    facts: dict[str, Any]


class CaseOut(_Out):
    id: int
    title: str
    authority_id: int
    facts: dict[str, Any]
    created_at: datetime


class MemberIn(_In):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class DraftIn(_In):
    measure: Token
    instrument: Token
    article: Token
    requested_state: Code | None = None
    provider: Token | None = None
    identifiers: list[Annotated[str, StringConstraints(min_length=1, max_length=300)]] = Field(
        default_factory=list, max_length=200
    )
    window_start: date | None = None
    window_end: date | None = None
    emergency: list[Token] = Field(default_factory=list, max_length=3)


class IncomingIn(_In):
    case_id: Annotated[int, Field(ge=1, le=2_147_483_647)] | None = None
    title: Name | None = None
    requesting_state: Code
    measure: Token
    instrument: Token
    article: Token
    received_on: date
    foreign_reference: Name
    offence: Token = Field(description="The harmonised offence the request concerns")
    identifiers: list[Annotated[str, StringConstraints(min_length=1, max_length=300)]] = Field(
        default_factory=list, max_length=200
    )
    emergency: list[Token] = Field(default_factory=list, max_length=3)


class RequestOut(_Out):
    id: int
    case_id: int
    direction: str
    measure: str
    instrument: str
    article: str
    requesting_state: str
    requested_state: str
    provider: str | None
    identifiers: dict[str, Any]
    window_start: date | None
    window_end: date | None
    emergency: dict[str, Any]
    status: str
    author_id: int
    foreign_reference: str | None
    sent_on: date | None
    received_on: date | None
    acknowledged_on: date | None
    recognised_on: date | None
    arrested_on: date | None
    preservation_extended: bool


class ProportionalityIn(_In):
    points: dict[Token, Annotated[str, StringConstraints(max_length=5000)]]
    offence: Token | None = None
    max_penalty_months: Annotated[int, Field(ge=0, le=2000)] | None = None


class ProportionalityOut(_Out):
    points: dict[str, Any]
    offence: str | None
    max_penalty_months: int | None
    author_id: int
    at: datetime


class AuthorisationIn(_In):
    authority: Name
    decided_on: date
    reference: Name
    scope: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class AuthorisationOut(_Out):
    id: int
    authority: str
    decided_on: date
    reference: str
    scope: str
    recorded_by: int


class TransitionIn(_In):
    to: Token
    note: Annotated[str, StringConstraints(max_length=5000)] | None = None
    event_date: date | None = None


class EventIn(_In):
    kind: Token
    on: date


class EventOut(_Out):
    from_status: str | None
    to_status: str
    event_date: date | None
    note: str | None
    user_id: int
    at: datetime


class ApprovalOut(_Out):
    user_id: int
    decision: str
    reason: str | None
    at: datetime


class RequestDetail(_Out):
    request: RequestOut
    timeline: list[EventOut]
    authorisations: list[AuthorisationOut]
    approvals: list[ApprovalOut]
    proportionality: ProportionalityOut | None
    missing_points: list[str]
    authorisation_needed: AuthorisationNeed
    deadlines: list[DeadlineOut]


class AuditOut(_Out):
    id: int
    at: str
    user_id: int | None
    authority_id: int | None
    action: str
    object_type: str
    object_id: str | None
    detail: str
    remote_addr: str | None


class VerdictOut(_Out):
    ok: bool
    entries: int
    problem: str | None
    entry_id: int | None


class ErrorOut(BaseModel):
    detail: str
    allowed: list[str] | None = None
