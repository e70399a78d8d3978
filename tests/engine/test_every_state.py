"""Every state file, end to end through `criminality`: each cited provision answers for its own conduct.

For every state with a provision resting on an official source, the conduct that meets all of that
provision's elements, on a day inside its known period, is a crime there under that provision (the
fact the provision's source states). A state whose provisions rest only on secondary sources, or
that has none, answers unknown, never yes or no.
"""

from __future__ import annotations

from datetime import date

import pytest

from lexbridge.engine import Conduct, Status, criminality
from lexbridge.law import default_dataset
from lexbridge.law.statutes import Statute

LAW = default_dataset()


def _conduct_meeting(statute: Statute) -> Conduct:
    """The offence's conduct with every element of the provision established (the first of each group)."""
    facts = [
        element.fact if element.fact else (element.any_of or ("",))[0]
        for element in statute.elements
    ]
    return Conduct.of([statute.offences[0]], established=[f for f in facts if f])


def _day_in_force(statute: Statute) -> date:
    return (
        statute.since or statute.source.checked
        if statute.until is None
        else (statute.since or statute.until)
    )


def _official(code: str) -> Statute | None:
    for statute in LAW.states[code].statutes:
        day = _day_in_force(statute)
        if (
            statute.source.tier.authoritative
            and statute.holds_on(day)
            and not any(p.when for p in statute.penalties[:1])
        ):
            return statute
    return None


OFFICIAL = sorted(code for code in LAW.states if _official(code) is not None)
SECONDARY_ONLY = sorted(
    code
    for code, state in LAW.states.items()
    if state.statutes and not any(s.source.tier.authoritative for s in state.statutes)
)
EMPTY = sorted(code for code, state in LAW.states.items() if not state.statutes)


def test_the_three_groups_cover_every_state_file() -> None:
    assert len(OFFICIAL) >= 28, "states with an official provision must not go down"
    assert set(LAW.states) == set(OFFICIAL) | set(SECONDARY_ONLY) | set(EMPTY)


@pytest.mark.parametrize("code", OFFICIAL)
def test_an_official_provision_covers_its_own_conduct(code: str) -> None:
    statute = _official(code)
    assert statute is not None
    day = _day_in_force(statute)
    result = criminality(code, _conduct_meeting(statute), day, law=LAW)
    assert result.status is Status.YES, (statute.id, day, [r.text for r in result.reasons])
    assert statute.id in {s.id for s in result.statutes if s.status is Status.YES}


@pytest.mark.parametrize("code", SECONDARY_ONLY)
def test_a_state_known_only_from_secondary_sources_answers_unknown(code: str) -> None:
    statute = LAW.states[code].statutes[0]
    result = criminality(code, _conduct_meeting(statute), _day_in_force(statute), law=LAW)
    assert result.status is Status.UNKNOWN


@pytest.mark.parametrize("code", EMPTY)
def test_a_state_without_provisions_answers_unknown(code: str) -> None:
    result = criminality(code, Conduct.of(["illegal_access"]), date(2024, 1, 1), law=LAW)
    assert result.status is Status.UNKNOWN
