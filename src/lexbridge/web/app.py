"""The web workspace: server-rendered pages over the casework service, beside its JSON API.

Pages are Jinja2 templates; HTMX (vendored, no build step) swaps parts of a page where that
helps, and every page works as plain HTML forms and links without JavaScript.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from lexbridge.casework import service
from lexbridge.casework.api import create_app
from lexbridge.casework.errors import CaseworkError
from lexbridge.law import LawDataset
from lexbridge.web import pages
from lexbridge.web.render import page
from lexbridge.web.security import SESSION_COOKIE, CsrfError, SignInRequiredError

STATIC = Path(__file__).parent / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class _SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith("/api/docs"):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/") or "text/html" in response.headers.get(
            "content-type", ""
        ):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _error_page(request: Request, context: dict[str, Any], status: int) -> Response:
    """The error page, with the navigation of the signed-in user (read in a session of its own:
    the request's transaction was rolled back)."""
    token = request.cookies.get(SESSION_COOKIE)
    with request.app.state.factory() as session:
        user = service.user_for_token(session, token) if token else None
        return page(request, "error.html", {**context, "user": user}, status_code=status)


def create_web_app(engine: Engine | None = None, law: LawDataset | None = None) -> FastAPI:
    """The casework API under ``/api`` and the workspace pages everywhere else."""
    app = create_app(engine, law)
    api_error = app.exception_handlers[CaseworkError]

    @app.exception_handler(CaseworkError)
    async def _casework_error(request: Request, error: CaseworkError) -> Any:
        if request.url.path.startswith("/api/"):
            answer = api_error(request, error)
            return await answer if inspect.isawaitable(answer) else answer
        context = {"status": error.status_code, "message": error.message, "extra": error.extra}
        return _error_page(request, context, error.status_code)

    @app.exception_handler(SignInRequiredError)
    async def _sign_in(_request: Request, error: SignInRequiredError) -> RedirectResponse:
        return RedirectResponse(f"/signin?next={quote(error.next_path, safe='/')}", 303)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _error: CsrfError) -> Any:
        message = (
            "This form has expired or did not come from this site: reload the page and try again."
        )
        return page(request, "error.html", {"status": 403, "message": message}, 403)

    app.add_middleware(_SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in pages.routers():
        app.include_router(router)
    return app
