"""The chain of custody: per item, append-only events, each signed and chained to the last.

Each event's hash is the SHA-256 of its fields and of the previous event's hash (the first event
chains to the file's own SHA-256, binding the chain to the content); the acting authority signs
that hash with its Ed25519 key. Verification re-hashes the stored file, walks the chain and names
the first broken link and why: edited, deleted, inserted, reordered, signed by an unknown key, or
the file changed. A signed checkpoint of each chain's head, exported and kept outside the server,
catches a cut-off tail or a rewritten chain.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lexbridge.casework.models import AuthorityKey, Case, CustodyEvent, EvidenceItem
from lexbridge.evidence import keys
from lexbridge.evidence.store import Store, hash_file

KINDS = (
    "collected",
    "sealed",
    "transferred",
    "received",
    "accessed",
    "examined",
    "copied",
    "returned",
    "disposed",
)
FIELDS = (
    "seq",
    "kind",
    "actor",
    "authority",
    "at",
    "place",
    "purpose",
    "tool",
    "tool_version",
    "detail",
    "prev_hash",
    "key_id",
)
"""What an event's hash covers, after the item's SHA-256, in this order."""


def event_hash(item_sha256: str, fields: dict[str, Any]) -> str:
    body = json.dumps(
        [item_sha256, *(fields[name] for name in FIELDS)], separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(body.encode()).hexdigest()


def event_fields(event: CustodyEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in FIELDS}


def _canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class Ledger:
    """The custody ledger of one instance: its database session, instance folder and store."""

    session: Session
    folder: Path

    @property
    def store(self) -> Store:
        return Store(self.folder / "evidence")

    def events(self, item: EvidenceItem) -> list[CustodyEvent]:
        query = (
            select(CustodyEvent)
            .where(CustodyEvent.item_id == item.id)
            .order_by(CustodyEvent.seq, CustodyEvent.id)
        )
        return list(self.session.execute(query).scalars())

    def items(self, case_id: int) -> list[EvidenceItem]:
        query = (
            select(EvidenceItem).where(EvidenceItem.case_id == case_id).order_by(EvidenceItem.id)
        )
        return list(self.session.execute(query).scalars())

    def item(self, case_id: int, exhibit: str) -> EvidenceItem:
        found = self.session.execute(
            select(EvidenceItem).where(
                EvidenceItem.case_id == case_id, EvidenceItem.exhibit == exhibit
            )
        ).scalar_one_or_none()
        if found is None:
            raise LookupError(f"case {case_id} has no exhibit {exhibit!r}")
        return found

    def next_exhibit(self, case_id: int, prefer: str | None = None) -> str:
        """``prefer`` if the case has no such exhibit yet, else the next free ``EX-nnnn``."""
        taken = set(
            self.session.execute(
                select(EvidenceItem.exhibit).where(EvidenceItem.case_id == case_id)
            ).scalars()
        )
        if prefer and prefer not in taken:
            return prefer
        number = len(taken) + 1
        while f"EX-{number:04d}" in taken:
            number += 1
        return f"EX-{number:04d}"

    def append(
        self,
        item: EvidenceItem,
        kind: str,
        *,
        actor: str,
        authority: str,
        place: str,
        purpose: str,
        tool: str | None = None,
        tool_version: str | None = None,
        detail: dict[str, Any] | None = None,
        at: str | None = None,
        signer: str | None = None,
    ) -> CustodyEvent:
        """Add the next link of ``item``'s chain, signed by the current key of ``signer`` (default:
        the acting ``authority``; an import signs, as the importing unit, events recorded elsewhere)."""
        if kind not in KINDS:
            raise ValueError(f"unknown custody event {kind!r}; events: {', '.join(KINDS)}")
        for name, value in (("actor", actor), ("place", place), ("purpose", purpose)):
            if not value.strip():
                raise ValueError(f"a custody event needs its {name}")
        last = self.session.execute(
            select(CustodyEvent)
            .where(CustodyEvent.item_id == item.id)
            .order_by(CustodyEvent.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
        key = keys.ensure_key(self.session, signer or authority, self.folder)
        fields: dict[str, Any] = {
            "seq": (last.seq + 1) if last else 1,
            "kind": kind,
            "actor": actor,
            "authority": authority,
            "at": at or datetime.now(UTC).isoformat(timespec="microseconds"),
            "place": place,
            "purpose": purpose,
            "tool": tool,
            "tool_version": tool_version,
            "detail": json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
            "prev_hash": last.hash if last else item.sha256,
            "key_id": key.key_id,
        }
        digest = event_hash(item.sha256, fields)
        event = CustodyEvent(
            item_id=item.id,
            **fields,
            hash=digest,
            signature=keys.sign(self.folder, key, bytes.fromhex(digest)),
        )
        self.session.add(event)
        self.session.flush()
        return event

    def add_item(
        self,
        case: Case,
        source: Path,
        *,
        collected_by: str,
        authority: str,
        place: str,
        purpose: str,
        origin: str,
        request_id: int | None = None,
        authorisation: dict[str, str] | None = None,
        tool: str | None = None,
        tool_version: str | None = None,
        sha512: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> EvidenceItem:
        """Stream ``source`` into the store and open its chain with a ``collected`` event."""
        stored = self.store.add(source, sha512=sha512, progress=progress)
        item = EvidenceItem(
            case_id=case.id,
            exhibit=self.next_exhibit(case.id),
            sha256=stored.sha256,
            sha512=stored.sha512,
            size=stored.size,
            media_type=mimetypes.guess_type(source.name)[0] or "application/octet-stream",
            filename=source.name,
            source=origin,
            collected_by=collected_by,
            request_id=request_id,
            authorisation=json.dumps(authorisation, sort_keys=True) if authorisation else None,
        )
        self.session.add(item)
        self.session.flush()
        self.append(
            item,
            "collected",
            actor=collected_by,
            authority=authority,
            place=place,
            purpose=purpose,
            tool=tool,
            tool_version=tool_version,
            detail={"sha256": stored.sha256, "size": stored.size, "request": request_id},
        )
        return item

    def checkpoint(
        self, case_id: int, authority: str, exhibits: set[str] | None = None
    ) -> dict[str, Any]:
        """The signed heads of the case's chains (all, or ``exhibits``): keep it outside the server."""
        heads: dict[str, Any] = {}
        for item in self.items(case_id):
            if exhibits is not None and item.exhibit not in exhibits:
                continue
            chain = self.events(item)
            if chain:
                heads[item.exhibit] = {
                    "sha256": item.sha256,
                    "seq": chain[-1].seq,
                    "hash": chain[-1].hash,
                }
        key = keys.ensure_key(self.session, authority, self.folder)
        document: dict[str, Any] = {
            "format": "lexbridge-checkpoint/1",
            "case": case_id,
            "authority": authority,
            "key_id": key.key_id,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "heads": heads,
        }
        document["signature"] = keys.sign(self.folder, key, _canonical(document))
        return document


