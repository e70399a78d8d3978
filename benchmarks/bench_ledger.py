"""Custody ledger verification: events per second on one core.

Run: ``.venv/bin/python benchmarks/bench_ledger.py [EVENTS]`` (default 100,000). One chain of
EVENTS events is built and signed in memory (Ed25519, as the ledger does), then
``verify_chain`` checks every link, hash and signature. The baseline in the same process is the
bare cost of one Ed25519 verification per event with no hashing or chaining: the ratio says how
much of the verification time the signatures themselves take.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import time
from types import SimpleNamespace
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.signing import VerifyKey

from lexbridge.evidence.ledger import event_hash, verify_chain


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = SimpleNamespace(public_key=base64.b64encode(raw).decode(), authority="bench")
    item = hashlib.sha256(b"image").hexdigest()
    chain: list[dict[str, Any]] = []
    prev = item
    for seq in range(1, count + 1):
        fields: dict[str, Any] = {
            "seq": seq,
            "kind": "accessed",
            "actor": "examiner",
            "authority": "bench",
            "at": f"2026-11-27T12:00:{seq % 60:02d}.000000+00:00",
            "place": "laboratory",
            "purpose": "review",
            "tool": None,
            "tool_version": None,
            "detail": json.dumps({}),
            "prev_hash": prev,
            "key_id": "k1",
        }
        digest = event_hash(item, fields)
        chain.append(
            {
                **fields,
                "hash": digest,
                "signature": base64.b64encode(private.sign(bytes.fromhex(digest))).decode(),
            }
        )
        prev = digest
    start = time.perf_counter()
    problem, _ = verify_chain(item, chain, {"k1": key})  # type: ignore[dict-item]
    took = time.perf_counter() - start
    assert problem is None, problem
    public = VerifyKey(raw)
    signatures = [(bytes.fromhex(r["hash"]), base64.b64decode(r["signature"])) for r in chain]
    start = time.perf_counter()
    for message, signature in signatures:
        public.verify(message, signature)
    bare = time.perf_counter() - start
    print(
        f"{count:,} events: verify_chain {took:.2f} s = {count / took:,.0f} events/s (target 20,000/s)"
    )
    print(
        f"baseline: bare Ed25519 verification {bare:.2f} s = {count / bare:,.0f}/s; chain overhead ratio {took / bare:.2f}"
    )


if __name__ == "__main__":
    main()
