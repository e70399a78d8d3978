"""The safe-haven index: per state and offence, the share of the other counted states that could
not reach an offender there (docs/gaps.md defines it; LEGAL-SEMANTICS §1-2 govern).

For a requesting state R and a requested state S, S is a **safe haven against R** for an offence
when R cannot obtain evidence from S for the measure (no route other than comity), or when S
neither extradites the offender to R nor makes the offence a crime it could prosecute itself
(aut dedere aut judicare fails):

    haven[R, S] = not route[R, S]  or  (not extradited[R, S]  and  not criminalised[S])

in Kleene's logic, so an unknown part leaves the answer unknown unless another part decides it.
A state none of whose statutes is in the dataset is never reported as a haven (ARCHITECTURE
principle 2): its ``yes`` becomes ``unknown``. Each component is reported as three shares (no,
unknown, yes) over the other counted states, never folding unknown into no, with the share of
decided cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from lexbridge.engine.gaps.cases import OffenderKind
from lexbridge.engine.gaps.matrices import REFUSABLE, GapModel, three_valued
from lexbridge.engine.route_matrix import NO, UNKNOWN, YES
from lexbridge.law import LawDataset, Measure


@dataclass(frozen=True)
class Shares:
    """Per requested state (or per state for a vector): the share of cells yes, unknown and no;
    for extradition also the share refusable (counted inside ``yes``)."""

    yes: np.ndarray
    unknown: np.ndarray
    no: np.ndarray
    refusable: np.ndarray | None = None

    @property
    def decided(self) -> np.ndarray:
        """The share of cells that are not unknown."""
        result: np.ndarray = self.yes + self.no
        return result

    _rounded: dict[str, list[float]] = field(default_factory=dict, compare=False, repr=False)

    def at(self, position: int) -> dict[str, float]:
        """The shares of the state at ``position``, rounded to four places."""
        if not self._rounded:
            parts = {"no": self.no, "unknown": self.unknown, "yes": self.yes}
            parts["decided"] = self.decided
            if self.refusable is not None:
                parts["refusable"] = self.refusable
            self._rounded.update({k: np.round(v, 4).tolist() for k, v in parts.items()})
        return {name: values[position] for name, values in self._rounded.items()}


def _round(value: float) -> float:
    return round(float(value), 4)


def _off_diagonal(n: int) -> np.ndarray:
    return ~np.eye(n, dtype=bool)


def _without_diagonal(matrix: np.ndarray) -> np.ndarray:
    """The matrix with 0 (not a question) on its diagonal, copied only if it was not already."""
    if not np.diagonal(matrix).any():
        return matrix
    cleared = matrix.copy()
    np.fill_diagonal(cleared, UNKNOWN)
    return cleared


def column_shares(matrix: np.ndarray, *, refusable: bool = False) -> Shares:
    """Per column (requested state), the shares over the other rows (requesting states);
    ``refusable``: also the share of extradition cells that are refusable."""
    matrix = _without_diagonal(matrix)
    others = max(matrix.shape[0] - 1, 1)
    yes = np.count_nonzero(matrix >= YES, axis=0) / others
    no = np.count_nonzero(matrix == NO, axis=0) / others
    return Shares(
        yes=yes,
        unknown=1.0 - yes - no,
        no=no,
        refusable=np.count_nonzero(matrix == REFUSABLE, axis=0) / others if refusable else None,
    )


def decided_share(values: np.ndarray) -> float:
    """The share of a matrix's off-diagonal cells (or a vector's cells) that are not unknown."""
    if values.ndim == 1:
        return _round(np.count_nonzero(values) / len(values)) if len(values) else 0.0
    n = values.shape[0]
    cells = n * (n - 1)
    return _round(np.count_nonzero(_without_diagonal(values)) / cells) if cells else 0.0


def status_shares(values: np.ndarray, *, refusable: bool = False) -> dict[str, float]:
    """Over a vector or a matrix's off-diagonal cells: the share no, unknown, yes and decided
    (``refusable``: and the share refusable, counted inside yes)."""
    if values.ndim == 2:
        values = values[_off_diagonal(values.shape[0])]
    total = max(len(values), 1)
    yes = float((values >= YES).sum()) / total
    no = float((values == NO).sum()) / total
    found = {
        "no": _round(no),
        "unknown": _round(1.0 - yes - no),
        "yes": _round(yes),
        "decided": _round(yes + no),
    }
    if refusable:
        found["refusable"] = _round(float((values == REFUSABLE).sum()) / total)
    return found


@dataclass(frozen=True)
class HavenIndex:
    """The safe-haven index of every counted state for one offence, measure and offender."""

    codes: tuple[str, ...]
    day: date
    offence: str
    measure: Measure
    offender: OffenderKind
    criminalised: np.ndarray
    """Per state: is the offence a crime there (1 yes, 0 unknown, -1 no)."""
    evidence: np.ndarray
    """Per pair: a route other than comity for the measure (rows requesting, columns requested)."""
    extradition: np.ndarray
    """Per pair: -1 barred, 0 unknown, 1 possible, 2 refusable."""
    haven: np.ndarray
    """Per pair: the requested state is a safe haven against the requesting one."""
    statutes_known: np.ndarray
    """Per state: the dataset holds at least one of its statutes."""
    hypothetical: tuple[str, ...] = ()
    _shares: dict[str, Shares] = field(default_factory=dict, compare=False, repr=False)

    def _column_shares(self, part: str) -> Shares:
        if part not in self._shares:
            self._shares[part] = column_shares(getattr(self, part), refusable=part == "extradition")
        return self._shares[part]

    def evidence_shares(self) -> Shares:
        return self._column_shares("evidence")

    def extradition_shares(self) -> Shares:
        return self._column_shares("extradition")

    def haven_shares(self) -> Shares:
        return self._column_shares("haven")

    def decided_shares(self) -> dict[str, float]:
        """Per matrix or vector: the share of its cells that are not unknown."""
        return {
            "evidence": decided_share(self.evidence),
            "extradition": decided_share(self.extradition),
            "criminalised": decided_share(self.criminalised),
            "haven": decided_share(self.haven),
        }

    def ranking(self) -> list[int]:
        """Positions of the states, most certainly a haven first: by the share of states it is a
        known haven against, then by the share still unknown, then by code."""
        shares = self.haven_shares()
        return sorted(
            range(len(self.codes)),
            key=lambda i: (-shares.yes[i], -shares.unknown[i], self.codes[i]),
        )


def statutes_known(law: LawDataset, codes: tuple[str, ...]) -> np.ndarray:
    return np.array(
        [bool(law.states.get(code) and law.states[code].statutes) for code in codes], dtype=bool
    )


def haven_matrix(
    evidence: np.ndarray, extradition: np.ndarray, criminalised: np.ndarray, known: np.ndarray
) -> np.ndarray:
    """``not route or (not extradited and not criminalised)``, capped at unknown for states
    whose statutes are not in the dataset; 0 on the diagonal."""
    unreachable = np.minimum(-three_valued(extradition), -criminalised[None, :])
    haven: np.ndarray = np.maximum(-evidence, unreachable).astype(np.int8)
    haven[:, ~known] = np.minimum(haven[:, ~known], UNKNOWN)
    np.fill_diagonal(haven, UNKNOWN)
    return haven


def haven_index(
    model: GapModel,
    offence: str,
    measure: Measure | str = Measure.PRESERVATION,
    offender: OffenderKind | str = OffenderKind.NATIONAL_OF_REQUESTED,
) -> HavenIndex:
    """The index of every counted state for ``offence``: evidence by ``measure``, extradition of
    ``offender``, criminality in the requested state."""
    kind = OffenderKind(offender)
    key = (offence, Measure(measure), kind)
    if key in model.indexes:
        return model.indexes[key]
    evidence = model.treaty(measure)
    extradition = model.extradition(offence, kind)
    criminalised = model.criminalised(offence)
    known = statutes_known(model.law, model.codes)
    index = model.indexes[key] = HavenIndex(
        codes=model.codes,
        day=model.day,
        offence=offence,
        measure=Measure(measure),
        offender=kind,
        criminalised=criminalised,
        evidence=evidence,
        extradition=extradition,
        haven=haven_matrix(evidence, extradition, criminalised, known),
        statutes_known=known,
        hypothetical=model.hypothetical,
    )
    return index
