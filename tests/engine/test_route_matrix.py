"""The all-pairs route matrix gives, pair by pair, the answer of a plain call to ``routes``."""

from __future__ import annotations

from datetime import date

import pytest

from lexbridge.engine import Status
from lexbridge.engine.route_matrix import NO, UNKNOWN, YES, route_matrix
from lexbridge.engine.routes import routes
from lexbridge.law import Measure

CODES = ("AT", "CH", "DE", "DK", "FR", "GB", "GR", "IE", "KP", "NL", "RU", "SC", "UA", "US")
_CODE = {Status.YES: YES, Status.UNKNOWN: UNKNOWN, Status.NO: NO}


@pytest.mark.parametrize("measure", list(Measure))
@pytest.mark.parametrize("day", [date(2005, 1, 1), date(2018, 6, 1), date(2026, 11, 27)])
def test_the_matrix_agrees_with_routes_for_every_pair(law, measure, day) -> None:
    matrix = route_matrix(measure, day, codes=CODES, law=law)
    best = matrix.best()
    for i, requesting in enumerate(CODES):
        for j, requested in enumerate(CODES):
            options = routes(requesting, requested, measure, day, law=law)
            if i == j or not options:
                assert best[i, j] == -1 or not options
                continue
            first = options[0]
            assert matrix.offers[best[i, j]] == (first.instrument, first.article)
            offered = {(o.instrument, o.article): _CODE[o.available] for o in options}
            for k, key in enumerate(matrix.offers):
                assert matrix.available[k, i, j] == offered[key]


def test_two_budapest_parties_always_have_the_preservation_route(law) -> None:
    matrix = route_matrix("preservation", date(2020, 1, 1), codes=("DE", "GB", "KP"), law=law)
    treaty = matrix.treaty_route()
    assert treaty[0, 1] == YES  # DE and GB are both parties
    assert treaty[0, 2] != YES  # North Korea is not a party
    assert treaty[0, 0] == NO  # no cooperation route with oneself
