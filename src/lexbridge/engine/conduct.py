"""Conduct: harmonised offences with element facts, and what a case leaves unstated.

Each fact is established, negated or not stated (LEGAL-SEMANTICS §3). An offence named without
facts means its core elements are established and its optional qualifiers are not stated; the
answer lists what it assumed. An established exculpatory fact (authorised testing, consent of
the owner) negates the incriminating facts it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from lexbridge.engine.reasons import LawQueryError
from lexbridge.engine.status import Status
from lexbridge.law import LawDataset
from lexbridge.law.offences import AnyOf
from lexbridge.law.vocabulary import FactKind


class Conduct(BaseModel):
    """What was done: harmonised offences and the element facts stated about them."""

    model_config = ConfigDict(frozen=True)

    offences: tuple[str, ...] = Field(min_length=1)
    facts: Mapping[str, bool] = Field(default_factory=dict)
    """Fact name to ``True`` (established) or ``False`` (negated); absent means not stated."""

    @classmethod
    def of(
        cls,
        offences: Iterable[str],
        established: Iterable[str] = (),
        negated: Iterable[str] = (),
    ) -> Conduct:
        facts = dict.fromkeys(established, True)
        for name in negated:
            if facts.get(name):
                raise LawQueryError(f"fact {name!r} is both established and negated")
            facts[name] = False
        return cls(offences=tuple(offences), facts=facts)

    def check_against(self, law: LawDataset) -> None:
        """Raise :class:`LawQueryError` naming the first unknown offence or fact."""
        for offence in self.offences:
            if offence not in law.offences:
                raise LawQueryError(
                    f"unknown offence {offence!r}; known: {', '.join(sorted(law.offences))}"
                )
        for fact in self.facts:
            if fact not in law.elements:
                raise LawQueryError(f"unknown element fact {fact!r}; see `lexbridge law offences`")


@dataclass(frozen=True)
class FactView:
    """The facts of a conduct after assumptions and exculpatory negations are applied."""

    established: frozenset[str]
    negated: frozenset[str]
    assumed: frozenset[str]
    assumed_groups: tuple[frozenset[str], ...]
    notes: tuple[str, ...]

    def value(self, fact: str) -> Status:
        if fact in self.established or fact in self.assumed:
            return Status.YES
        if fact in self.negated:
            return Status.NO
        return Status.UNKNOWN

    def group_value(self, group: Iterable[str]) -> Status:
        """At least one of ``group``: yes if one holds or an assumed group lies within it."""
        members = frozenset(group)
        values = [self.value(f) for f in members]
        if Status.YES in values or any(g <= members for g in self.assumed_groups):
            return Status.YES
        if all(v is Status.NO for v in values):
            return Status.NO
        return Status.UNKNOWN

    def was_assumed(self, facts: Iterable[str]) -> bool:
        members = frozenset(facts)
        return bool(members & self.assumed) or any(g <= members for g in self.assumed_groups)


def view_of(conduct: Conduct, law: LawDataset) -> FactView:
    """Apply exculpatory negations, then assume the unstated core elements of named offences."""
    established = {f for f, v in conduct.facts.items() if v}
    negated = {f for f, v in conduct.facts.items() if not v}
    notes: list[str] = []
    for fact in sorted(established):
        element = law.elements[fact]
        if element.kind is FactKind.EXCULPATORY and element.negates:
            overridden = sorted(set(element.negates) & established)
            established -= set(element.negates)
            negated |= set(element.negates)
            notes.append(
                f"{fact} is established, so {', '.join(element.negates)} is taken as negated"
                + (f" (overriding the stated {', '.join(overridden)})" if overridden else "")
            )
    stated = established | negated
    assumed: set[str] = set()
    groups: list[frozenset[str]] = []
    for offence_id in conduct.offences:
        offence = law.offences[offence_id]
        single: list[str] = []
        for requirement in offence.core:
            if isinstance(requirement, AnyOf):
                members = set(requirement.any_of)
                if members & established:
                    continue
                open_members = frozenset(members - negated)
                if open_members and open_members not in groups:
                    groups.append(open_members)
                    notes.append(
                        f"{offence_id} named without saying how: assumed one of "
                        f"{', '.join(sorted(open_members))}"
                    )
            elif requirement not in stated and requirement not in assumed:
                assumed.add(requirement)
                single.append(requirement)
        if single:
            notes.append(
                f"{offence_id} named without facts on its core elements: assumed established: "
                f"{', '.join(single)}"
            )
    return FactView(
        established=frozenset(established),
        negated=frozenset(negated),
        assumed=frozenset(assumed),
        assumed_groups=tuple(groups),
        notes=tuple(notes),
    )
