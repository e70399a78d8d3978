"""The plain way: one call to the engine per pair. What the vectorised matrices must equal.

Slow by design (``routes`` and ``extradition`` for every ordered pair); the tests compare the
matrices of :mod:`lexbridge.engine.gaps.matrices` with these cell by cell, and the benchmark
times them against each other.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from lexbridge.engine.extradition import extradition
from lexbridge.engine.gaps.cases import OffenderKind, gap_case, third_state
from lexbridge.engine.gaps.matrices import EXTRADITION_CODE, deadline_hours
from lexbridge.engine.gaps.vectors import STATUS_CODE, criminalised_vector
from lexbridge.engine.route_matrix import NO, UNKNOWN
from lexbridge.engine.routes import routes
from lexbridge.engine.status import Status
from lexbridge.law import LawDataset, Measure


def looped_routes(
    measure: Measure | str,
    day: date,
    codes: tuple[str, ...],
    law: LawDataset,
    rows: tuple[str, ...] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``routes()`` for every pair: (treaty route, any lawful route, hours of the best available
    route), for the requesting states ``rows`` (default: all ``codes``)."""
    rows = rows or codes
    shape = (len(rows), len(codes))
    treaty = np.zeros(shape, dtype=np.int8)
    lawful = np.zeros(shape, dtype=np.int8)
    hours = np.full(shape, math.nan)
    for i, requesting in enumerate(rows):
        for j, requested in enumerate(codes):
            if requesting == requested:
                continue
            options = routes(requesting, requested, measure, day, law=law)
            treaty_statuses = [STATUS_CODE[o.available] for o in options if not o.comity]
            every = [STATUS_CODE[o.available] for o in options]
            treaty[i, j] = max(treaty_statuses, default=NO)
            lawful[i, j] = max(every, default=NO)
            best = next((o for o in options if o.available is Status.YES), None)
            if best is not None:
                hours[i, j] = deadline_hours(best.deadline, best.later_deadlines)
    return treaty, lawful, hours


def looped_extradition(
    offence: str,
    offender: OffenderKind,
    day: date,
    codes: tuple[str, ...],
    law: LawDataset,
    rows: tuple[str, ...] | None = None,
) -> np.ndarray:
    """``extradition()`` of a synthetic case for every pair (-1 barred, 0 unknown, 1 possible,
    2 refusable), for the requesting states ``rows`` (default: all ``codes``)."""
    rows = rows or codes
    ordered = tuple(sorted(law.jurisdictions))
    result = np.full((len(rows), len(codes)), UNKNOWN, dtype=np.int8)
    for i, requesting in enumerate(rows):
        for j, requested in enumerate(codes):
            if requesting == requested:
                continue
            third = third_state(requesting, requested, ordered)
            case = gap_case(offence, requesting, requested, offender, day, third)
            answer = extradition(case, case.offenders[0], requesting, law, day)
            result[i, j] = EXTRADITION_CODE[answer.status]
    return result


def looped_criminalised(
    offence: str, day: date, codes: tuple[str, ...], law: LawDataset
) -> np.ndarray:
    """``criminality()`` for every state: already one call per state, the plain way too."""
    return criminalised_vector(law, offence, codes, day)
