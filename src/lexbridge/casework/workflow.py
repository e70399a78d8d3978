"""The status of a request, as explicit transition tables: any other move is refused.

Outgoing: draft → awaiting approval → approved / refused → sent → acknowledged → executed /
partially executed / refused by the requested state → closed; a request not yet finished may be
withdrawn. Incoming requests run the same course against this unit: registered as a draft on
receipt, put for decision, approved (to execute) or refused, then executed or partially executed,
then closed.
"""

from __future__ import annotations

from enum import StrEnum

from lexbridge.casework.models import Direction


class Status(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REFUSED = "refused"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    EXECUTED = "executed"
    PARTIALLY_EXECUTED = "partially_executed"
    REFUSED_BY_REQUESTED = "refused_by_requested_state"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


S = Status

OUTGOING: dict[Status, frozenset[Status]] = {
    S.DRAFT: frozenset({S.AWAITING_APPROVAL, S.WITHDRAWN}),
    S.AWAITING_APPROVAL: frozenset({S.APPROVED, S.REFUSED, S.DRAFT, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.SENT, S.WITHDRAWN}),
    S.REFUSED: frozenset({S.CLOSED}),
    S.SENT: frozenset(
        {S.ACKNOWLEDGED, S.EXECUTED, S.PARTIALLY_EXECUTED, S.REFUSED_BY_REQUESTED, S.WITHDRAWN}
    ),
    S.ACKNOWLEDGED: frozenset(
        {S.EXECUTED, S.PARTIALLY_EXECUTED, S.REFUSED_BY_REQUESTED, S.WITHDRAWN}
    ),
    S.EXECUTED: frozenset({S.CLOSED}),
    S.PARTIALLY_EXECUTED: frozenset({S.CLOSED}),
    S.REFUSED_BY_REQUESTED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

INCOMING: dict[Status, frozenset[Status]] = {
    S.DRAFT: frozenset({S.AWAITING_APPROVAL, S.WITHDRAWN}),
    S.AWAITING_APPROVAL: frozenset({S.APPROVED, S.REFUSED, S.DRAFT, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.EXECUTED, S.PARTIALLY_EXECUTED, S.WITHDRAWN}),
    S.REFUSED: frozenset({S.CLOSED}),
    S.EXECUTED: frozenset({S.CLOSED}),
    S.PARTIALLY_EXECUTED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

FINISHED = frozenset(
    {S.EXECUTED, S.PARTIALLY_EXECUTED, S.REFUSED, S.REFUSED_BY_REQUESTED, S.CLOSED, S.WITHDRAWN}
)
"""Statuses in which no deadline runs any more."""


class TransitionRefusedError(Exception):
    """A move the table does not allow; names the moves that are allowed."""

    def __init__(self, current: Status, wanted: str, allowed: frozenset[Status]) -> None:
        self.current, self.wanted, self.allowed = current, wanted, allowed
        names = ", ".join(sorted(a.value for a in allowed)) or "none (the request is final)"
        super().__init__(
            f"a request in status {current.value!r} cannot become {wanted!r}; allowed: {names}"
        )


def table(direction: str) -> dict[Status, frozenset[Status]]:
    return INCOMING if direction == Direction.INCOMING else OUTGOING


def check(direction: str, current: str, wanted: str) -> Status:
    """The target status if the table allows the move; otherwise :class:`TransitionRefusedError`."""
    moves = table(direction)
    now = Status(current)
    allowed = moves[now]
    try:
        target = Status(wanted)
    except ValueError:
        raise TransitionRefusedError(now, wanted, allowed) from None
    if target not in allowed:
        raise TransitionRefusedError(now, wanted, allowed)
    return target
