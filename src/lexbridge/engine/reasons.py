"""Reasons: a sentence and the source that grounds it (ARCHITECTURE principle 1)."""

from __future__ import annotations

from collections.abc import Container

from pydantic import BaseModel, ConfigDict

from lexbridge.law import Source


class Reason(BaseModel):
    """One statement a prosecutor can paste into a file and a judge can check."""

    model_config = ConfigDict(frozen=True)

    text: str
    source: Source | None = None


class DecidingFacts(BaseModel):
    """Facts that would decide an unknown answer, and what they would decide."""

    model_config = ConfigDict(frozen=True)

    needs: tuple[str, ...]
    statute: str | None = None
    text: str


class LawQueryError(ValueError):
    """A question the engine cannot answer as asked: an unknown code, offence, fact or measure."""


def require_jurisdiction(known: Container[str], code: str) -> None:
    """Raise :class:`LawQueryError` naming ``code`` when it is not a known jurisdiction."""
    if code not in known:
        raise LawQueryError(
            f"unknown state code {code!r}: use an ISO 3166-1 alpha-2 code such as DE"
        )
