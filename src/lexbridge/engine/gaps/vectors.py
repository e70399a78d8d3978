"""What depends on one state only, asked once per state: the vectors every pair matrix combines.

Codes follow :mod:`lexbridge.engine.route_matrix`: 1 yes, 0 unknown, -1 no, so Kleene's ``and``
is ``np.minimum``, ``or`` is ``np.maximum`` and ``not`` is negation. Each vector is read from the
dataset by the same rule the engine applies, or asked of the engine itself, state by state:

- whether an instrument binds the state on the day (``Instrument.binds``, as ``routes`` asks it);
- whether the offence is a crime there, its core elements established (``criminality``, as
  ``decisiveness`` asks it);
- the state's extradition law as the requested state: its rule on nationals, whether it needs a
  treaty, whether its record is partial (read as ``extradition`` reads them);
- the bars of its extradition law that do not depend on the requesting state or the offender's
  nationality (dual criminality, penalty threshold, lapse of time, forum), taken from the answer
  of ``extradition`` itself, one call per state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

import numpy as np

from lexbridge.engine.conduct import Conduct
from lexbridge.engine.criminality import criminality
from lexbridge.engine.extradition import extradition
from lexbridge.engine.gaps.cases import OffenderKind, gap_case, third_state
from lexbridge.engine.route_matrix import NO, UNKNOWN, YES
from lexbridge.engine.status import Status
from lexbridge.law import Instrument, LawDataset
from lexbridge.law.national_rules import BarKind, NationalsRule

CODE = {True: YES, None: UNKNOWN, False: NO}
STATUS_CODE = {Status.YES: YES, Status.UNKNOWN: UNKNOWN, Status.NO: NO}
PAIR_BARS = frozenset({"nationality", "no_treaty_basis"})
"""Bars of an extradition answer that depend on the pair or the offender: combined as matrices."""


def bound_vector(instrument: Instrument, codes: tuple[str, ...], day: date) -> np.ndarray:
    """Per state: does ``instrument`` bind it on ``day`` (1 yes, 0 unknown, -1 no)."""
    return np.fromiter(
        (CODE[instrument.binds(code, day)] for code in codes), dtype=np.int8, count=len(codes)
    )


def criminalised_vector(
    law: LawDataset, offence: str, codes: tuple[str, ...], day: date
) -> np.ndarray:
    """Per state: is ``offence``, named without facts, a crime there on ``day``."""
    conduct = Conduct.of([offence])
    return np.fromiter(
        (STATUS_CODE[criminality(code, conduct, day, law=law).status] for code in codes),
        dtype=np.int8,
        count=len(codes),
    )


class NationalsKind(IntEnum):
    """The state's rule on surrendering its own nationals, as ``extradition`` reads it."""

    NO_RULE = 0
    """No rule in force recorded: a mandatory bar whose application is unknown."""
    SECONDARY = 1
    """The rule rests on a secondary source, which cannot decide: the same."""
    ALLOWED = 2
    REGIONAL_ONLY = 3
    WITH_CONSENT = 4
    TREATY_ONLY = 5
    NEVER = 6


_NATIONALS = {
    NationalsRule.ALLOWED: NationalsKind.ALLOWED,
    NationalsRule.REGIONAL_ONLY: NationalsKind.REGIONAL_ONLY,
    NationalsRule.WITH_CONSENT: NationalsKind.WITH_CONSENT,
    NationalsRule.TREATY_ONLY: NationalsKind.TREATY_ONLY,
    NationalsRule.NEVER: NationalsKind.NEVER,
}


@dataclass(frozen=True)
class StateExtraditionLaw:
    """One state's extradition law as the requested state, the parts that hold for any offence."""

    has_law: bool
    nationals: NationalsKind = NationalsKind.NO_RULE
    attached: bool = False
    """The nationals rule carries conditions (a condition makes the answer at most refusable)."""
    schemes: tuple[str, ...] = ()
    """Instruments under which it surrenders its nationals after all (those in the dataset)."""
    treaty_required: bool = False
    multilateral_excluded: bool = False
    """A multilateral convention (Budapest, the European Convention) is no basis for it."""
    partial: bool = False
    """Neither its treaty requirement nor its dual-criminality rule is recorded: no bar found is
    not enough to say ``possible``."""


def state_extradition_law(law: LawDataset, code: str, day: date) -> StateExtraditionLaw:
    """Read ``code``'s extradition law on ``day`` as ``engine.extradition`` reads it."""
    state = law.states.get(code)
    ex = state.extradition if state else None
    if ex is None:
        return StateExtraditionLaw(has_law=False)
    rules = [r for r in ex.nationals if r.in_force_on(day) is not False]
    nationals, attached = NationalsKind.NO_RULE, False
    schemes: tuple[str, ...] = ()
    if rules:
        rule = rules[0]
        authoritative = rule.source.tier.authoritative
        nationals = _NATIONALS[rule.rule] if authoritative else NationalsKind.SECONDARY
        attached = bool(rule.conditions)
        schemes = tuple(s for s in rule.schemes if s in law.instruments)
    required = multilateral_excluded = False
    for basis in ex.treaty_basis:
        if basis.in_force_on(day) is False or not basis.treaty_required:
            continue
        required, multilateral_excluded = True, basis.multilateral_basis is False
        break
    partial = not any(b.in_force_on(day) is not False for b in ex.treaty_basis) or not any(
        b.kind is BarKind.DUAL_CRIMINALITY for b in ex.bars
    )
    return StateExtraditionLaw(
        has_law=True,
        nationals=nationals,
        attached=attached,
        schemes=schemes,
        treaty_required=required,
        multilateral_excluded=multilateral_excluded,
        partial=partial,
    )


