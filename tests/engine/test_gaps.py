"""Gap analysis: the all-pairs matrices equal a plain loop over the engine, the safe-haven index
keeps unknown apart from no, and a what-if changes exactly what it should.

The hand-built dataset adds to the test states (AQ, BV, HM; GS has no law at all) a fictional
surrender scheme, letters rogatory by comity and an extradition law for each test state, so that
every rule of ``extradition`` shows up: a state that never surrenders its nationals and needs a
treaty (AQ), one that surrenders them under a scheme on a condition (BV), one that needs their
consent (HM).
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexbridge.engine.gaps import (
    NO,
    UNKNOWN,
    YES,
    ChangeSet,
    OffenderKind,
    apply_changes,
    changed_model,
    gap_model,
    gap_summary,
    growth,
    haven_index,
    what_if,
    what_if_summary,
)
from lexbridge.engine.gaps.matrices import BARRED, POSSIBLE, REFUSABLE
from lexbridge.engine.gaps.reference import looped_extradition, looped_routes
from lexbridge.engine.reasons import LawQueryError
from lexbridge.law import LawDataset, Measure, default_dataset, load
from tests.conftest import build_data_dir

SCHEME_SOURCE = '{title: Fixture Surrender Scheme, pinpoint: fixture, url: "https://example.org/s", checked: 2026-11-27, tier: treaty_office}'
OFFICIAL = '{title: Fixture Gazette, pinpoint: fixture, url: "https://example.org/g", checked: 2026-11-27, tier: official}'

SCHEME = f"""
id: test_surrender
title: Fixture Surrender Scheme
kind: treaty
opened: 1989-01-01
in_force: 1990-01-01
parties_complete_on: 2026-11-27
source: {SCHEME_SOURCE}
parties:
  - {{state: AQ, since: 1990-01-01, source: {SCHEME_SOURCE}}}
  - {{state: BV, since: 1990-01-01, source: {SCHEME_SOURCE}}}
measures:
  - measure: extradition
    article: Art. 1
    binding: true
    deadline: {{kind: binding, days: 60, purpose: surrender, text: surrender within 60 days, source: {SCHEME_SOURCE}}}
    source: {SCHEME_SOURCE}
"""

COMITY = f"""
id: test_comity
title: Fixture letters rogatory
kind: comity
universal: true
source: {OFFICIAL}
measures:
  - measure: subscriber_data
    article: none (comity)
    deadline: {{kind: none, text: no time limit, source: {OFFICIAL}}}
    source: {OFFICIAL}
"""


def _rule(kind: str, body: str) -> str:
    return f"""    - {body}
      provision: Fixture Extradition Act s. {kind}
      anchor: Fixture
      since: 1990-01-01
      text: {{language: en, excerpt: "Fixture Extradition Act, the rule on {kind}."}}
      source: {OFFICIAL}
