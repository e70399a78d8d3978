"""Evidence intake and the chain of custody: every kind of tampering is caught and named, a cut-off
tail against the exported checkpoint; hand-over between two instances verifies end to end."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, select, text

from lexbridge.casework.db import make_engine, session_factory, upgrade
from lexbridge.casework.models import AuthorityKey, Case, CustodyEvent, EvidenceItem
from lexbridge.casework.seed import UNIT, seed_demo
from lexbridge.evidence import keys
from lexbridge.evidence.ledger import verify_case
from lexbridge.evidence.store import CHUNK, Store, hash_file
from lexbridge.evidence.transfer import BundleError, export_bundle, import_bundle
from lexbridge.law import default_dataset
from tests.casework.conftest import as_attacker, opened


def _verdict(engine: Engine, folder: Path, checkpoint: dict | None = None):
    with opened(engine, folder) as ledger:
        [verdict] = verify_case(ledger, 1, checkpoint)
    return verdict


def test_the_store_hashes_in_one_streaming_pass(tmp_path: Path) -> None:
    source = tmp_path / "image.bin"
    source.write_bytes(os.urandom(3 * CHUNK + 12345))
    stored = Store(tmp_path / "store").add(source, sha512=True)
    data = source.read_bytes()
    assert (stored.sha256, stored.sha512, stored.size) == (
        hashlib.sha256(data).hexdigest(),
        hashlib.sha512(data).hexdigest(),
        len(data),
    )
    assert oct(stored.path.stat().st_mode & 0o777) == oct(0o400)
    assert hash_file(stored.path)[0] == stored.sha256
    again = Store(tmp_path / "store").add(source)
    assert again.path == stored.path  # content-addressed: the same file is kept once


def test_a_fresh_chain_verifies_and_each_event_is_signed(demo) -> None:
    engine, folder = demo
    verdict = _verdict(engine, folder)
    assert (verdict.ok, verdict.events) == (True, 3)
    with opened(engine, folder) as ledger:
        kinds = [e.kind for e in ledger.events(ledger.item(1, "EX-0001"))]
        key = keys.current_key(ledger.session, UNIT)
    assert kinds == ["collected", "sealed", "examined"]
    assert key is not None
    pem = next((folder / "keys").glob(f"{UNIT}-*.pem"))
    assert oct(pem.stat().st_mode & 0o777) == oct(0o600)


def test_the_database_refuses_to_edit_the_ledger(demo) -> None:
    engine, _ = demo
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE custody_events SET purpose = 'x' WHERE seq = 2"))


TAMPERING = {
    "edited": (
        ["UPDATE custody_events SET purpose = 'nothing happened' WHERE seq = 2"],
        "event 2 was edited",
    ),
    "deleted": (["DELETE FROM custody_events WHERE seq = 2"], "event 2 is missing (deleted)"),
    "reordered": (
        [
            "UPDATE custody_events SET seq = 99 WHERE seq = 2",
            "UPDATE custody_events SET seq = 2 WHERE seq = 3",
            "UPDATE custody_events SET seq = 3 WHERE seq = 99",
        ],
        "event 2 does not follow event 1",
    ),
    "inserted": (
        [
            "UPDATE custody_events SET seq = seq + 10 WHERE seq >= 2",
            "UPDATE custody_events SET seq = seq - 9 WHERE seq >= 12",
            "INSERT INTO custody_events (item_id, seq, kind, actor, authority, at, place, purpose, detail,"
            " prev_hash, hash, key_id, signature) SELECT item_id, 2, 'accessed', 'intruder', authority, at,"
            " place, 'x', '{}', hash, hash, key_id, signature FROM custody_events WHERE seq = 1",
        ],
        "event 2 was edited",
    ),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_tampering_with_the_chain_is_caught_and_named(demo, kind: str) -> None:
    engine, folder = demo
    statements, expected = TAMPERING[kind]

    def tamper(connection: Connection) -> None:
        for statement in statements:
            connection.execute(text(statement))

    as_attacker(engine, "custody_events", tamper)
    verdict = _verdict(engine, folder)
    assert not verdict.ok
    assert expected in (verdict.problem or ""), verdict.problem


def test_an_event_signed_by_an_unknown_key_is_named(demo) -> None:
    engine, folder = demo
    with opened(engine, folder) as ledger:
        item = ledger.item(1, "EX-0001")
        ledger.append(
            item, "accessed", actor="someone", authority="rogue-unit", place="?", purpose="look"
        )
        rogue = keys.current_key(ledger.session, "rogue-unit")
        assert rogue is not None
        ledger.session.delete(rogue)  # the key is not one the verifying instance holds
    verdict = _verdict(engine, folder)
    assert "event 4 is signed by an unknown key" in (verdict.problem or "")


def test_a_changed_file_is_caught(demo) -> None:
    engine, folder = demo
    with opened(engine, folder) as ledger:
        path = ledger.store.path(ledger.item(1, "EX-0001").sha256)
    path.chmod(0o600)
    path.write_bytes(path.read_bytes().replace(b"203.0.113.9", b"203.0.113.8"))
    verdict = _verdict(engine, folder)
    assert "EX-0001: the file changed" in (verdict.problem or "")


def test_a_cut_off_tail_is_caught_only_against_the_checkpoint(demo) -> None:
    engine, folder = demo
    with opened(engine, folder) as ledger:
        anchor = ledger.checkpoint(1, UNIT)
    as_attacker(
        engine,
        "custody_events",
        lambda c: c.execute(text("DELETE FROM custody_events WHERE seq = 3")),
    )
    assert _verdict(engine, folder).ok  # the remaining chain is consistent in itself
    verdict = _verdict(engine, folder, anchor)
    assert not verdict.ok
    assert "the chain ends at event 2 but the checkpoint" in (verdict.problem or "")
    forged = {**anchor, "heads": {}}
    with opened(engine, folder) as ledger:
        [refused] = verify_case(ledger, 1, forged)
    assert "checkpoint's signature does not verify" in (refused.problem or "")


def test_hand_over_between_two_instances_verifies_end_to_end(demo, tmp_path: Path) -> None:
    engine, folder = demo
    other = make_engine(f"sqlite:///{tmp_path / 'partner.sqlite3'}")
    upgrade(other)
    partner = tmp_path / "partner"
    seed_demo(other, default_dataset(), partner)  # the partner instance: its own units and keys
    with opened(engine, folder) as ledger:
        ours = keys.current_key(ledger.session, UNIT)
        assert ours is not None
        public = (ours.authority, ours.public_key)
    bundle = tmp_path / "bundle"
    with opened(engine, folder) as ledger:
        export_bundle(
            ledger,
            ledger.session.get(Case, 1),
            ["EX-0001"],
            bundle,
            to="nl-team-high-tech-crime",
            actor="ermittler",
            authority=UNIT,
            place="Frankfurt am Main",
            legal_basis="Convention on Cybercrime art. 25 and 31 (mutual assistance)",
        )
    with opened(other, partner) as ledger, pytest.raises(BundleError, match="does not hold"):
        import_bundle(
            ledger,
            bundle,
            ledger.session.get(Case, 1),
            actor="liaison",
            authority="demo-fr-cyber",
            place="Paris",
        )
    with opened(other, partner) as ledger:
        keys.import_partner_key(ledger.session, *public)
        [item] = import_bundle(
            ledger,
            bundle,
            ledger.session.get(Case, 1),
            actor="liaison",
            authority="demo-fr-cyber",
            place="Paris",
        )
        chain = ledger.events(item)
        assert [e.kind for e in chain] == [
            "collected",
            "sealed",
            "examined",
            "transferred",
            "received",
        ]
        assert len({e.key_id for e in chain}) == 2  # signed by both authorities
    with opened(other, partner) as ledger:
        verdicts = verify_case(ledger, 1)
        exhibits = {v.exhibit: v.ok for v in verdicts}
    assert list(exhibits.values()) == [True, True]  # the partner's own EX-0001 and the received one
    other.dispose()


def test_a_tampered_bundle_is_refused_and_nothing_is_taken_in(demo, tmp_path: Path) -> None:
    engine, folder = demo
    bundle = tmp_path / "bundle"
    with opened(engine, folder) as ledger:
        export_bundle(
            ledger,
            ledger.session.get(Case, 1),
            ["EX-0001"],
            bundle,
            to="x",
            actor="ermittler",
            authority=UNIT,
            place="F",
            legal_basis="MLA",
        )
        own = keys.known_keys(ledger.session)
    file = next((bundle / "files").iterdir())
    file.write_bytes(file.read_bytes() + b"\n")
    with (
        opened(engine, folder) as ledger,
        pytest.raises(BundleError, match="its file in the bundle changed"),
    ):
        import_bundle(
            ledger,
            bundle,
            ledger.session.get(Case, 1),
            actor="ermittler",
            authority=UNIT,
            place="F",
        )
    with session_factory(engine)() as session:
        count = len(session.execute(select(EvidenceItem)).scalars().all())
        assert count == 1
        assert set(own) <= {k.key_id for k in session.execute(select(AuthorityKey)).scalars()}
        assert (
            session.execute(select(CustodyEvent).where(CustodyEvent.kind == "received")).first()
            is None
        )
