"""The content-addressed store: files kept under their SHA-256, hashed in one streaming pass.

A file is never read whole into memory: it is copied in 1 MiB chunks to a temporary file in the
store while every requested hash is updated, then renamed into place (so a crash leaves no
half-written item) and made read-only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

CHUNK = 1 << 20


@dataclass(frozen=True)
class Stored:
    sha256: str
    sha512: str | None
    size: int
    path: Path


def _digests(
    stream: Any, sink: IO[bytes] | None, sha512: bool, progress: Callable[[int], None] | None
) -> tuple[str, str | None, int]:
    first = hashlib.sha256()
    second = hashlib.sha512() if sha512 else None
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    while count := stream.readinto(buffer):
        chunk = view[:count]
        first.update(chunk)
        if second is not None:
            second.update(chunk)
        if sink is not None:
            sink.write(chunk)
        size += count
        if progress is not None:
            progress(count)
    return first.hexdigest(), second.hexdigest() if second else None, size


def hash_file(path: Path, *, sha512: bool = False) -> tuple[str, str | None, int]:
    """SHA-256 (and SHA-512 where asked) and size of ``path``, in one pass."""
    with path.open("rb", buffering=0) as stream:
        return _digests(stream, None, sha512, None)


class Store:
    """Files under ``root/sha256/ab/abcdef...``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "sha256").mkdir(parents=True, exist_ok=True, mode=0o700)

    def path(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256

    def add(
        self, source: Path, *, sha512: bool = False, progress: Callable[[int], None] | None = None
    ) -> Stored:
        """Copy ``source`` into the store, hashing it on the way."""
        with (
            source.open("rb", buffering=0) as stream,
            tempfile.NamedTemporaryFile(dir=self.root, delete=False) as sink,
        ):
            try:
                sha, long, size = _digests(stream, sink, sha512, progress)
                sink.flush()
                os.fsync(sink.fileno())
            except BaseException:
                Path(sink.name).unlink(missing_ok=True)
                raise
        target = self.path(sha)
        target.parent.mkdir(exist_ok=True, mode=0o700)
        if target.exists():
            Path(sink.name).unlink()
        else:
            os.chmod(sink.name, 0o400)
            os.replace(sink.name, target)
        return Stored(sha, long, size, target)

    def add_bytes_from(self, sha256: str, source: Path) -> Stored:
        """Store a file that must have the given SHA-256 (a received item); refuse it otherwise."""
        stored = self.add(source)
        if stored.sha256 != sha256:
            raise ValueError(
                f"{source.name}: its SHA-256 is {stored.sha256}, not {sha256} as its record says"
            )
        return stored
