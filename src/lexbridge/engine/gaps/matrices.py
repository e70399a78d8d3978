"""Every pair of counted jurisdictions at once: routes per measure, extradition per offence and
offender, criminality per offence and state, on a date.

Rows are the requesting state, columns the requested state, as in :mod:`route_matrix`. Codes are
1 yes, 0 unknown, -1 no; an extradition matrix also uses 2 for ``refusable`` (see
:data:`EXTRADITION_CODE`). The diagonal is not a question (no state asks itself): it holds 0 and
every share leaves it out.

Each matrix equals, cell by cell, what a plain loop over the engine's own functions gives
(:mod:`lexbridge.engine.gaps.reference`; tested on the real and on hand-built datasets).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import replace as replaced
from datetime import date
from typing import TYPE_CHECKING, Protocol

import numpy as np

from lexbridge.engine.conduct import Conduct
from lexbridge.engine.criminality import criminality
from lexbridge.engine.extradition import ExtraditionStatus
from lexbridge.engine.gaps.cases import OffenderKind
from lexbridge.engine.gaps.counted import Counted, counted_jurisdictions
from lexbridge.engine.gaps.vectors import (
    STATUS_CODE,
    BarVectors,
    ExtraditionLawVectors,
    NationalsKind,
    bar_vectors,
    bound_vector,
    criminalised_vector,
    extradition_law_vectors,
    state_bars,
    state_extradition_law,
    with_entries,
)
from lexbridge.engine.reasons import LawQueryError
from lexbridge.engine.route_matrix import NO, UNKNOWN, YES, RouteMatrix, route_matrix
from lexbridge.law import LawDataset, Measure, MeasureOffer, default_dataset

if TYPE_CHECKING:
    from lexbridge.engine.gaps.index import HavenIndex

BARRED, POSSIBLE, REFUSABLE = NO, YES, 2
EXTRADITION_CODE = {
    ExtraditionStatus.BARRED: BARRED,
    ExtraditionStatus.UNKNOWN: UNKNOWN,
    ExtraditionStatus.POSSIBLE: POSSIBLE,
    ExtraditionStatus.REFUSABLE: REFUSABLE,
}
"""``refusable`` (only discretionary bars or a condition stand in the way) is a yes with
conditions: :func:`three_valued` maps it to 1, and every summary counts it apart."""

MULTILATERAL = frozenset({"budapest", "ece"})
"""The conventions ``extradition`` does not count as a basis where the state's law refuses one."""

_TIMED_PURPOSES = frozenset({"answer", "recognition", "execution", "surrender"})


class _DeadlineLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def days(self) -> int | None: ...
    @property
    def hours(self) -> int | None: ...
    @property
    def purpose(self) -> str: ...


def deadline_hours(first: _DeadlineLike | None, later: Iterable[_DeadlineLike] = ()) -> float:
    """The route's recorded time limit for acting on a request, in hours; NaN when none is recorded.

    Only limits within which the requested side must answer, recognise, execute or surrender
    count, with the later limits that follow the first (EIO: 30 days to recognise, then 90 to
    execute: 120 days). How long preserved data is kept, or when formal documents must arrive,
    is not a time to answer. A limit of kind ``none`` is no figure: NaN, never invented.
    """
    if first is None or first.kind == "none" or first.purpose not in _TIMED_PURPOSES:
        return math.nan
    total = float((first.days or 0) * 24 + (first.hours or 0))
    for step in later:
        if step.kind != "none" and step.purpose in _TIMED_PURPOSES:
            total += (step.days or 0) * 24 + (step.hours or 0)
    return total


def three_valued(extradition: np.ndarray) -> np.ndarray:
    """An extradition matrix as yes / unknown / no: possible and refusable are yes, barred no."""
    result: np.ndarray = np.minimum(extradition, YES).astype(np.int8)
    return result


@dataclass(frozen=True)
class RouteGaps:
    """Per pair, for one measure: is there a route, which is best, and in how many hours."""

    codes: tuple[str, ...]
    measure: Measure
    day: date
    offers: tuple[tuple[str, str], ...]
    treaty: np.ndarray
    """A route other than letters rogatory by comity is available: 1 yes, 0 unknown, -1 no."""
    lawful: np.ndarray
    """Any lawful route is available, comity included."""
    best: np.ndarray
    """Index into ``offers`` of the first-ranked route that is available (yes), as ``routes``
    ranks them; -1 when none is (and on the diagonal)."""
    hours: np.ndarray
    """That route's recorded time limit in hours (:func:`deadline_hours`); NaN when none."""