@dataclass(frozen=True)
class ExtraditionLawVectors:
    """:class:`StateExtraditionLaw` of every counted state, as vectors."""

    states: tuple[StateExtraditionLaw, ...]
    has_law: np.ndarray
    nationals: np.ndarray
    attached: np.ndarray
    treaty_required: np.ndarray
    multilateral_excluded: np.ndarray
    partial: np.ndarray
    schemes: Mapping[str, np.ndarray]
    """Instrument id to the states whose nationals rule names it as a scheme."""

    @classmethod
    def of(cls, states: Iterable[StateExtraditionLaw]) -> ExtraditionLawVectors:
        found = tuple(states)

        def flag(name: str) -> np.ndarray:
            return np.array([bool(getattr(s, name)) for s in found], dtype=bool)

        ids = sorted({sid for s in found for sid in s.schemes})
        return cls(
            states=found,
            has_law=flag("has_law"),
            nationals=np.array([int(s.nationals) for s in found], dtype=np.int8),
            attached=flag("attached"),
            treaty_required=flag("treaty_required"),
            multilateral_excluded=flag("multilateral_excluded"),
            partial=flag("partial"),
            schemes={sid: np.array([sid in s.schemes for s in found], dtype=bool) for sid in ids},
        )

    def replaced(self, changed: Mapping[int, StateExtraditionLaw]) -> ExtraditionLawVectors:
        """The same vectors with the states at the given positions read again."""
        states = list(self.states)
        for position, law in changed.items():
            states[position] = law
        return ExtraditionLawVectors.of(states)


def extradition_law_vectors(
    law: LawDataset, codes: tuple[str, ...], day: date
) -> ExtraditionLawVectors:
    return ExtraditionLawVectors.of(state_extradition_law(law, code, day) for code in codes)


@dataclass(frozen=True)
class StateBars:
    """The bars of one state's answer that hold whoever asks and whoever the offender is."""

    mandatory_yes: bool = False
    mandatory_unknown: bool = False
    any_yes: bool = False
    any_unknown: bool = False


def state_bars(
    law: LawDataset, offence: str, code: str, day: date, ordered: tuple[str, ...]
) -> StateBars:
    """Ask ``extradition`` once for ``code`` as the requested state and keep the bars that do not
    depend on the pair (``ordered``: every jurisdiction code, to pick the other parties from)."""
    state = law.states.get(code)
    if state is None or state.extradition is None or not state.extradition.bars:
        return StateBars()  # the bars of an answer come from the law's recorded bars only
    other = third_state(code, code, ordered)
    case = gap_case(
        offence, other, code, OffenderKind.THIRD_COUNTRY, day, third_state(other, code, ordered)
    )
    answer = extradition(case, case.offenders[0], other, law, day)
    bars = [b for b in answer.bars if b.kind not in PAIR_BARS]
    return StateBars(
        mandatory_yes=any(b.mandatory and b.applies is Status.YES for b in bars),
        mandatory_unknown=any(b.mandatory and b.applies is Status.UNKNOWN for b in bars),
        any_yes=any(b.applies is Status.YES for b in bars),
        any_unknown=any(b.applies is Status.UNKNOWN for b in bars),
    )


@dataclass(frozen=True)
class BarVectors:
    """:class:`StateBars` of every counted state for one offence, as vectors."""

    states: tuple[StateBars, ...]
    mandatory_yes: np.ndarray
    mandatory_unknown: np.ndarray
    any_yes: np.ndarray
    any_unknown: np.ndarray

    @classmethod
    def of(cls, states: Iterable[StateBars]) -> BarVectors:
        found = tuple(states)

        def flag(name: str) -> np.ndarray:
            return np.array([getattr(s, name) for s in found], dtype=bool)

        return cls(
            found,
            flag("mandatory_yes"),
            flag("mandatory_unknown"),
            flag("any_yes"),
            flag("any_unknown"),
        )

    def replaced(self, changed: Mapping[int, StateBars]) -> BarVectors:
        states = list(self.states)
        for position, bars in changed.items():
            states[position] = bars
        return BarVectors.of(states)


def bar_vectors(
    law: LawDataset, offence: str, codes: tuple[str, ...], day: date, ordered: tuple[str, ...]
) -> BarVectors:
    return BarVectors.of(state_bars(law, offence, code, day, ordered) for code in codes)


def with_entries(vector: np.ndarray, changed: Mapping[int, int]) -> np.ndarray:
    """A copy of ``vector`` with the given positions set."""
    result = vector.copy()
    for position, value in changed.items():
        result[position] = value
    return result
