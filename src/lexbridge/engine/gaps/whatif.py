"""What a reform would change: hypothetical ratifications, statutes and extradition rules.

A change set is a list of hypothetical changes (docs/gaps.md, "What-if file"):

- ``ratify: {state, instrument, on}``: the state becomes a party bound from ``on``; its record
  in the instrument's party list, if any, is replaced. An instrument that is itself not in force
  stays so: one ratification does not bring it into force.
- ``enact: {state, offence, on, max_months | life}``: a statute from ``on`` whose elements are
  the offence's core elements; its penalty is unknown unless given.
- ``extradite_nationals: {state, on, conditions}``: from ``on`` the state surrenders its own
  nationals (with the conditions listed, if any).

The changes are applied to a copy of the dataset held in memory, marked as hypothetical in every
source they add; the dataset files are never touched. Only the per-state vectors a change touches
are read again, and the matrices are combined anew (:meth:`GapModel.changed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import replace as replaced
from datetime import date
from typing import Self

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from lexbridge.engine.gaps.cases import OffenderKind
from lexbridge.engine.gaps.index import HavenIndex, Shares, decided_share, haven_index
from lexbridge.engine.gaps.matrices import GapModel
from lexbridge.engine.reasons import LawQueryError
from lexbridge.engine.route_matrix import YES
from lexbridge.law import LawDataset, Measure, Party, Penalty, Source, StateLaw, Statute, Tier
from lexbridge.law.national_rules import (
    ExtraditionLaw,
    NationalsCondition,
    NationalsExtradition,
    NationalsRule,
)
from lexbridge.law.offences import AnyOf
from lexbridge.law.statutes import ProvisionText, StatuteElement

HYPOTHETICAL = "HYPOTHETICAL"
UNKNOWN_PENALTY_FACT = "hypothetical_penalty_not_given"
"""A fact no case establishes: it selects the only penalty variant of a hypothetical statute
enacted without a penalty, so the engine reads that penalty as unknown (between none and life)."""


class _Change(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Ratify(_Change):
    state: str = Field(pattern=r"^[A-Z]{2}$")
    instrument: str
    on: date


class Enact(_Change):
    state: str = Field(pattern=r"^[A-Z]{2}$")
    offence: str
    on: date
    max_months: int | None = Field(default=None, ge=0)
    life: bool = False

    @model_validator(mode="after")
    def _one_penalty(self) -> Self:
        if self.life and self.max_months is not None:
            raise ValueError("give max_months or life: true, not both")
        return self


class ExtraditeNationals(_Change):
    state: str = Field(pattern=r"^[A-Z]{2}$")
    on: date
    conditions: tuple[NationalsCondition, ...] = ()


class Change(_Change):
    """One hypothetical change: exactly one of its fields."""

    ratify: Ratify | None = None
    enact: Enact | None = None
    extradite_nationals: ExtraditeNationals | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "each change is exactly one of ratify, enact, extradite_nationals"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self

    @property
    def on(self) -> date:
        change = self.ratify or self.enact or self.extradite_nationals
        assert change is not None
        return change.on

    def describe(self, law: LawDataset) -> str:
        if self.ratify is not None:
            r = self.ratify
            return f"{HYPOTHETICAL}: {_name(law, r.state)} ratifies {law.instruments[r.instrument].name}, bound from {r.on}"
        if self.enact is not None:
            e = self.enact
            penalty = (
                "life imprisonment"
                if e.life
                else f"up to {e.max_months} months"
                if e.max_months is not None
                else "penalty unknown"
            )
            return f"{HYPOTHETICAL}: {_name(law, e.state)} enacts a statute covering {e.offence} from {e.on} ({penalty})"
        x = self.extradite_nationals
        assert x is not None
        conditions = (
            f" on conditions: {', '.join(c.value for c in x.conditions)}" if x.conditions else ""
        )
        return f"{HYPOTHETICAL}: {_name(law, x.state)} extradites its own nationals from {x.on}{conditions}"


def _name(law: LawDataset, code: str) -> str:
    return f"{law.jurisdictions[code].name} ({code})"


class _Loader(yaml.SafeLoader):
    """YAML where only ``true``/``false`` are booleans (so the key ``on`` stays ``on``, not
    YAML 1.1's ``True``) and dates stay text (so pydantic names a bad one by its field)."""


_Loader.yaml_implicit_resolvers = {
    key: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class ChangeSet(BaseModel):
    """The what-if file: a title and the hypothetical changes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = None
    changes: tuple[Change, ...] = Field(min_length=1)

    @classmethod
    def from_yaml(cls, text: str) -> ChangeSet:
        """Parse a what-if file's text; raises ``yaml.YAMLError``, ``ValueError`` (not a mapping)
        or pydantic's ``ValidationError`` naming each bad field."""
        data = yaml.load(text, Loader=_Loader)
        if not isinstance(data, dict):
            raise ValueError("a what-if file is a mapping with a list of changes (docs/gaps.md)")
        return cls.model_validate(data)

    def check_against(self, law: LawDataset) -> None:
        """Raise :class:`LawQueryError` naming the first value the dataset does not know."""
        for i, change in enumerate(self.changes):
            kind, item = next(
                (name, getattr(change, name))
                for name in type(change).model_fields
                if getattr(change, name) is not None
            )
            where = f"changes[{i}].{kind}"
            state = item.state
            if state not in law.jurisdictions:
                raise LawQueryError(
                    f"{where}.state: unknown state code {state!r}; use an ISO 3166-1 alpha-2 code such as DE"
                )
            if isinstance(item, Ratify):
                instrument = law.instruments.get(item.instrument)
                if instrument is None:
                    raise LawQueryError(
                        f"{where}.instrument: unknown instrument {item.instrument!r}; known: {', '.join(sorted(law.instruments))}"
                    )
                if instrument.universal:
                    raise LawQueryError(
                        f"{where}.instrument: {item.instrument!r} exists between any two states and needs no ratification"
                    )
            if isinstance(item, Enact) and item.offence not in law.offences:
                raise LawQueryError(
                    f"{where}.offence: unknown offence {item.offence!r}; known: {', '.join(sorted(law.offences))}"
                )


def _source(on: date, what: str) -> Source:
    return Source(
        title=f"Hypothetical change (what-if), not law: {what}",
        url="urn:lexbridge:what-if",
        checked=on,
        tier=Tier.OFFICIAL,
        note="Entered by a what-if file for a gap analysis; no such law is recorded.",
    )


def _statute(law: LawDataset, change: Enact, serial: int) -> Statute:
    offence = law.offences[change.offence]
    elements = tuple(
        StatuteElement(any_of=r.any_of, anchor=" or ".join(r.any_of))
        if isinstance(r, AnyOf)
        else StatuteElement(fact=r, anchor=r)
        for r in offence.core
    )
    facts = "; ".join(e.anchor for e in elements)
    if change.life:
        penalty = Penalty(life=True)
    elif change.max_months is not None:
        penalty = Penalty(max_months=change.max_months)
    else:
        penalty = Penalty(life=True, when=(UNKNOWN_PENALTY_FACT,), label="penalty not given")
    citation = f"{HYPOTHETICAL} statute of {change.state} on {change.offence} from {change.on}"
    return Statute(
        id=f"what-if-{serial}-{change.state.lower()}-{change.offence.replace('_', '-')}",
        citation=citation,
        offences=(change.offence,),
        since=change.on,
        text=ProvisionText(language="en", excerpt=f"{citation}, requiring: {facts}."),
        elements=elements,
        penalties=(penalty,),
        source=_source(change.on, citation),
    )


def _nationals_rule(law: LawDataset, change: ExtraditeNationals) -> NationalsExtradition:
    provision = f"{HYPOTHETICAL} rule of {change.state}: it extradites its own nationals"
    return NationalsExtradition(
        rule=NationalsRule.ALLOWED,
        conditions=change.conditions,
        provision=provision,
        anchor="extradites its own nationals",
        text=ProvisionText(
            language="en",
            excerpt=f"{_name(law, change.state)} extradites its own nationals from {change.on}.",
        ),
        since=change.on,
        source=_source(change.on, provision),
    )


def apply_changes(law: LawDataset, changes: ChangeSet) -> LawDataset:
    """A copy of ``law`` with the changes made; ``law`` itself is left as it was."""
    instruments = dict(law.instruments)
    states = dict(law.states)
    for serial, change in enumerate(changes.changes):
        if change.ratify is not None:
            r = change.ratify
            instrument = instruments[r.instrument]
            party = Party(
                state=r.state,
                consent=r.on,
                since=r.on,
                source=_source(r.on, change.describe(law)).model_copy(
                    update={"tier": Tier.TREATY_OFFICE}
                ),
            )
            parties = (*(p for p in instrument.parties if p.state != r.state), party)
            instruments[r.instrument] = instrument.model_copy(update={"parties": parties})
        elif change.enact is not None:
            e = change.enact
            statute = _statute(law, e, serial)
            current = states.get(e.state)
            states[e.state] = (
                current.model_copy(update={"statutes": (*current.statutes, statute)})
                if current
                else StateLaw(state=e.state, statutes=(statute,))
            )
        elif change.extradite_nationals is not None:
            x = change.extradite_nationals
            rule = _nationals_rule(law, x)
            current = states.get(x.state)
            ex = (current.extradition if current else None) or ExtraditionLaw()
            ex = ex.model_copy(update={"nationals": (rule, *ex.nationals)})
            states[x.state] = (
                current.model_copy(update={"extradition": ex})
                if current
                else StateLaw(state=x.state, extradition=ex)
            )
    return replaced(law, instruments=instruments, states=states, _statutes={}, _findings={})


def changed_model(model: GapModel, changes: ChangeSet) -> GapModel:
    """The gap model with the hypothetical changes made, reading again only what they touch."""
    changes.check_against(model.law)
    law = apply_changes(model.law, changes)
    return model.changed(
        law,
        instruments={c.ratify.instrument for c in changes.changes if c.ratify},
        nationals={c.extradite_nationals.state for c in changes.changes if c.extradite_nationals},
        statutes={(c.enact.state, c.enact.offence) for c in changes.changes if c.enact},
        hypothetical=tuple(c.describe(model.law) for c in changes.changes),
    )


Pair = tuple[str, str]


@dataclass(frozen=True)
class PairChange:
    """Cells of one pair matrix that became yes (``gained``) or stopped being yes (``lost``)."""

    gained: tuple[Pair, ...]
    lost: tuple[Pair, ...]
    decided_before: float
    decided_after: float

    def as_json(self) -> dict[str, object]:
        return {
            "gained": [list(p) for p in self.gained],
            "lost": [list(p) for p in self.lost],
            "decided_share": {"before": self.decided_before, "after": self.decided_after},
        }


def pair_change(codes: tuple[str, ...], before: np.ndarray, after: np.ndarray) -> PairChange:
    """Where ``after`` is yes (or refusable) and ``before`` was not, and the reverse."""
    if before is after:
        share = decided_share(before)
        return PairChange(gained=(), lost=(), decided_before=share, decided_after=share)
    was, now = before >= YES, after >= YES
    np.fill_diagonal(was, False)
    np.fill_diagonal(now, False)

    def pairs(mask: np.ndarray) -> tuple[Pair, ...]:
        return tuple((codes[i], codes[j]) for i, j in np.argwhere(mask)) if mask.any() else ()

    return PairChange(
        gained=pairs(now & ~was),
        lost=pairs(was & ~now),
        decided_before=decided_share(before),
        decided_after=decided_share(after),
    )


@dataclass(frozen=True)
class StateIndexChange:
    """How one state's index moved for one offence (``before``/``after`` per component)."""

    state: str
    offence: str
    position: int
    criminalised: tuple[int, int]
    shares_before: Mapping[str, Shares]
    shares_after: Mapping[str, Shares]

    @property
    def before(self) -> dict[str, dict[str, float]]:
        return {part: shares.at(self.position) for part, shares in self.shares_before.items()}

    @property
    def after(self) -> dict[str, dict[str, float]]:
        return {part: shares.at(self.position) for part, shares in self.shares_after.items()}

    @property
    def delta(self) -> dict[str, dict[str, float]]:
        before, after = self.before, self.after
        return {
            part: {k: round(after[part][k] - v, 4) for k, v in shares.items()}
            for part, shares in before.items()
        }

    def _moved(self, share: str) -> float:
        i = self.position
        was: np.ndarray = getattr(self.shares_before["haven"], share)
        now: np.ndarray = getattr(self.shares_after["haven"], share)
        return float(now[i] - was[i])

    @property
    def haven_closes(self) -> bool:
        """It is a known haven against fewer states than before, or known not to be one against
        more: the haven closes, fully or in part."""
        return self._moved("yes") < 0 or self._moved("no") > 0

    def closing_order(self) -> tuple[float, float, str, str]:
        """Most closed first: by the fall of the haven share, then the rise of the no share."""
        return (self._moved("yes"), -self._moved("no"), self.offence, self.state)


def components(index: HavenIndex) -> dict[str, Shares]:
    """The index's three pair components, as shares per requested state."""
    return {
        "evidence": index.evidence_shares(),
        "extradition": index.extradition_shares(),
        "haven": index.haven_shares(),
    }


@dataclass(frozen=True)
class WhatIf:
    """The difference the hypothetical changes make on ``day``, against the dataset as it is."""

    title: str | None
    day: date
    changes: tuple[tuple[str, date, bool], ...]
    """(description, date, in effect on ``day``) of each change."""
    measure: Measure
    offender: OffenderKind
    codes: tuple[str, ...]
    routes: dict[Measure, PairChange]
    """Per measure: pairs that gain or lose a route other than comity."""
    extradition: dict[tuple[str, OffenderKind], PairChange]
    """Per offence and offender: pairs where extradition becomes (or stops being) possible."""
    criminalised: tuple[tuple[str, str, int, int], ...]
    """(offence, state, before, after) where criminality changed."""
    states: tuple[StateIndexChange, ...]
    """Every (state, offence) whose index moved."""
    before: dict[str, HavenIndex]
    after: dict[str, HavenIndex]

    @property
    def havens_closing(self) -> tuple[StateIndexChange, ...]:
        return tuple(
            sorted(
                (s for s in self.states if s.haven_closes),
                key=StateIndexChange.closing_order,
            )
        )


def what_if(
    model: GapModel,
    changes: ChangeSet,
    *,
    offences: Iterable[str] | None = None,
    measure: Measure | str = Measure.PRESERVATION,
    offender: OffenderKind | str = OffenderKind.NATIONAL_OF_REQUESTED,
) -> WhatIf:
    """Apply ``changes`` to ``model`` (the dataset as it is on its day) and report the difference:
    routes for every measure, extradition and criminality for ``offences`` (default: all), and
    the index for ``measure`` and ``offender``."""
    after_model = changed_model(model, changes)
    wanted = tuple(offences) if offences is not None else tuple(model.law.offences)
    for offence in wanted:
        model.check_offence(offence)
    kind = OffenderKind(offender)
    codes = model.codes
    routes = {m: pair_change(codes, model.treaty(m), after_model.treaty(m)) for m in Measure}
    extradition = {
        (o, k): pair_change(codes, model.extradition(o, k), after_model.extradition(o, k))
        for o in wanted
        for k in OffenderKind
    }
    criminalised: list[tuple[str, str, int, int]] = []
    states: list[StateIndexChange] = []
    before_index: dict[str, HavenIndex] = {}
    after_index: dict[str, HavenIndex] = {}
    for offence in wanted:
        was, now = model.criminalised(offence), after_model.criminalised(offence)
        criminalised.extend(
            (offence, codes[i], int(was[i]), int(now[i])) for i in np.flatnonzero(was != now)
        )
        before = before_index[offence] = haven_index(model, offence, measure, kind)
        after = after_index[offence] = haven_index(after_model, offence, measure, kind)
        shares_before, shares_after = components(before), components(after)
        moved = (
            (before.evidence != after.evidence).any(axis=0)
            | (before.extradition != after.extradition).any(axis=0)
            | (before.haven != after.haven).any(axis=0)
            | (was != now)
        )
        states.extend(
            StateIndexChange(
                state=codes[i],
                offence=offence,
                position=int(i),
                criminalised=(int(was[i]), int(now[i])),
                shares_before=shares_before,
                shares_after=shares_after,
            )
            for i in np.flatnonzero(moved)
        )
    return WhatIf(
        title=changes.title,
        day=model.day,
        changes=tuple((c.describe(model.law), c.on, c.on <= model.day) for c in changes.changes),
        measure=Measure(measure),
        offender=kind,
        codes=codes,
        routes=routes,
        extradition=extradition,
        criminalised=tuple(criminalised),
        states=tuple(states),
        before=before_index,
        after=after_index,
    )
