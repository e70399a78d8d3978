"""Where the casework keeps its data: the instance folder and the database URL."""

from __future__ import annotations

import os
from pathlib import Path


def instance_dir() -> Path:
    """The instance folder (``LEXBRIDGE_INSTANCE``, default ``./instance``), created owner-only."""
    folder = Path(os.environ.get("LEXBRIDGE_INSTANCE", "instance")).resolve()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def database_url() -> str:
    """``DATABASE_URL`` (PostgreSQL in production), else a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{instance_dir() / 'lexbridge.sqlite3'}"