def treaty_matrix(matrix: RouteMatrix) -> np.ndarray:
    """Per pair: a route other than comity is available (0 on the diagonal)."""
    treaty = matrix.treaty_route().astype(np.int8)
    np.fill_diagonal(treaty, UNKNOWN)
    return treaty


def route_gaps(matrix: RouteMatrix, law: LawDataset) -> RouteGaps:
    """The route answers of one measure from the engine's :class:`RouteMatrix`."""
    n = len(matrix.codes)
    offers = [
        _offer(law, instrument, article, matrix.measure) for instrument, article in matrix.offers
    ]
    treaty = treaty_matrix(matrix)
    comity = matrix.available[matrix.comity]
    lawful = np.maximum(treaty, comity.max(axis=0)) if len(comity) else treaty.copy()
    k = len(offers)
    if k:
        yes = matrix.available == YES
        order = (matrix.comity.astype(np.int32) * k + np.arange(k, dtype=np.int32))[:, None, None]
        rank = np.where(yes, order, 2 * k)
        best = rank.argmin(axis=0).astype(np.int32)
        best[~yes.any(axis=0)] = -1
        per_offer = np.array([deadline_hours(o.deadline, o.later_deadlines) for o in offers])
        hours = np.where(best >= 0, per_offer[np.maximum(best, 0)], math.nan)
    else:
        best = np.full((n, n), -1, dtype=np.int32)
        hours = np.full((n, n), math.nan)
    np.fill_diagonal(lawful, UNKNOWN)
    np.fill_diagonal(best, -1)
    np.fill_diagonal(hours, math.nan)
    return RouteGaps(
        codes=matrix.codes,
        measure=matrix.measure,
        day=matrix.day,
        offers=matrix.offers,
        treaty=treaty.astype(np.int8),
        lawful=lawful.astype(np.int8),
        best=best,
        hours=hours,
    )


def _offer(law: LawDataset, instrument: str, article: str, measure: Measure) -> MeasureOffer:
    return next(o for o in law.instruments[instrument].offers(measure) if o.article == article)