"""


EXTRADITION_LAW = {
    # never surrenders its nationals; needs a treaty; dual criminality; at least 12 months
    "AQ": "extradition:\n  nationals:\n"
    + _rule("nationals", "rule: never")
    + "  treaty_basis:\n"
    + _rule("treaty", "treaty_required: true")
    + "  bars:\n"
    + _rule("dc", "kind: dual_criminality\n      mandatory: true")
    + _rule(
        "penalty", "kind: penalty_threshold\n      mandatory: true\n      threshold_months: 12"
    ),
    # surrenders its nationals under the scheme only, on condition of their return to serve
    "BV": "extradition:\n  nationals:\n"
    + _rule(
        "nationals",
        "rule: regional_only\n      schemes: [test_surrender]\n      conditions: [return_to_serve]",
    )
    + "  treaty_basis:\n"
    + _rule("treaty", "treaty_required: false")
    + "  bars:\n"
    + _rule("dc", "kind: dual_criminality\n      mandatory: true"),
    # surrenders its nationals only with their consent
    "HM": "extradition:\n  nationals:\n"
    + _rule("nationals", "rule: with_consent\n      conditions: [consent]")
    + "  treaty_basis:\n"
    + _rule("treaty", "treaty_required: false")
    + "  bars:\n"
    + _rule("dc", "kind: dual_criminality\n      mandatory: true"),
}

CODES = ("AQ", "BV", "HM", "GS")
AQ, BV, HM, GS = range(4)
LATER = date(2005, 6, 1)  # every test statute in force, the fixture treaty binds AQ and BV
EARLIER = date(1998, 6, 1)  # AQ has a sourced finding that hacking was no crime


@pytest.fixture(scope="module")
def gapland(tmp_path_factory: pytest.TempPathFactory) -> LawDataset:
    target = tmp_path_factory.mktemp("gapland") / "data"
    build_data_dir(
        target,
        ("instruments/test_surrender.yaml", SCHEME),
        ("instruments/test_comity.yaml", COMITY),
    )
    for code, text in EXTRADITION_LAW.items():
        path = target / "states" / f"{code}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return load(target)


def _off_diagonal(n: int) -> np.ndarray:
    return ~np.eye(n, dtype=bool)


# --- the matrices against what is known of the hand-built dataset ---------------------------


def test_preservation_routes_follow_the_treaty_parties(gapland) -> None:
    model = gap_model(LATER, law=gapland, codes=CODES)
    treaty = model.route_gaps("preservation").treaty
    assert treaty[AQ, BV] == treaty[BV, AQ] == YES  # both bound since 2003
    assert treaty[AQ, HM] == NO  # HM signed without consenting: not bound
    assert treaty[AQ, GS] == UNKNOWN  # GS is not listed and the list is not known complete
    assert treaty[HM, GS] == NO  # one side surely not bound decides
    early = gap_model(date(2002, 6, 1), law=gapland, codes=CODES).route_gaps("preservation")
    assert early.treaty[AQ, BV] == NO  # BV bound only from 2003


def test_comity_is_a_lawful_route_but_not_a_treaty_route(gapland) -> None:
    routes = gap_model(LATER, law=gapland, codes=CODES).route_gaps("subscriber_data")
    off = _off_diagonal(len(CODES))
    assert (routes.lawful[off] == YES).all()
    assert (routes.treaty[off] == NO).all()
    assert np.isnan(routes.hours[off]).all()  # comity records no time limit: none is invented


def test_the_best_routes_time_comes_from_its_recorded_deadline(gapland) -> None:
    model = gap_model(LATER, law=gapland, codes=CODES)
    extradition = model.route_gaps("extradition")
    assert extradition.offers[extradition.best[BV, AQ]] == ("test_surrender", "Art. 1")
    assert extradition.hours[BV, AQ] == 60 * 24
    assert extradition.best[HM, AQ] == -1
    assert math.isnan(extradition.hours[HM, AQ])


def test_how_long_preserved_data_is_kept_is_not_a_time_to_answer(law) -> None:
    routes = gap_model(date(2020, 1, 1), law=law, codes=("DE", "GB")).route_gaps("preservation")
    assert routes.offers[routes.best[0, 1]] == ("budapest", "Art. 29")  # 60 days' preservation
    assert math.isnan(routes.hours[0, 1])


def test_criminality_per_state_is_yes_no_or_unknown_as_the_engine_says(gapland) -> None:
    later = gap_model(LATER, law=gapland, codes=CODES).criminalised("illegal_access")
    assert later.tolist() == [YES, UNKNOWN, YES, UNKNOWN]  # BV's statute needs a nexus
    earlier = gap_model(EARLIER, law=gapland, codes=CODES).criminalised("illegal_access")
    assert earlier.tolist() == [NO, UNKNOWN, UNKNOWN, UNKNOWN]  # a sourced finding, then no data


def test_extradition_by_kind_of_offender(gapland) -> None:
    model = gap_model(LATER, law=gapland, codes=CODES)
    national = model.extradition("illegal_access", OffenderKind.NATIONAL_OF_REQUESTED)
    foreign = model.extradition("illegal_access", OffenderKind.THIRD_COUNTRY)
    # AQ never surrenders its nationals; others it surrenders where a treaty binds both
    assert national[BV, AQ] == BARRED
    assert foreign[BV, AQ] == POSSIBLE
    assert foreign[HM, AQ] == UNKNOWN  # no treaty known to bind HM and AQ
    # BV surrenders its nationals under the scheme, on a condition; not to a non-member
    assert national[AQ, BV] == REFUSABLE
    assert foreign[AQ, BV] == POSSIBLE
    assert national[HM, BV] == BARRED
    # HM needs its national's consent, which the question leaves open
    assert national[AQ, HM] == REFUSABLE
    assert foreign[AQ, HM] == POSSIBLE
    # GS: no extradition law in the dataset: unknown, never barred
    assert (national[:, GS][:GS] == UNKNOWN).all()
    assert (model.extradition("illegal_access", "national_of_requesting") == foreign).all()
    before = gap_model(EARLIER, law=gapland, codes=CODES)
    assert before.extradition("illegal_access", "third_country")[BV, AQ] == BARRED  # no crime


# --- vectorised == plain loop -----------------------------------------------------------------


@pytest.mark.parametrize("day", [EARLIER, date(2002, 6, 1), LATER, date(2026, 11, 27)])
def test_the_matrices_equal_the_plain_loop_on_the_hand_built_dataset(gapland, day) -> None:
    model = gap_model(day, law=gapland, codes=CODES)
    _assert_equal_to_loop(model, gapland, day, CODES, list(Measure), ["illegal_access", "csam"])


REAL_CODES = ("AT", "BR", "CH", "CN", "DE", "EU", "FR", "GB", "IE", "JP", "KP", "NL", "RU", "US")


@pytest.mark.parametrize("day", [date(2005, 1, 1), date(2018, 6, 1), date(2026, 11, 27)])
def test_the_matrices_equal_the_plain_loop_on_the_real_dataset(law, day) -> None:
    model = gap_model(day, law=law, codes=REAL_CODES)
    _assert_equal_to_loop(
        model,
        law,
        day,
        REAL_CODES,
        [Measure.PRESERVATION, Measure.CONTENT_DATA, Measure.EXTRADITION, Measure.ASSET_FREEZE],
        ["illegal_access", "computer_fraud"],
    )


def _assert_equal_to_loop(model, law, day, codes, measures, offences) -> None:
    off = _off_diagonal(len(codes))
    for measure in measures:
        routes = model.route_gaps(measure)
        treaty, lawful, hours = looped_routes(measure, day, codes, law)
        assert (routes.treaty[off] == treaty[off]).all(), measure
        assert (routes.lawful[off] == lawful[off]).all(), measure
        np.testing.assert_array_equal(routes.hours[off], hours[off])
    for offence in offences:
        for kind in OffenderKind:
            looped = looped_extradition(offence, kind, day, codes, law)
            vectorised = model.extradition(offence, kind)
            assert (vectorised[off] == looped[off]).all(), (offence, kind)


# --- the safe-haven index -------------------------------------------------------------------


def test_the_haven_index_on_the_hand_built_dataset(gapland) -> None:
    index = haven_index(gap_model(LATER, law=gapland, codes=CODES), "illegal_access")
    shares = index.haven_shares()
    # AQ: no preservation route from HM (a haven against it), one from BV, unknown from GS
    assert shares.at(AQ) == {"no": 0.3333, "unknown": 0.3333, "yes": 0.3333, "decided": 0.6667}
    # HM is party to nothing: a haven against every other state for preservation
    assert shares.at(HM)["yes"] == 1.0
    # BV is not a haven against AQ: a route, and its nationals are surrendered on a condition
    assert index.haven[AQ, BV] == NO
    assert index.extradition_shares().at(BV)["refusable"] == pytest.approx(0.3333)


def test_a_state_without_statutes_is_never_reported_a_haven(gapland) -> None:
    index = haven_index(gap_model(LATER, law=gapland, codes=CODES), "illegal_access")
    assert index.evidence[HM, GS] == NO  # no route: a fact about treaties
    assert index.haven[HM, GS] == UNKNOWN  # but the dataset holds none of GS's statutes
    assert index.haven_shares().at(GS) == {"no": 0.0, "unknown": 1.0, "yes": 0.0, "decided": 0.0}


def test_unknown_is_never_counted_as_no(gapland) -> None:
    index = haven_index(gap_model(LATER, law=gapland, codes=CODES), "illegal_access")
    extradition = index.extradition_shares().at(GS)  # GS has no extradition law
    assert (extradition["no"], extradition["unknown"]) == (0.0, 1.0)
    evidence = index.evidence_shares().at(AQ)  # GS asking AQ: unknown
    assert evidence == {"no": 0.3333, "unknown": 0.3333, "yes": 0.3333, "decided": 0.6667}
    assert index.decided_shares()["criminalised"] == 0.5


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_shares_count_each_cell_once_on_real_data(data) -> None:
    law = default_dataset()
    codes = data.draw(
        st.lists(st.sampled_from(sorted(law.jurisdictions)), min_size=2, max_size=8, unique=True)
    )
    day = data.draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
    index = haven_index(gap_model(day, law=law, codes=codes), "illegal_access")
    n = len(codes)
    for j in range(n):
        column = np.delete(index.haven[:, j], j)
        shares = index.haven_shares().at(j)
        assert shares["no"] == round(float((column == NO).sum()) / (n - 1), 4)
        assert shares["unknown"] == round(float((column == UNKNOWN).sum()) / (n - 1), 4)
        if not index.statutes_known[j]:
            assert shares["yes"] == 0.0


# --- known facts on the real dataset ----------------------------------------------------------


def _budapest_parties() -> list[tuple[str, date]]:
    budapest = default_dataset().instruments["budapest"]
    return sorted(
        (p.state, p.since)
        for p in budapest.parties
        if p.since and p.until is None and p.source.tier.authoritative
    )


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_two_budapest_parties_always_have_the_preservation_route(data) -> None:
    parties = _budapest_parties()
    (a, a_since), (b, b_since) = data.draw(
        st.lists(st.sampled_from(parties), min_size=2, max_size=2, unique=True)
    )
    day = data.draw(st.dates(min_value=max(a_since, b_since), max_value=date(2030, 12, 31)))
    model = gap_model(day, codes=(a, b))
    routes = model.route_gaps("preservation")
    assert routes.treaty[0, 1] == routes.treaty[1, 0] == YES
    assert routes.best[0, 1] >= 0  # and the first-ranked available route is named


def test_the_growth_of_the_budapest_convention(law) -> None:
    budapest = law.instruments["budapest"]
    before, early, later = growth(
        "preservation",
        [date(2003, 1, 1), date(2005, 1, 1), date(2020, 1, 1)],
        instrument="budapest",
        law=law,
    )
    n = len(law.jurisdictions)
    assert (before.yes, before.unknown, before.no) == (0, 0, n * (n - 1))  # not yet in force
    for point in (early, later):
        bound = sum(1 for code in law.jurisdictions if budapest.binds(code, point.day) is True)
        assert point.yes == bound * (bound - 1)
    assert later.yes > early.yes


def test_bad_questions_name_the_bad_value(law) -> None:
    model = gap_model(date(2026, 11, 27), law=law, codes=("DE", "FR"))
    with pytest.raises(LawQueryError, match="'hacking'"):
        model.criminalised("hacking")
    with pytest.raises(LawQueryError, match="'preservaton'"):
        model.route_gaps("preservaton")
    with pytest.raises(LawQueryError, match="'XX'"):
        gap_model(date(2026, 11, 27), law=law, codes=("DE", "XX"))
    with pytest.raises(LawQueryError, match="budapest offers no measure"):
        growth("asset_freeze", [date(2020, 1, 1)], instrument="budapest", law=law)


# --- what-if ----------------------------------------------------------------------------------


def _changes(*items: dict) -> ChangeSet:
    return ChangeSet.model_validate({"title": "test", "changes": list(items)})


def test_ratifying_adds_exactly_the_pairs_with_the_other_parties(gapland) -> None:
    model = gap_model(LATER, law=gapland, codes=CODES)
    result = what_if(
        model,
        _changes({"ratify": {"state": "HM", "instrument": "test_treaty", "on": "2004-01-01"}}),
    )
    change = result.routes[Measure.PRESERVATION]
    assert set(change.gained) == {("AQ", "HM"), ("HM", "AQ"), ("BV", "HM"), ("HM", "BV")}
    assert change.lost == ()
    assert change.decided_after < change.decided_before  # HM-GS was no, is now unknown
    assert result.routes[Measure.SUBSCRIBER_DATA].gained == ()  # the treaty does not offer it


def test_a_change_dated_after_the_analysis_changes_nothing(gapland) -> None:
    model = gap_model(LATER, law=gapland, codes=CODES)
    result = what_if(
        model,
        _changes({"ratify": {"state": "HM", "instrument": "test_treaty", "on": "2010-01-01"}}),
    )
    assert [in_effect for _, _, in_effect in result.changes] == [False]
    assert all(not c.gained and not c.lost for c in result.routes.values())


def test_extraditing_nationals_opens_extradition_where_only_that_bar_stood(gapland) -> None:
    model = gap_model(LATER, law=gapland, codes=CODES)
    result = what_if(
        model,
        _changes({"extradite_nationals": {"state": "AQ", "on": "2000-01-01"}}),
        offences=["illegal_access"],
    )
    change = result.extradition["illegal_access", OffenderKind.NATIONAL_OF_REQUESTED]
    assert change.gained == (("BV", "AQ"),)  # HM and GS still lack a treaty with AQ
    after = result.after["illegal_access"]
    assert after.extradition[HM, AQ] == UNKNOWN  # from barred to unknown: not a gain


def test_enacting_a_statute_decides_criminality_and_reaches_extradition(gapland) -> None:
    model = gap_model(EARLIER, law=gapland, codes=CODES)
    foreign = OffenderKind.THIRD_COUNTRY

    def after(**penalty) -> int:
        changes = _changes(
            {"enact": {"state": "AQ", "offence": "illegal_access", "on": "1998-01-01", **penalty}}
        )
        changed = changed_model(model, changes)
        assert changed.criminalised("illegal_access")[AQ] == YES
        return int(changed.extradition("illegal_access", foreign)[BV, AQ])

    assert model.extradition("illegal_access", foreign)[BV, AQ] == BARRED  # no crime in AQ
    assert after(max_months=24) == POSSIBLE
    assert after(max_months=6) == BARRED  # below AQ's 12-month threshold
    assert after() == UNKNOWN  # no penalty given: the threshold is neither met nor failed


def test_a_what_if_never_touches_the_dataset(gapland) -> None:
    changes = _changes(
        {"enact": {"state": "GS", "offence": "illegal_access", "on": "2000-01-01"}},
        {"ratify": {"state": "HM", "instrument": "test_treaty", "on": "2004-01-01"}},
        {"extradite_nationals": {"state": "GS", "on": "2000-01-01"}},
    )
    changed = apply_changes(gapland, changes)
    assert changed.statutes_for("GS", "illegal_access")
    assert "hypothetical" in changed.statutes_for("GS", "illegal_access")[0].source.title.lower()
    assert gapland.statutes_for("GS", "illegal_access") == ()
    assert "GS" not in gapland.states
    assert gapland.instruments["test_treaty"].binds("HM", LATER) is False
    fresh = gap_model(LATER, law=gapland, codes=CODES)
    assert fresh.criminalised("illegal_access")[GS] == UNKNOWN


@pytest.mark.parametrize("day", [EARLIER, LATER])
def test_a_what_if_equals_the_plain_loop_on_the_changed_dataset(gapland, day) -> None:
    changes = _changes(
        {"ratify": {"state": "HM", "instrument": "test_surrender", "on": "1995-01-01"}},
        {"enact": {"state": "HM", "offence": "illegal_access", "on": "1995-01-01"}},
        {"extradite_nationals": {"state": "BV", "on": "1995-01-01"}},
        {"extradite_nationals": {"state": "GS", "on": "1995-01-01"}},
    )
    model = gap_model(day, law=gapland, codes=CODES)
    for kind in OffenderKind:  # computed before the change: the what-if must update them
        model.extradition("illegal_access", kind)
    changed = changed_model(model, changes)
    _assert_equal_to_loop(
        changed,
        apply_changes(gapland, changes),
        day,
        CODES,
        [Measure.EXTRADITION, Measure.PRESERVATION],
        ["illegal_access"],
    )


def test_a_what_if_on_real_data_equals_the_plain_loop(law) -> None:
    codes = ("BR", "DE", "FR", "IE", "KP", "RU", "US", "ZA")
    day = date(2026, 11, 27)
    changes = _changes(
        {"ratify": {"state": "IE", "instrument": "budapest", "on": "2026-07-01"}},
        {"ratify": {"state": "RU", "instrument": "eaw", "on": "2026-07-01"}},
        {"enact": {"state": "KP", "offence": "illegal_access", "on": "2026-07-01"}},
        {"extradite_nationals": {"state": "BR", "on": "2026-07-01"}},
    )
    model = gap_model(day, law=law, codes=codes)
    _assert_equal_to_loop(
        changed_model(model, changes),
        apply_changes(law, changes),
        day,
        codes,
        [Measure.PRESERVATION, Measure.EXTRADITION],
        ["illegal_access"],
    )


def test_a_bad_change_names_the_bad_value(gapland) -> None:
    for change, expected in (
        ({"ratify": {"state": "GS", "instrument": "test_treaty", "on": "2004-01-01"}}, None),
        ({"ratify": {"state": "QQ", "instrument": "test_treaty", "on": "2004-01-01"}}, "'QQ'"),
        ({"ratify": {"state": "HM", "instrument": "budapest", "on": "2004-01-01"}}, "'budapest'"),
        ({"ratify": {"state": "HM", "instrument": "test_comity", "on": "2004-01-01"}}, "no ratif"),
        ({"enact": {"state": "HM", "offence": "hacking", "on": "2004-01-01"}}, "'hacking'"),
    ):
        changes = _changes(change)
        if expected is None:
            changes.check_against(gapland)  # a known code without any law: no error
            continue
        with pytest.raises(LawQueryError, match=expected):
            changes.check_against(gapland)


# --- summaries for the web page -----------------------------------------------------------------


def test_the_web_summary_has_per_state_components_and_square_matrices(gapland) -> None:
    summary = gap_summary(LATER, "illegal_access", law=gapland, codes=CODES)
    assert summary["counted"]["codes"] == list(CODES)
    assert [row["state"] for row in summary["states"]] == list(CODES)
    assert summary["states"][HM]["haven"]["yes"] == 1.0
    haven = summary["matrices"]["haven"]
    assert len(haven) == 4
    assert all(len(row) == 4 for row in haven)
    assert [haven[i][i] for i in range(4)] == [None] * 4
    assert haven[HM][AQ] == 1
    assert haven[BV][AQ] == -1


def test_the_web_what_if_summary_holds_the_difference(gapland) -> None:
    changes = _changes({"ratify": {"state": "HM", "instrument": "test_treaty", "on": "2004-01-01"}})
    summary = what_if_summary(changes, LATER, "illegal_access", law=gapland, codes=CODES)
    assert summary["hypothetical"] is True
    assert summary["changes"][0]["description"].startswith("HYPOTHETICAL")
    hm = summary["states"][HM]["haven"]
    assert (hm["before"]["yes"], hm["after"]["yes"]) == (1.0, 0.0)
    assert hm["delta"]["yes"] == -1.0
    assert summary["matrices"]["evidence"][AQ][HM] == 2  # from no (-1) to yes (1)
