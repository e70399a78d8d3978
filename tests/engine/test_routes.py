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


def test_a_state_missing_from_an_incomplete_party_list_is_unknown_not_no(law) -> None:
    """The EAW file does not list Denmark (no source read names it): unknown, never an invented no."""
    assert law.instruments["eaw"].binds("DK", date(2024, 1, 1)) is None
    assert law.instruments["warsaw_convention"].binds("DE", date(2024, 1, 1)) is None


def test_a_closed_party_list_says_no_for_a_state_outside_it(law) -> None:
    """The e-Evidence Regulation binds the Member States taking part, from 2026-08-18; the United
    Kingdom is not one: no European Production Order route to it."""
    to_gb = {r.instrument: r for r in routes("DE", "GB", "preservation", date(2026, 9, 1), law=law)}
    assert to_gb["e_evidence"].available is Status.NO


def test_a_current_party_list_says_nothing_about_former_parties(law) -> None:
    """The EIO list names today's Member States; the United Kingdom applied the EIO until Brexit, so
    on 2019-01-01 its tie is unknown from this list, never "no"."""
    assert law.instruments["eio"].binds("GB", date(2019, 1, 1)) is None


def test_the_freezing_order_regulation_opens_between_member_states(law) -> None:
    """Regulation (EU) 2018/1805 applies from 2020-12-19 (freezing: 48 hours in urgent cases)."""
    to_france = {
        r.instrument: r for r in routes("DE", "FR", "asset_freeze", date(2024, 3, 1), law=law)
    }
    assert to_france["eu_freezing_confiscation"].available is Status.YES
    assert to_france["eu_freezing_confiscation"].deadline.kind == "binding"
    before = {
        r.instrument: r for r in routes("DE", "FR", "asset_freeze", date(2020, 12, 18), law=law)
    }
    assert before["eu_freezing_confiscation"].available is Status.NO


def test_budapest_routes_carry_their_channel_and_force(law) -> None:
    """Art. 29 preservation goes through the 24/7 network (art. 35(1)(b)) and binds; art. 31 through
    central authorities (art. 27) yields evidence; letters rogatory bind no one and come last."""
    preservation = {
        r.instrument: r for r in routes("DE", "GB", "preservation", date(2020, 1, 1), law=law)
    }
    assert (preservation["budapest"].channel, preservation["budapest"].binding) == (
        "network_24_7",
        True,
    )
    stored = routes("DE", "GB", "subscriber_data", date(2020, 1, 1), law=law)
    budapest = next(r for r in stored if r.instrument == "budapest")
    assert (budapest.channel, budapest.binding, budapest.evidence_kind) == (
        "central_authority",
        True,
        "evidence",
    )
    assert (stored[-1].instrument, stored[-1].binding) == ("comity", False)
