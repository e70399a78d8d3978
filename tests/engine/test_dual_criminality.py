"""dual_criminality() on the hand-built dataset: the rule of the instrument and the measure."""

from datetime import date

import pytest

from lexbridge.engine import Conduct, LawDates, LawQueryError, Status, dual_criminality
from lexbridge.law import LawDataset

DATES = LawDates(conduct=date(2015, 6, 1), decision=date(2020, 6, 1))
ACCESS = Conduct.of(["illegal_access"], established=["infringed_security_measure"])


def test_preservation_needs_no_dual_criminality_even_where_the_other_side_is_silent(
    mini: LawDataset,
) -> None:
    result = dual_criminality("AQ", "TV", ACCESS, "test_treaty", "preservation", DATES, law=mini)
    assert result.status is Status.YES
    assert result.required is False
    assert result.requested.criminality.status is Status.UNKNOWN
    assert "requires no dual criminality" in result.reasons[1].text


def test_both_sides_with_thresholds_fails_on_the_lower_penalty(mini: LawDataset) -> None:
    # AQ punishes the access by 36 months, BV by 6: under the 12 months both sides need.
    result = dual_criminality("AQ", "BV", ACCESS, "test_treaty", "extradition", DATES, law=mini)
    assert result.requesting.status is Status.YES
    assert result.requested.criminality.status is Status.YES  # transposed: nexus counts as met
    assert result.requested.status is Status.NO
    assert result.status is Status.NO
    assert any("below the 12 months" in r.text for r in result.requested.reasons)


def test_the_requested_side_is_judged_with_transposition(mini: LawDataset) -> None:
    result = dual_criminality("AQ", "BV", ACCESS, "test_treaty", "extradition", DATES, law=mini)
    assert any("transposition" in a for a in result.requested.criminality.assumed)
    assert result.requested.criminality.statutes[0].missing == ()


def test_requested_state_law_taken_at_its_recorded_date(mini: LawDataset) -> None:
    # AQ takes its law at the decision date; BV at the conduct date.
    back = dual_criminality("BV", "AQ", ACCESS, "test_treaty", "extradition", DATES, law=mini)
    assert back.requested.law_date == DATES.decision
    assert "date of the decision" in back.requested.reasons[0].text
    assert back.requesting.law_date == DATES.conduct


def test_unknown_date_basis_tries_both_dates_and_says_so(mini: LawDataset) -> None:
    dates = LawDates(conduct=date(2003, 1, 1), decision=date(2010, 1, 1))
    result = dual_criminality("AQ", "HM", ACCESS, "test_treaty", "extradition", dates, law=mini)
    # HM had no statute on the conduct date (unknown) but had one at the decision: unknown.
    assert result.requested.status is Status.UNKNOWN
    assert any("not recorded" in r.text for r in result.requested.reasons)


def test_list_exemption_skips_the_requested_side(mini: LawDataset) -> None:
    result = dual_criminality("AQ", "TV", ACCESS, "test_treaty", "content_data", DATES, law=mini)
    assert result.requested.criminality.status is Status.UNKNOWN
    assert result.status is Status.YES
    assert result.mandatory is False


def test_list_exemption_needs_the_requesting_threshold(mini: LawDataset) -> None:
    # In 2005 AQ punished the access by 12 months only: below the 36 the list needs.
    dates = LawDates(conduct=date(2005, 6, 1), decision=date(2020, 6, 1))
    result = dual_criminality("AQ", "TV", ACCESS, "test_treaty", "content_data", dates, law=mini)
    assert result.status is not Status.YES


def test_instrument_binding_is_reported(mini: LawDataset) -> None:
    bound = dual_criminality("AQ", "BV", ACCESS, "test_treaty", "extradition", DATES, law=mini)
    assert bound.instrument_binds is Status.YES
    signatory_only = dual_criminality(
        "AQ", "HM", ACCESS, "test_treaty", "extradition", DATES, law=mini
    )
    assert signatory_only.instrument_binds is Status.NO


def test_a_measure_the_instrument_does_not_offer_is_refused_by_name(mini: LawDataset) -> None:
    with pytest.raises(
        LawQueryError, match="offers no measure 'traffic_data'; it offers: content_data"
    ):
        dual_criminality("AQ", "BV", ACCESS, "test_treaty", "traffic_data", DATES, law=mini)


@pytest.mark.parametrize(
    ("instrument", "measure", "message"),
    [
        ("nope", "extradition", "unknown instrument 'nope'"),
        ("test_treaty", "rendition", "unknown measure 'rendition'"),
    ],
)
def test_unknown_instrument_or_measure(
    mini: LawDataset, instrument: str, measure: str, message: str
) -> None:
    with pytest.raises(LawQueryError, match=message):
        dual_criminality("AQ", "BV", ACCESS, instrument, measure, DATES, law=mini)


def test_list_exemption_applies_offence_by_offence(mini: LawDataset) -> None:
    # computer_fraud is not on the fixture list; illegal_access is, and AQ punishes it by 36 months.
    conduct = Conduct.of(
        ["illegal_access", "computer_fraud"], established=["infringed_security_measure"]
    )
    result = dual_criminality("AQ", "TV", conduct, "test_treaty", "content_data", DATES, law=mini)
    assert result.requested.status is Status.UNKNOWN
    assert result.status is Status.YES
    assert any(
        "illegal_access: yes" in r.text and "computer_fraud" not in r.text for r in result.reasons
    )
