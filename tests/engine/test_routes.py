"""Routes between two states on a date: treaties in force for both sides, comity last."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexbridge.engine import LawQueryError, Status
from lexbridge.engine.routes import routes
from lexbridge.law import Measure


def test_budapest_preservation_opens_when_both_sides_are_bound(law) -> None:
    """DE is bound from 2009-07-01, GB from 2011-09-01 (CoE treaty office): art. 29 between them."""
    before = {
        r.instrument: r for r in routes("DE", "GB", "preservation", date(2010, 1, 1), law=law)
    }
    after = {r.instrument: r for r in routes("DE", "GB", "preservation", date(2020, 1, 1), law=law)}
    assert before["budapest"].available is Status.NO
    assert "does not bind GB" in " ".join(r.text for r in before["budapest"].reasons)
    assert after["budapest"].available is Status.YES
    assert after["budapest"].article == "Art. 29"
    assert after["budapest"].deadline is not None
    assert after["budapest"].deadline.days == 60
    assert after["budapest"].dual_criminality is not None
    assert after["budapest"].dual_criminality.startswith("not required")


def test_signed_but_not_in_force_is_shown_as_not_available(law) -> None:
    options = routes("DE", "FR", "subscriber_data", date(2026, 1, 1), law=law)
    second_protocol = [r for r in options if r.instrument == "budapest_2ap"]
    assert second_protocol
    assert all(r.available is Status.NO for r in second_protocol)


def test_bad_measure_or_state_is_named(law) -> None:
    with pytest.raises(LawQueryError, match="'wiretap'"):
        routes("DE", "FR", "wiretap", date(2024, 1, 1), law=law)
    with pytest.raises(LawQueryError, match="'XX'"):
        routes("XX", "FR", "preservation", date(2024, 1, 1), law=law)


CODES = ["DE", "FR", "GB", "US", "NL", "SC", "RU", "UA", "CH", "AU", "BR", "KP"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(CODES),
    st.sampled_from(CODES),
    st.sampled_from(list(Measure)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
)
def test_a_treaty_route_is_available_only_when_it_binds_both_sides(
    law, requesting, requested, measure, day
) -> None:
    options = routes(requesting, requested, measure, day, law=law)
    for option in options:
        instrument = law.instruments[option.instrument]
        if option.available is Status.YES and not instrument.universal:
            assert instrument.binds(requesting, day) is True
            assert instrument.binds(requested, day) is True
    comity = [i for i, o in enumerate(options) if o.comity]
    assert all(i >= len(options) - len(comity) for i in comity), "comity comes last"
