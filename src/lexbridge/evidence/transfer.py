"""Cross-border hand-over: a bundle another instance verifies before it takes the items in.

The sending authority appends a ``transferred`` event (with the legal basis) to each item's chain
and writes ``manifest.json`` (the items, their whole chains, the public keys that signed them and
a signed checkpoint) and ``files/<sha256>``. The receiving instance accepts only keys it already
holds as a partner's (exchanged beforehand), verifies every file, link and signature and the
checkpoint, stores the items with their chains unchanged, and continues each chain with its own
signed ``received`` event: the chain stays verifiable end to end across both authorities.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from lexbridge.casework.models import AuthorityKey, Case, CustodyEvent, EvidenceItem
from lexbridge.evidence import keys
from lexbridge.evidence.ledger import FIELDS, Ledger, checkpoint_signed, event_fields, verify_chain
from lexbridge.evidence.store import hash_file

FORMAT = "lexbridge-bundle/1"
ITEM_FIELDS = (
    "exhibit",
    "sha256",
    "sha512",
    "size",
    "media_type",
    "filename",
    "source",
    "collected_by",
)


class BundleError(ValueError):
    """The bundle does not verify; nothing was taken in."""


def export_bundle(
    ledger: Ledger,
    case: Case,
    exhibits: list[str],
    target: Path,
    *,
    to: str,
    actor: str,
    authority: str,
    place: str,
    legal_basis: str,
) -> Path:
    """Hand ``exhibits`` over to authority ``to``: record the transfer, then write the bundle."""
    if target.exists() and any(target.iterdir()):
        raise BundleError(f"{target} is not empty")
    items = [ledger.item(case.id, exhibit) for exhibit in exhibits]
    (target / "files").mkdir(parents=True, exist_ok=True)
    entries = []
    used: set[str] = set()
    for item in items:
        ledger.append(
            item,
            "transferred",
            actor=actor,
            authority=authority,
            place=place,
            purpose=f"hand-over to {to}",
            detail={"to": to, "legal_basis": legal_basis},
        )
        chain = ledger.events(item)
        used.update(e.key_id for e in chain)
        entries.append(
            {
                **{name: getattr(item, name) for name in ITEM_FIELDS},
                "events": [
                    {**event_fields(e), "hash": e.hash, "signature": e.signature} for e in chain
                ],
            }
        )
        shutil.copyfile(ledger.store.path(item.sha256), target / "files" / item.sha256)
    known = keys.known_keys(ledger.session)
    manifest = {
        "format": FORMAT,
        "from": authority,
        "to": to,
        "legal_basis": legal_basis,
        "items": entries,
        "keys": [
            {"authority": known[k].authority, "key_id": k, "public_key": known[k].public_key}
            for k in sorted(used)
        ],
        "checkpoint": ledger.checkpoint(case.id, authority, {i.exhibit for i in items}),
    }
    (target / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return target


def verify_bundle(source: Path, known: dict[str, AuthorityKey]) -> dict[str, Any]:
    """The manifest if every key is a known partner's and every file, link and head verifies."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BundleError(f"not a LexBridge bundle ({manifest.get('format')!r})")
    for key in manifest["keys"]:
        held = known.get(key["key_id"])
        if held is None:
            raise BundleError(
                f"the bundle is signed by {key['authority']}'s key {key['key_id']}, which this instance does not hold: import the partner's public key first"
            )
        if held.public_key != key["public_key"]:
            raise BundleError(
                f"key {key['key_id']} in the bundle differs from the one held for {held.authority}"
            )
    if not checkpoint_signed(manifest["checkpoint"], known):
        raise BundleError("the bundle's checkpoint is not signed by a known key")
    for entry in manifest["items"]:
        path = source / "files" / entry["sha256"]
        if not path.exists():
            raise BundleError(f"{entry['exhibit']}: its file is missing from the bundle")
        if hash_file(path)[0] != entry["sha256"]:
            raise BundleError(f"{entry['exhibit']}: its file in the bundle changed")
        problem, _ = verify_chain(entry["sha256"], entry["events"], known)
        if problem:
            raise BundleError(f"{entry['exhibit']}: {problem}")
        head = manifest["checkpoint"]["heads"].get(entry["exhibit"])
        last = entry["events"][-1]
        if head is None or (head["seq"], head["hash"]) != (last["seq"], last["hash"]):
            raise BundleError(
                f"{entry['exhibit']}: the chain's head does not match the bundle's checkpoint"
            )
    return dict(manifest)


def import_bundle(
    ledger: Ledger, source: Path, case: Case, *, actor: str, authority: str, place: str
) -> list[EvidenceItem]:
    """Take a verified bundle in and continue each chain with a ``received`` event."""
    manifest = verify_bundle(source, keys.known_keys(ledger.session))
    taken = []
    for entry in manifest["items"]:
        ledger.store.add_bytes_from(entry["sha256"], source / "files" / entry["sha256"])
        fields = {name: entry[name] for name in ITEM_FIELDS}
        fields["exhibit"] = ledger.next_exhibit(case.id, prefer=entry["exhibit"])
        fields["source"] = f"{entry['source']} (exhibit {entry['exhibit']} of {manifest['from']})"
        item = EvidenceItem(case_id=case.id, request_id=None, **fields)
        ledger.session.add(item)
        ledger.session.flush()
        for record in entry["events"]:
            ledger.session.add(
                CustodyEvent(
                    item_id=item.id,
                    **{name: record[name] for name in FIELDS},
                    hash=record["hash"],
                    signature=record["signature"],
                )
            )
        ledger.session.flush()
        ledger.append(
            item,
            "received",
            actor=actor,
            authority=authority,
            place=place,
            purpose=f"hand-over from {manifest['from']}",
            detail={"from": manifest["from"], "legal_basis": manifest["legal_basis"]},
        )
        taken.append(item)
    return taken
