"""The audit log: every read and write of case data, append-only and hash-chained.

Each entry's ``hash`` is the SHA-256 of its fields and the previous entry's hash; ``audit_head``
holds the newest id and hash. An append locks the head row inside the caller's transaction, so the
chain never forks and an entry exists exactly when the change it records was committed.
:func:`verify` recomputes the chain and names the first entry that was edited, deleted, inserted
or reordered, and a tail cut off after the head.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lexbridge.casework.models import AuditEntry, AuditHead

__all__ = ["GENESIS", "AuditEntry", "Verdict", "record", "verify"]

GENESIS = "0" * 64


FIELDS = (
    "id",
    "at",
    "user_id",
    "authority_id",
    "action",
    "object_type",
    "object_id",
    "detail",
    "remote_addr",
    "prev_hash",
)
"""What an entry's hash covers, in this order."""


def entry_hash(fields: dict[str, Any]) -> str:
    body = json.dumps([fields[name] for name in FIELDS], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: object | None = None,
    user_id: int | None = None,
    authority_id: int | None = None,
    detail: dict[str, Any] | None = None,
    remote_addr: str | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction (it commits or rolls back with the change)."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    fields: dict[str, Any] = {
        "id": head.last_id + 1,
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "user_id": user_id,
        "authority_id": authority_id,
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "detail": json.dumps(detail or {}, sort_keys=True, default=str, ensure_ascii=False),
        "remote_addr": remote_addr,
        "prev_hash": head.last_hash,
    }
    entry = AuditEntry(**fields, hash=entry_hash(fields))
    session.add(entry)
    head.last_id, head.last_hash = entry.id, entry.hash
    session.flush()
    return entry


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    problem: str | None = None
    entry_id: int | None = None


def verify(session: Session) -> Verdict:
    """Recompute the chain; the first broken link is named with what is wrong with it."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    expected_prev, expected_id, count = GENESIS, 1, 0
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        count += 1
        if entry.id != expected_id:
            return Verdict(
                False,
                count,
                f"entry {expected_id} is missing (deleted): the next entry is {entry.id}",
                expected_id,
            )
        fields: dict[str, Any] = {name: getattr(entry, name) for name in FIELDS}
        if entry.prev_hash != expected_prev:
            return Verdict(
                False,
                count,
                f"entry {entry.id} does not follow entry {entry.id - 1}: the chain was reordered, or an entry inserted or replaced",
                entry.id,
            )
        if entry_hash(fields) != entry.hash:
            return Verdict(
                False,
                count,
                f"entry {entry.id} was edited: its content no longer matches its hash",
                entry.id,
            )
        expected_prev, expected_id = entry.hash, entry.id + 1
    if (head.last_id, head.last_hash) != (expected_id - 1, expected_prev):
        return Verdict(
            False,
            count,
            f"the log ends at entry {expected_id - 1} but its head records entry {head.last_id}: entries were cut off the tail or added after it, or the head was rewritten",
            expected_id,
        )
    return Verdict(True, count)
