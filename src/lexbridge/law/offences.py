"""The harmonised offence catalogue and its element-fact vocabulary.

Offences are defined by element facts, not labels (Budapest Convention art. 25(5); EAW
Framework Decision art. 2(4)). ``shared/reference/offences.md`` §7-§8 is the origin of the
vocabulary and of each offence's core and optional elements.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from lexbridge.law._base import LawModel, Source
from lexbridge.law.vocabulary import FactKind

FACT_NAME = r"^[a-z][a-z0-9_]*$"


class ElementFact(LawModel):
    """One thing conduct can do or be, established, negated or not stated in a case."""

    name: str = Field(pattern=FACT_NAME)
    kind: FactKind
    text: str
    negates: tuple[str, ...] = ()
    """For an exculpatory fact: the incriminating facts it negates when established."""


class AnyOf(LawModel):
    """At least one of these facts."""

    any_of: tuple[str, ...] = Field(min_length=2)


Requirement = str | AnyOf
"""A single element fact, or a group of which one must be established."""


def requirement_facts(requirement: Requirement) -> tuple[str, ...]:
    """The fact names a requirement mentions."""
    return (requirement,) if isinstance(requirement, str) else requirement.any_of


class Offence(LawModel):
    """A harmonised offence: its core elements and the qualifiers a Party may add."""

    id: str = Field(pattern=FACT_NAME)
    code: str
    title: str
    core: tuple[Requirement, ...]
    optional: tuple[str, ...] = ()
    articles: tuple[str, ...]
    source: Source

    def mentioned_facts(self) -> Iterator[str]:
        for requirement in self.core:
            yield from requirement_facts(requirement)
        yield from self.optional


class Catalogue(LawModel):
    """The file ``offences.yaml``: element facts and harmonised offences."""

    elements: tuple[ElementFact, ...]
    offences: tuple[Offence, ...]
