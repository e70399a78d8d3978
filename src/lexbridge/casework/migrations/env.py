"""Alembic environment: the engine comes from the caller (``lexbridge db upgrade``)."""

from __future__ import annotations

from alembic import context

from lexbridge.casework.db import make_engine
from lexbridge.casework.models import Base
from lexbridge.casework.trails import Trace  # noqa: F401  (its table is part of the metadata)

engine = context.config.attributes.get("engine") or make_engine()
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
