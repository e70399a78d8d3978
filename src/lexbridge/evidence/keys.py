"""One Ed25519 key per authority, made when the authority is set up.

The private key lives in the instance folder (``keys/<authority>-<key id>.pem``, mode 0600, never
in the database or the repository); the public key is in ``authority_keys`` with its id (the first
32 hex digits of the SHA-256 of the raw key), and is exchanged with partner authorities, whose
keys are imported as not ``own``. Rotation makes a new key and retires the old one, which stays
known so that earlier signatures still verify.
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from lexbridge.casework.models import AuthorityKey


def key_id(raw_public: bytes) -> str:
    return hashlib.sha256(raw_public).hexdigest()[:32]


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _path(folder: Path, authority: str, kid: str) -> Path:
    return folder / "keys" / f"{authority}-{kid}.pem"


def create_key(session: Session, authority: str, folder: Path) -> AuthorityKey:
    """A new key for ``authority``; an older own key of it is retired (rotation)."""
    private = Ed25519PrivateKey.generate()
    raw = _raw(private.public_key())
    kid = key_id(raw)
    (folder / "keys").mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(_path(folder, authority, kid), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    now = datetime.now(UTC)
    for old in session.execute(
        select(AuthorityKey).where(
            AuthorityKey.authority == authority, AuthorityKey.own, AuthorityKey.retired_at.is_(None)
        )
    ).scalars():
        old.retired_at = now
    record = AuthorityKey(
        key_id=kid, authority=authority, public_key=base64.b64encode(raw).decode(), own=True
    )
    session.add(record)
    session.flush()
    return record


def current_key(session: Session, authority: str) -> AuthorityKey | None:
    return session.execute(
        select(AuthorityKey).where(
            AuthorityKey.authority == authority, AuthorityKey.own, AuthorityKey.retired_at.is_(None)
        )
    ).scalar_one_or_none()


def ensure_key(session: Session, authority: str, folder: Path) -> AuthorityKey:
    return current_key(session, authority) or create_key(session, authority, folder)


def sign(folder: Path, key: AuthorityKey, message: bytes) -> str:
    pem = _path(folder, key.authority, key.key_id).read_bytes()
    private = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(private, Ed25519PrivateKey)
    return base64.b64encode(private.sign(message)).decode()


@lru_cache(maxsize=256)
def _verifier(public_key_b64: str) -> VerifyKey:
    return VerifyKey(base64.b64decode(public_key_b64))


def verify_signature(public_key_b64: str, message: bytes, signature_b64: str) -> bool:
    """Ed25519 verification through libsodium (PyNaCl): about twice as fast here as OpenSSL's,
    which matters when a ledger of 100,000 events is checked (benchmarks/bench_ledger.py)."""
    try:
        _verifier(public_key_b64).verify(message, base64.b64decode(signature_b64))
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def import_partner_key(session: Session, authority: str, public_key_b64: str) -> AuthorityKey:
    """Register a partner authority's public key (exchanged out of band)."""
    raw = base64.b64decode(public_key_b64, validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    kid = key_id(raw)
    found = session.get(AuthorityKey, kid)
    if found is not None:
        return found
    record = AuthorityKey(key_id=kid, authority=authority, public_key=public_key_b64, own=False)
    session.add(record)
    session.flush()
    return record


def known_keys(session: Session) -> dict[str, AuthorityKey]:
    return {k.key_id: k for k in session.execute(select(AuthorityKey)).scalars()}
