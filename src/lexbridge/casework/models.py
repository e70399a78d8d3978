"""The casework records, as typed SQLAlchemy 2 models.

Dates of legal events (receipt, recognition, arrest) are kept as the dates the instruments count
from; moments of work (created, decided, logged) are UTC timestamps. ``overdue`` is never stored:
it is derived from the deadlines each time (:mod:`lexbridge.casework.deadlines`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
    }


class Role(StrEnum):
    """What a user does in a unit; each role's rights are in :mod:`lexbridge.casework.access`."""

    INVESTIGATOR = "investigator"
    PROSECUTOR = "prosecutor"
    FORENSIC_EXAMINER = "forensic_examiner"
    FINANCIAL_INVESTIGATOR = "financial_investigator"
    JUDGE = "judge"
    """A judge or another independent authority."""
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    """Data-protection officer or auditor: reads the audit of their authority, not case data."""
    FOREIGN_LIAISON = "foreign_liaison"
    ANALYST = "analyst"
    ADMIN = "admin"


class Direction(StrEnum):
    OUTGOING = "outgoing"
    """This unit asks another state or a provider."""
    INCOMING = "incoming"
    """Another state asks this unit; the deadlines run against it."""


class Authority(Base):
    """A unit in a state: a prosecution office, a police cybercrime unit, a central authority."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    authority: Mapped[Authority] = relationship(lazy="joined")


class LoginSession(Base):
    """A server-side session: only the token's SHA-256 is stored."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class Case(Base):
    """A case of an authority; its facts are a document in the case format of ``lexbridge analyze``."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    title: Mapped[str] = mapped_column(String(300))
    facts: Mapped[dict[str, Any]]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseMember(Base):
    """Need-to-know: only members see a case."""

    __tablename__ = "case_members"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class CooperationRequest(Base):
    """A request for a measure, sent abroad or received from abroad, with its route and status."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    direction: Mapped[str] = mapped_column(String(16))
    measure: Mapped[str] = mapped_column(String(40))
    instrument: Mapped[str] = mapped_column(String(64))
    article: Mapped[str] = mapped_column(String(120))
    requesting_state: Mapped[str] = mapped_column(String(2))
    requested_state: Mapped[str] = mapped_column(String(2))
    provider: Mapped[str | None] = mapped_column(String(64))
    identifiers: Mapped[dict[str, Any]]
    """``{"items": [...]}``: accounts, addresses, wallet addresses, as the request names them."""
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date)
    emergency: Mapped[dict[str, Any]]
    """``{"grounds": [...]}``: what is threatened, in the instruments' emergency vocabulary."""
    status: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    foreign_reference: Mapped[str | None] = mapped_column(String(120))
    sent_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    """The day the requested side received it (from the acknowledgment, or our own receipt)."""
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    recognised_on: Mapped[date | None] = mapped_column(Date)
    arrested_on: Mapped[date | None] = mapped_column(Date)
    preservation_extended: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RequestEvent(Base):
    """Every change of a request's status, kept: the timeline."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    event_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Proportionality(Base):
    """The author's reasoned judgement, point by point, kept with the request (LEGAL-SEMANTICS §7)."""

    __tablename__ = "proportionality"

    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True)
    points: Mapped[dict[str, Any]]
    offence: Mapped[str | None] = mapped_column(String(64))
    max_penalty_months: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ExternalAuthorisation(Base):
    """The order of a judge, a court or an independent authority, recorded as a document."""

    __tablename__ = "external_authorisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    authority: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Approval(Base):
    """The four-eyes decision inside the unit: by a user who is not the author."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One read or write of case data. Append-only (database triggers refuse UPDATE and DELETE)
    and hash-chained: ``hash`` covers the entry and ``prev_hash``."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(Integer)
    authority_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest entry of the audit chain; locked by every append, so the chain never forks, and
    compared by verification, so a truncated tail is caught."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class EvidenceItem(Base):
    """A file of evidence in the content-addressed store, with where it came from."""

    __tablename__ = "evidence_items"
    __table_args__ = (UniqueConstraint("case_id", "exhibit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    exhibit: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    sha512: Mapped[str | None] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    collected_by: Mapped[str] = mapped_column(String(200))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    authorisation: Mapped[str | None] = mapped_column(Text)
    """JSON: what authorised the collection (kind, identifier, authority), as shown to a court."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CustodyEvent(Base):
    """One link of an item's chain of custody: signed by the acting authority's key, chained to
    the previous link by its hash. Append-only (database triggers)."""

    __tablename__ = "custody_events"
    __table_args__ = (UniqueConstraint("item_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    authority: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(40))
    place: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(Text)
    tool: Mapped[str | None] = mapped_column(String(200))
    tool_version: Mapped[str | None] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


class AuthorityKey(Base):
    """A public key: one of this instance's authorities (``own``) or a partner's, exchanged."""

    __tablename__ = "authority_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    authority: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(String(64))
    own: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]