@dataclass
class GapModel:
    """The per-state vectors of one dataset on one day, and the pair matrices built from them.

    Build it with :func:`gap_model`. Matrices are computed when first asked and kept; a what-if
    (:meth:`changed`) reads again only the vectors a change touches.
    """

    law: LawDataset
    day: date
    counted: Counted
    bound: dict[str, np.ndarray]
    """Instrument id to: does it bind each counted state on the day."""
    routes: dict[Measure, RouteMatrix]
    extradition_law: ExtraditionLawVectors
    hypothetical: tuple[str, ...] = ()
    """The hypothetical changes this model assumes (empty: the dataset as it is)."""
    _criminalised: dict[str, np.ndarray] = field(default_factory=dict)
    _bars: dict[str, BarVectors] = field(default_factory=dict)
    _route_gaps: dict[Measure, RouteGaps] = field(default_factory=dict)
    _treaty: dict[Measure, np.ndarray] = field(default_factory=dict)
    _extradition: dict[tuple[str, OffenderKind], np.ndarray] = field(default_factory=dict)
    _pairs: dict[str, np.ndarray] = field(default_factory=dict)
    indexes: dict[tuple[str, Measure, OffenderKind], HavenIndex] = field(default_factory=dict)
    """Safe-haven indexes computed on this model (``index.haven_index`` keeps them here)."""

    @property
    def codes(self) -> tuple[str, ...]:
        return self.counted.codes

    @property
    def ordered(self) -> tuple[str, ...]:
        """Every code of the dataset, sorted: where third states are picked from."""
        return tuple(sorted(self.law.jurisdictions))

    def check_offence(self, offence: str) -> None:
        if offence not in self.law.offences:
            raise LawQueryError(
                f"unknown offence {offence!r}; known: {', '.join(sorted(self.law.offences))}"
            )

    def route_gaps(self, measure: Measure | str) -> RouteGaps:
        wanted = _measure(measure)
        if wanted not in self._route_gaps:
            self._route_gaps[wanted] = route_gaps(self.routes[wanted], self.law)
        return self._route_gaps[wanted]

    def treaty(self, measure: Measure | str) -> np.ndarray:
        """Per pair: a route other than comity is available for ``measure``."""
        wanted = _measure(measure)
        if wanted not in self._treaty:
            self._treaty[wanted] = treaty_matrix(self.routes[wanted])
        return self._treaty[wanted]

    def criminalised(self, offence: str) -> np.ndarray:
        """Per counted state: is ``offence`` a crime there (1 yes, 0 unknown, -1 no)."""
        self.check_offence(offence)
        if offence not in self._criminalised:
            self._criminalised[offence] = criminalised_vector(
                self.law, offence, self.codes, self.day
            )
        return self._criminalised[offence]

    def bars(self, offence: str) -> BarVectors:
        self.check_offence(offence)
        if offence not in self._bars:
            self._bars[offence] = bar_vectors(self.law, offence, self.codes, self.day, self.ordered)
        return self._bars[offence]

    def extradition(self, offence: str, offender: OffenderKind | str) -> np.ndarray:
        """Per pair: the requested state's answer to the requesting state's request for the
        offender: -1 barred, 0 unknown, 1 possible, 2 refusable."""
        kind = _offender(offender)
        key = (offence, kind)
        if key not in self._extradition:
            self._extradition[key] = self._extradition_matrix(offence, kind)
        return self._extradition[key]

    def _columns(self, vector: np.ndarray) -> np.ndarray:
        n = len(self.codes)
        return np.broadcast_to(vector[None, :], (n, n))

    def _treaty_unknown(self) -> np.ndarray:
        """Where the requested state needs a treaty and none in the dataset is known to bind both."""
        if "treaty_unknown" not in self._pairs:
            ex = self.extradition_law
            matrix = self.routes[Measure.EXTRADITION]
            n = len(self.codes)
            treaty = [k for k in range(len(matrix.offers)) if not matrix.comity[k]]
            bilateral = [k for k in treaty if matrix.offers[k][0] not in MULTILATERAL]

            def via(layers: list[int]) -> np.ndarray:
                if not layers:
                    return np.full((n, n), NO, dtype=np.int8)
                found: np.ndarray = matrix.available[layers].max(axis=0)
                return found

            chosen = np.where(self._columns(ex.multilateral_excluded), via(bilateral), via(treaty))
            self._pairs["treaty_unknown"] = self._columns(ex.treaty_required) & (chosen != YES)
        return self._pairs["treaty_unknown"]

    def _nationality(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For a national of the requested state: the nationality bar applies (yes, unknown), and
        whether a condition must be met, per pair (``extradition``'s nationality rule)."""
        if "nationality_yes" not in self._pairs:
            ex = self.extradition_law
            n = len(self.codes)
            kinds = self._columns(ex.nationals)
            scheme = np.full((n, n), NO, dtype=np.int8)
            has_schemes = np.zeros(n, dtype=bool)
            for instrument, mask in ex.schemes.items():
                side = self.bound[instrument]
                both = np.minimum(side[:, None], side[None, :])
                scheme = np.where(self._columns(mask), np.maximum(scheme, both), scheme)
                has_schemes |= mask
            freed = (kinds == NationalsKind.ALLOWED) | (
                (kinds >= NationalsKind.REGIONAL_ONLY) & (scheme == YES)
            )
            surely_outside = self._columns(has_schemes) & (scheme == NO)
            regional = ~freed & (kinds == NationalsKind.REGIONAL_ONLY)
            self._pairs["nationality_yes"] = (
                ~freed & (kinds == NationalsKind.NEVER) | regional & surely_outside
            )
            self._pairs["nationality_unknown"] = (
                (kinds <= NationalsKind.SECONDARY)
                | ~freed & (kinds == NationalsKind.TREATY_ONLY)
                | regional & ~surely_outside
            )
            self._pairs["nationality_condition"] = freed & self._columns(ex.attached) | ~freed & (
                kinds == NationalsKind.WITH_CONSENT
            )
        return (
            self._pairs["nationality_yes"],
            self._pairs["nationality_unknown"],
            self._pairs["nationality_condition"],
        )

    def _extradition_matrix(self, offence: str, kind: OffenderKind) -> np.ndarray:
        """``extradition``'s ``decide_status`` over every pair at once."""
        ex = self.extradition_law
        bars = self.bars(offence)
        n = len(self.codes)
        treaty_unknown = self._treaty_unknown()
        if kind is OffenderKind.NATIONAL_OF_REQUESTED:
            national_yes, national_unknown, condition = self._nationality()
        else:  # not a national of the requested state: its nationality rule is not engaged
            national_yes = national_unknown = condition = np.zeros((n, n), dtype=bool)
        mandatory_yes = self._columns(bars.mandatory_yes) | national_yes
        mandatory_unknown = (
            self._columns(bars.mandatory_unknown) | national_unknown | treaty_unknown
        )
        any_yes = self._columns(bars.any_yes) | national_yes | condition
        any_unknown = self._columns(bars.any_unknown) | national_unknown | treaty_unknown
        status = np.select(
            [mandatory_yes, mandatory_unknown, any_yes, any_unknown],
            [BARRED, UNKNOWN, REFUSABLE, UNKNOWN],
            default=POSSIBLE,
        ).astype(np.int8)
        status[(status == POSSIBLE) & self._columns(ex.partial)] = UNKNOWN
        status[:, ~ex.has_law] = UNKNOWN
        np.fill_diagonal(status, UNKNOWN)
        return status

    def changed(
        self,
        law: LawDataset,
        *,
        instruments: Iterable[str] = (),
        nationals: Iterable[str] = (),
        statutes: Iterable[tuple[str, str]] = (),
        hypothetical: tuple[str, ...] = (),
    ) -> GapModel:
        """The model of ``law``, a changed copy of this model's dataset, reading again only what
        changed: the binding vectors of ``instruments``; the extradition law of the states in
        ``nationals``, whose rule on nationals changed (and their bars where they had no
        extradition law before); the criminality and bars of the (state, offence) pairs in
        ``statutes``, which gained a statute."""
        touched = set(instruments)
        redo_states = set(nationals)
        redo = set(statutes)
        where = {code: i for i, code in enumerate(self.codes)}
        bound = dict(self.bound)
        for instrument in touched:
            bound[instrument] = bound_vector(law.instruments[instrument], self.codes, self.day)
        routes: dict[Measure, RouteMatrix] = {}
        for measure, matrix in self.routes.items():
            layers = [k for k, (ident, _) in enumerate(matrix.offers) if ident in touched]
            if not layers:
                routes[measure] = matrix
                continue
            available = matrix.available.copy()
            for k in layers:
                side = bound[matrix.offers[k][0]]
                available[k] = np.minimum(side[:, None], side[None, :])
            routes[measure] = replaced(matrix, available=available)
        extradition_law = self.extradition_law.replaced(
            {where[c]: state_extradition_law(law, c, self.day) for c in redo_states if c in where}
        )
        result = GapModel(
            law=law,
            day=self.day,
            counted=self.counted,
            bound=bound,
            routes=routes,
            extradition_law=extradition_law,
            hypothetical=self.hypothetical + hypothetical,
        )
        result._route_gaps = {
            m: g for m, g in self._route_gaps.items() if routes[m] is self.routes[m]
        }
        result._treaty = {m: t for m, t in self._treaty.items() if routes[m] is self.routes[m]}
        lawless = {
            c for c in redo_states if c in where and not self.extradition_law.has_law[where[c]]
        }
        changed_offences = {offence for _, offence in redo}
        for offence, vector in self._criminalised.items():
            conduct = Conduct.of([offence])
            result._criminalised[offence] = with_entries(
                vector,
                {
                    where[s]: STATUS_CODE[criminality(s, conduct, self.day, law=law).status]
                    for s, o in redo
                    if o == offence and s in where
                },
            )
        for offence, bars in self._bars.items():
            again = {s for s, o in redo if o == offence} | lawless
            result._bars[offence] = bars.replaced(
                {
                    where[s]: state_bars(law, offence, s, self.day, self.ordered)
                    for s in again
                    if s in where
                }
            )
        extradition_inputs = set(self.extradition_law.schemes) | {
            ident for ident, _ in self.routes[Measure.EXTRADITION].offers
        }
        if not redo_states and not touched & extradition_inputs:
            result._pairs = dict(self._pairs)
            result._extradition = {
                key: matrix
                for key, matrix in self._extradition.items()
                if key[0] not in changed_offences
            }
        return result


def _measure(measure: Measure | str) -> Measure:
    try:
        return Measure(measure)
    except ValueError:
        names = ", ".join(m.value for m in Measure)
        raise LawQueryError(f"unknown measure {measure!r}; known: {names}") from None


def _offender(offender: OffenderKind | str) -> OffenderKind:
    try:
        return OffenderKind(offender)
    except ValueError:
        names = ", ".join(k.value for k in OffenderKind)
        raise LawQueryError(f"unknown offender kind {offender!r}; known: {names}") from None


def gap_model(
    day: date, *, law: LawDataset | None = None, codes: Iterable[str] | None = None
) -> GapModel:
    """The gap model of ``law`` (default: the bundled dataset) on ``day`` for ``codes`` (default:
    every jurisdiction of the dataset; see :func:`counted_jurisdictions`)."""
    law = law or default_dataset()
    counted = counted_jurisdictions(law, codes)
    return GapModel(
        law=law,
        day=day,
        counted=counted,
        bound={
            ident: bound_vector(instrument, counted.codes, day)
            for ident, instrument in law.instruments.items()
        },
        routes={m: route_matrix(m, day, codes=counted.codes, law=law) for m in Measure},
        extradition_law=extradition_law_vectors(law, counted.codes, day),
    )
