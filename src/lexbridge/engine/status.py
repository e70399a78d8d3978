"""The status vocabulary and Kleene's three-valued logic (LEGAL-SEMANTICS §1).

``and`` is ``no`` if any part is ``no``, else ``unknown`` if any part is ``unknown``;
``or`` is ``yes`` if any part is ``yes``, else ``unknown`` if any part is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Status(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: bool | None) -> Status:
        """``True`` is yes, ``False`` is no, ``None`` (not known) is unknown."""
        if value is None:
            return cls.UNKNOWN
        return cls.YES if value else cls.NO


def all_of(statuses: Iterable[Status]) -> Status:
    """Kleene conjunction; the empty conjunction is ``yes``."""
    seen_unknown = False
    for status in statuses:
        if status is Status.NO:
            return Status.NO
        seen_unknown = seen_unknown or status is Status.UNKNOWN
    return Status.UNKNOWN if seen_unknown else Status.YES


def any_of(statuses: Iterable[Status]) -> Status:
    """Kleene disjunction; the empty disjunction is ``no``."""
    seen_unknown = False
    for status in statuses:
        if status is Status.YES:
            return Status.YES
        seen_unknown = seen_unknown or status is Status.UNKNOWN
    return Status.UNKNOWN if seen_unknown else Status.NO
