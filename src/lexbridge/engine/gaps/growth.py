"""Over time: how many pairs had a route on each of a list of dates (the growth of a treaty)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from lexbridge.engine.gaps.counted import counted_jurisdictions
from lexbridge.engine.gaps.matrices import treaty_matrix
from lexbridge.engine.reasons import LawQueryError
from lexbridge.engine.route_matrix import NO, UNKNOWN, YES, route_matrix
from lexbridge.law import LawDataset, Measure, default_dataset


@dataclass(frozen=True)
class GrowthPoint:
    """Ordered pairs (requesting, requested) of counted jurisdictions on ``day``."""

    day: date
    yes: int
    unknown: int
    no: int

    @property
    def decided_share(self) -> float:
        total = self.yes + self.unknown + self.no
        return round((self.yes + self.no) / total, 4) if total else 0.0


def growth(
    measure: Measure | str,
    days: Iterable[date],
    *,
    instrument: str | None = None,
    law: LawDataset | None = None,
    codes: Iterable[str] | None = None,
) -> tuple[GrowthPoint, ...]:
    """Per day: the pairs with a route for ``measure`` other than comity (or, with ``instrument``,
    under that instrument only) yes, unknown and no."""
    law = law or default_dataset()
    counted = counted_jurisdictions(law, codes)
    try:
        wanted = Measure(measure)
    except ValueError:
        names = ", ".join(m.value for m in Measure)
        raise LawQueryError(f"unknown measure {measure!r}; known: {names}") from None
    if instrument is not None:
        if instrument not in law.instruments:
            raise LawQueryError(
                f"unknown instrument {instrument!r}; known: {', '.join(sorted(law.instruments))}"
            )
        if not law.instruments[instrument].offers(wanted):
            raise LawQueryError(f"{instrument} offers no measure {wanted.value!r}")
    n = len(counted)
    off = ~np.eye(n, dtype=bool)
    points = []
    for day in days:
        matrix = route_matrix(wanted, day, codes=counted.codes, law=law)
        if instrument is None:
            pairs = treaty_matrix(matrix)
        else:
            layers = [k for k, (ident, _) in enumerate(matrix.offers) if ident == instrument]
            pairs = matrix.available[layers].max(axis=0)
        cells = pairs[off]
        points.append(
            GrowthPoint(
                day=day,
                yes=int((cells == YES).sum()),
                unknown=int((cells == UNKNOWN).sum()),
                no=int((cells == NO).sum()),
            )
        )
    return tuple(points)
