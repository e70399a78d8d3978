"""What can go wrong in casework, each mapped to one HTTP status by the API."""

from __future__ import annotations


class CaseworkError(Exception):
    status_code = 400

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class UnauthenticatedError(CaseworkError):
    """No valid session (401)."""

    status_code = 401


class NotFoundError(CaseworkError):
    """Absent, or of another authority: its existence must not leak (404)."""

    status_code = 404


class ForbiddenError(CaseworkError):
    status_code = 403


class ConflictError(CaseworkError):
    """The request's state or a safeguard forbids the step (409); the message says what is missing."""

    status_code = 409


class InvalidInputError(CaseworkError):
    """Bad input (422): ``field`` names it."""

    status_code = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)
        self.field = field
