"""Values typed into the workspace's forms and query strings, read with errors naming the field."""

from __future__ import annotations

from datetime import date

from lexbridge.casework.errors import InvalidInputError


def optional_date(value: str | None, field: str) -> date | None:
    """A YYYY-MM-DD date, or None when left blank; anything else is a 422 naming ``field``."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInputError(field, f"{value!r} is not a date: use YYYY-MM-DD") from None
