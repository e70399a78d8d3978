"""Routes for every pair of jurisdictions at once: the same answers as :func:`routes`, as arrays.

Whether an instrument binds a state on a date does not depend on the other side, so it is asked
once per instrument and state (a vector), and a pair's availability is the weaker of its two sides
(three-valued ``all_of``: no beats unknown beats yes). The rest of the ranking is fixed per offer,
so the best route of a pair is an ``argmin`` over the offers. The ordinary, state-to-state question
only: emergency paths and providers' own disclosure belong to a single question's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from lexbridge.engine.reasons import LawQueryError
from lexbridge.law import LawDataset, default_dataset
from lexbridge.law.instruments import DeadlineKind, EvidenceKind, Instrument, MeasureOffer
from lexbridge.law.vocabulary import Measure

YES, UNKNOWN, NO = 1, 0, -1
_CODE = {True: YES, None: UNKNOWN, False: NO}
_BINDING = {True: 0, None: 1, False: 2}
_EVIDENCE = {EvidenceKind.EVIDENCE: 0, None: 1, EvidenceKind.INTELLIGENCE: 2}
_DEADLINE = {DeadlineKind.BINDING: 0, DeadlineKind.TARGET: 1, DeadlineKind.NONE: 2}


@dataclass(frozen=True)
class RouteMatrix:
    """``available[k, i, j]``: offer ``k`` from ``codes[i]`` to ``codes[j]`` (1 yes, 0 unknown, -1 no)."""

    codes: tuple[str, ...]
    measure: Measure
    day: date
    offers: tuple[tuple[str, str], ...]
    """(instrument id, article) of each offer, in the order :func:`routes` ranks them on a tie."""
    comity: np.ndarray
    available: np.ndarray

    def best(self) -> np.ndarray:
        """Index into ``offers`` of each pair's first-ranked route (-1 on the diagonal or when no
        instrument offers the measure), as :func:`routes` ranks them."""
        n = len(self.codes)
        if not self.offers:
            return np.full((n, n), -1, dtype=np.int32)
        availability_rank = 1 - self.available.astype(np.int32)  # yes 0, unknown 1, no 2
        rank = (self.comity.astype(np.int32)[:, None, None] * 3 + availability_rank) * len(
            self.offers
        ) + np.arange(len(self.offers), dtype=np.int32)[:, None, None]
        best: np.ndarray = rank.argmin(axis=0).astype(np.int32)
        np.fill_diagonal(best, -1)
        return best

    def treaty_route(self) -> np.ndarray:
        """Per pair, whether some route other than comity is available: 1 yes, 0 unknown, -1 no."""
        n = len(self.codes)
        treaty = self.available[~self.comity]
        result = treaty.max(axis=0) if len(treaty) else np.full((n, n), NO, dtype=np.int8)
        np.fill_diagonal(result, NO)
        return result.astype(np.int8)


def _static_key(instrument: Instrument, offer: MeasureOffer) -> tuple[int, int, int, float]:
    deadline = offer.deadline
    return (
        _BINDING[offer.binding],
        _EVIDENCE[offer.evidence],
        _DEADLINE[deadline.kind] if deadline else 3,
        deadline.total_hours if deadline else float("inf"),
    )


def _bound_vector(instrument: Instrument, codes: tuple[str, ...], day: date) -> np.ndarray:
    return np.fromiter(
        (_CODE[instrument.binds(code, day)] for code in codes), dtype=np.int8, count=len(codes)
    )


def route_matrix(
    measure: Measure | str,
    day: date,
    *,
    codes: tuple[str, ...] | None = None,
    law: LawDataset | None = None,
) -> RouteMatrix:
    """Every ordinary route for ``measure`` between every pair of ``codes`` (default: all) on ``day``."""
    law = law or default_dataset()
    try:
        wanted = Measure(measure)
    except ValueError:
        raise LawQueryError(f"unknown measure {measure!r}") from None
    codes = codes or tuple(sorted(law.jurisdictions))
    found: list[tuple[tuple[int, int, int, float], int, Instrument, MeasureOffer]] = []
    for instrument in law.instruments.values():
        for offer in instrument.offers(wanted):
            if not offer.emergency_only:
                found.append((_static_key(instrument, offer), len(found), instrument, offer))
    found.sort(key=lambda item: (item[0], item[1]))
    vectors: dict[str, np.ndarray] = {}
    layers = []
    for _, _, instrument, _ in found:
        if instrument.id not in vectors:
            vectors[instrument.id] = _bound_vector(instrument, codes, day)
        side = vectors[instrument.id]
        layers.append(np.minimum(side[:, None], side[None, :]))
    n = len(codes)
    available = np.stack(layers) if layers else np.empty((0, n, n), dtype=np.int8)
    return RouteMatrix(
        codes=codes,
        measure=wanted,
        day=day,
        offers=tuple((instrument.id, offer.article) for _, _, instrument, offer in found),
        comity=np.array([instrument.universal for _, _, instrument, _ in found], dtype=bool),
        available=available,
    )
