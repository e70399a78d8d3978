"""Properties of criminality() that must hold for every state, date and conduct.

They run over the hand-built dataset and over the bundled one, so every fact added to
``law/data`` is held to them too.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexbridge.engine import Conduct, Status, criminality
from lexbridge.law import FactKind, FindingStatus, LawDataset

DATES = st.dates(min_value=date(1980, 1, 1), max_value=date(2030, 12, 31))
DATASETS = ["mini", "law"]


def _dataset(request: pytest.FixtureRequest, name: str) -> LawDataset:
    law: LawDataset = request.getfixturevalue(name)
    return law


def _incriminating(law: LawDataset) -> list[str]:
    return sorted(n for n, e in law.elements.items() if e.kind is not FactKind.EXCULPATORY)


@pytest.mark.parametrize("name", DATASETS)
def test_more_incriminating_facts_never_turn_yes_into_no(
    request: pytest.FixtureRequest, name: str
) -> None:
    law = _dataset(request, name)
    states = sorted(law.states)
    facts = _incriminating(law)

    @settings(max_examples=150, deadline=None)
    @given(
        state=st.sampled_from(states),
        offences=st.lists(
            st.sampled_from(sorted(law.offences)), min_size=1, max_size=3, unique=True
        ),
        stated=st.dictionaries(st.sampled_from(facts), st.booleans(), max_size=6),
        extra=st.sampled_from(facts),
        day=DATES,
    )
    def check(
        state: str, offences: list[str], stated: dict[str, bool], extra: str, day: date
    ) -> None:
        if extra in stated:
            return
        before = criminality(state, Conduct(offences=tuple(offences), facts=stated), day, law=law)
        after = criminality(
            state, Conduct(offences=tuple(offences), facts={**stated, extra: True}), day, law=law
        )
        if before.status is Status.YES:
            assert after.status is not Status.NO, (state, offences, stated, extra, day)
        for b, a in zip(before.statutes, after.statutes, strict=True):
            if b.status is Status.YES:
                assert a.status is Status.YES
                assert (a.severity or 0) >= (b.severity or 0)

    check()


@pytest.mark.parametrize("name", DATASETS)
def test_a_date_outside_every_dated_fact_gives_unknown(
    request: pytest.FixtureRequest, name: str
) -> None:
    law = _dataset(request, name)
    pairs = sorted({(s, o) for s in law.states for o in law.offences})

    @settings(max_examples=200, deadline=None)
    @given(pair=st.sampled_from(pairs), day=DATES)
    def check(pair: tuple[str, str], day: date) -> None:
        state, offence = pair
        if law.statutes_on(state, offence, day) or law.findings_for(state, offence, day):
            return
        result = criminality(state, Conduct.of([offence]), day, law=law)
        assert result.status is Status.UNKNOWN, (state, offence, day)

    check()


@pytest.mark.parametrize("name", DATASETS)
def test_a_date_inside_a_not_covered_period_gives_no_on_official_sources_only(
    request: pytest.FixtureRequest, name: str
) -> None:
    law = _dataset(request, name)
    findings = [
        (code, f)
        for code, state_law in sorted(law.states.items())
        for f in state_law.findings
        if f.status is FindingStatus.NOT_COVERED
    ]
    assert findings, f"the {name} dataset records no not-covered finding"

    @settings(max_examples=100, deadline=None)
    @given(index=st.integers(0, len(findings) - 1), day=DATES)
    def check(index: int, day: date) -> None:
        code, finding = findings[index]
        if not finding.holds_on(day):
            return
        result = criminality(code, Conduct.of([finding.offence]), day, law=law)
        expected = Status.NO if finding.source.tier.authoritative else Status.UNKNOWN
        assert result.status is expected, (code, finding.offence, day)
        assert finding.reason in " ".join(r.text for r in result.reasons)

    check()


def test_every_unknown_answer_says_why(law: LawDataset) -> None:
    for code in sorted(law.states):
        for offence in sorted(law.offences):
            for day in (date(1990, 1, 1), date(2010, 1, 1), date(2025, 1, 1)):
                result = criminality(code, Conduct.of([offence]), day, law=law)
                assert result.reasons, (code, offence, day)
