"""The question every cell of an extradition matrix asks, as a case the engine can answer.

One offence named without facts (its core elements established, as ``decisiveness`` asks it),
committed on the analysis date by an offender who acted from the requested state and is there
now; victims in the requesting state; conduct, request and decision on the same day. Only the
offender's nationality changes with the kind of offender asked about.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from lexbridge.engine.case import Case, OffenceFacts, Offender, Victim


class OffenderKind(StrEnum):
    """Whose extradition is asked: a national of the requested state (the offender at home), of
    the requesting state, or of a third state."""

    NATIONAL_OF_REQUESTED = "national_of_requested"
    NATIONAL_OF_REQUESTING = "national_of_requesting"
    THIRD_COUNTRY = "third_country"


def third_state(requesting: str, requested: str, codes: Iterable[str]) -> str:
    """The first of ``codes`` that is neither side: the nationality of a third-country national."""
    return next(code for code in codes if code not in (requesting, requested))


def gap_case(
    offence: str,
    requesting: str,
    requested: str,
    kind: OffenderKind,
    day: date,
    third: str,
) -> Case:
    """The synthetic case of one cell: ``requesting`` asks ``requested`` for the offender."""
    nationality = {
        OffenderKind.NATIONAL_OF_REQUESTED: requested,
        OffenderKind.NATIONAL_OF_REQUESTING: requesting,
        OffenderKind.THIRD_COUNTRY: third,
    }[kind]
    return Case(
        title=f"Gap analysis: {offence}, {requesting} asks {requested}",
        conduct_date=day,
        decision_date=day,
        request_date=day,
        forum=requesting,
        conduct=(OffenceFacts(offence=offence),),
        offenders=(
            Offender(
                id="offender",
                nationality=(nationality,),
                acted_from=(requested,),
                located_in=requested,
            ),
        ),
        victims=(Victim(harm_in=requesting),),
    )
