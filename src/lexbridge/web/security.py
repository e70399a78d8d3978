"""Sign-in by cookie and CSRF protection for the web workspace.

The browser holds the same server-side session token as an API client (``service.login``), in an
``HttpOnly``, ``SameSite=Strict`` cookie. Every form that changes something carries a CSRF token:
before sign-in a random value that must match a cookie of its own (double submit), after sign-in
an HMAC of the session token under a secret made at first run in the instance folder (0600), so a
page of another site can neither read nor forge it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from lexbridge.casework import service
from lexbridge.casework.api import DbSession
from lexbridge.casework.config import instance_dir

SESSION_COOKIE = "lexbridge_session"
SIGNIN_COOKIE = "lexbridge_signin"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class SignInRequiredError(Exception):
    """No valid session cookie: the browser is sent to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfError(Exception):
    """A form arrived without the token of the page it came from."""


def _secret_file() -> Path:
    return instance_dir() / "web-secret"


def web_secret() -> bytes:
    """The instance's HMAC secret, created owner-only on first use and never logged."""
    path = _secret_file()
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def csrf_for_session(token: str) -> str:
    return hmac.new(web_secret(), b"csrf:" + token.encode(), hashlib.sha256).hexdigest()


def new_signin_token() -> str:
    return secrets.token_urlsafe(24)


def expected_csrf(request: Request) -> str | None:
    """The token the page's forms carry: bound to the session, or to the sign-in cookie."""
    session_token = request.cookies.get(SESSION_COOKIE)
    if session_token:
        return csrf_for_session(session_token)
    return request.cookies.get(SIGNIN_COOKIE)


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose form field or header lacks the page's token."""
    expected = expected_csrf(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfError()


def remote(request: Request) -> str | None:
    return request.client.host if request.client else None


def web_context(request: Request, session: DbSession) -> service.Context:
    """The signed-in user's context, or a redirect to the sign-in page."""
    token = request.cookies.get(SESSION_COOKIE)
    user = service.user_for_token(session, token) if token else None
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequiredError(target)
    return service.Context(session, user, request.app.state.law, remote(request))


WebCtx = Annotated[service.Context, Depends(web_context)]
Csrf = Depends(check_csrf)