@dataclass
class Verdict:
    exhibit: str
    ok: bool
    problem: str | None = None
    events: int = 0
    notes: list[str] = field(default_factory=list)


def checkpoint_signed(document: dict[str, Any], known: dict[str, AuthorityKey]) -> bool:
    key = known.get(str(document.get("key_id")))
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    return key is not None and keys.verify_signature(
        key.public_key, _canonical(unsigned), str(document.get("signature", ""))
    )


def verify_chain(
    item_sha256: str,
    chain: list[dict[str, Any]],
    known: dict[str, AuthorityKey],
) -> tuple[str | None, int | None]:
    """The first broken link of a chain of event records, as (problem, seq), or (None, None)."""
    expected_prev, expected_seq = item_sha256, 1
    for record in chain:
        seq = record["seq"]
        if seq > expected_seq:
            return (
                f"event {expected_seq} is missing (deleted): the chain jumps to event {seq}",
                expected_seq,
            )
        if seq < expected_seq:
            return f"event {seq} appears twice (an event was inserted)", seq
        if record["prev_hash"] != expected_prev:
            return (
                f"event {seq} does not follow event {seq - 1}: the chain was reordered, or an event inserted or replaced",
                seq,
            )
        if event_hash(item_sha256, record) != record["hash"]:
            return f"event {seq} was edited: its content no longer matches its hash", seq
        key = known.get(record["key_id"])
        if key is None:
            return f"event {seq} is signed by an unknown key {record['key_id']}", seq
        if not keys.verify_signature(
            key.public_key, bytes.fromhex(record["hash"]), record["signature"]
        ):
            return (
                f"event {seq} carries a signature that does not match its content (edited or forged)",
                seq,
            )
        expected_prev, expected_seq = record["hash"], seq + 1
    return None, None


def verify_item(
    ledger: Ledger, item: EvidenceItem, checkpoint: dict[str, Any] | None = None
) -> Verdict:
    """Re-hash the file, walk the chain, and compare its head with the checkpoint if one is given."""
    path = ledger.store.path(item.sha256)
    if not path.exists():
        return Verdict(item.exhibit, False, f"{item.exhibit}: the stored file is missing")
    sha, _, size = hash_file(path)
    if sha != item.sha256 or size != item.size:
        return Verdict(
            item.exhibit, False, f"{item.exhibit}: the file changed (its SHA-256 is now {sha})"
        )
    chain = ledger.events(item)
    records = [{**event_fields(e), "hash": e.hash, "signature": e.signature} for e in chain]
    problem, _ = verify_chain(item.sha256, records, keys.known_keys(ledger.session))
    if problem:
        return Verdict(item.exhibit, False, f"{item.exhibit}: {problem}", len(chain))
    verdict = Verdict(item.exhibit, True, None, len(chain))
    if checkpoint is not None:
        head = checkpoint.get("heads", {}).get(item.exhibit)
        if head is None:
            verdict.notes.append("not in the checkpoint (added after it)")
        elif head["sha256"] != item.sha256:
            return Verdict(
                item.exhibit,
                False,
                f"{item.exhibit}: the checkpoint records another file",
                len(chain),
            )
        else:
            at = next((e for e in chain if e.seq == head["seq"]), None)
            if at is None:
                last = chain[-1].seq if chain else 0
                return Verdict(
                    item.exhibit,
                    False,
                    f"{item.exhibit}: the chain ends at event {last} but the checkpoint of {checkpoint.get('at')} records event {head['seq']}: the tail was cut off",
                    len(chain),
                )
            if at.hash != head["hash"]:
                return Verdict(
                    item.exhibit,
                    False,
                    f"{item.exhibit}: event {head['seq']} differs from the checkpoint: the chain was rewritten",
                    len(chain),
                )
    return verdict


def verify_case(
    ledger: Ledger, case_id: int, checkpoint: dict[str, Any] | None = None
) -> list[Verdict]:
    if checkpoint is not None and not checkpoint_signed(
        checkpoint, keys.known_keys(ledger.session)
    ):
        return [
            Verdict(
                "checkpoint", False, "the checkpoint's signature does not verify with a known key"
            )
        ]
    return [verify_item(ledger, item, checkpoint) for item in ledger.items(case_id)]
