"""Server-side rendering: the Jinja2 templates and the filters the pages share."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from lexbridge.web.security import CSRF_FIELD, expected_csrf

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def remaining(due: datetime | None, now: datetime | None = None) -> str:
    """A countdown a reader takes in at a glance: "2 d 5 h left", "overdue by 3 h"."""
    if due is None:
        return "not yet running"
    now = now or datetime.now(UTC)
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    seconds = int((due - now).total_seconds())
    days, rest = divmod(abs(seconds), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    span = (
        f"{days} d {hours} h"
        if days
        else (f"{hours} h {minutes} min" if hours else f"{minutes} min")
    )
    return f"{span} left" if seconds >= 0 else f"overdue by {span}"


def moment(value: datetime | None) -> str:
    if value is None:
        return "—"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


TEMPLATES.env.filters["remaining"] = remaining
TEMPLATES.env.filters["moment"] = moment


def page(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` with the signed-in user (if any) and the page's CSRF token."""
    values: dict[str, Any] = {
        "csrf_field": CSRF_FIELD,
        "csrf": expected_csrf(request) or "",
        "user": None,
    }
    values.update(context or {})
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)
