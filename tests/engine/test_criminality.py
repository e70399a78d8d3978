"""criminality() on the hand-built dataset: each rule of LEGAL-SEMANTICS §3 in turn."""

from datetime import date

import pytest

from lexbridge.engine import Conduct, LawQueryError, Status, criminality
from lexbridge.law import LawDataset


def access(*established: str, negated: tuple[str, ...] = ()) -> Conduct:
    return Conduct.of(["illegal_access"], established=established, negated=negated)


def test_conduct_inside_a_sourced_not_covered_period_is_no(mini: LawDataset) -> None:
    result = criminality("AQ", access(), date(1998, 6, 1), law=mini)
    assert result.status is Status.NO
    assert "Fixture Supreme Court" in result.reasons[0].text
    assert result.reasons[0].source is not None


def test_the_same_conduct_after_the_statute_came_into_force_is_yes(mini: LawDataset) -> None:
    result = criminality("AQ", access(), date(2005, 6, 1), law=mini)
    assert result.status is Status.YES
    assert [s.citation for s in result.statutes] == ["Fixture Computer Act 2000, s. 1 (original)"]
    assert result.max_penalty_months == 12


def test_offence_named_without_facts_lists_what_was_assumed(mini: LawDataset) -> None:
    result = criminality("AQ", access(), date(2005, 6, 1), law=mini)
    assert any("accessed_system" in note and "without_right" in note for note in result.assumed)


def test_an_optional_qualifier_not_stated_gives_unknown_naming_it(mini: LawDataset) -> None:
    result = criminality("AQ", access(), date(2015, 6, 1), law=mini)
    assert result.status is Status.UNKNOWN
    assert [d.needs for d in result.deciding_facts] == [("infringed_security_measure",)]
    assert (
        "yes under Fixture Computer Act 2000, s. 1 (as amended 2010) if infringed_security_measure"
        in (result.deciding_facts[0].text)
    )


def test_establishing_the_qualifier_gives_yes_with_the_amended_penalty(mini: LawDataset) -> None:
    result = criminality("AQ", access("infringed_security_measure"), date(2015, 6, 1), law=mini)
    assert result.status is Status.YES
    assert result.max_penalty_months == 36


def test_an_aggravating_fact_selects_the_higher_variant(mini: LawDataset) -> None:
    conduct = access("infringed_security_measure", "critical_infrastructure_target")
    assert criminality("AQ", conduct, date(2015, 6, 1), law=mini).max_penalty_months == 60


def test_negated_element_with_an_exhaustive_finding_is_no(mini: LawDataset) -> None:
    result = criminality(
        "AQ", access(negated=("infringed_security_measure",)), date(2015, 6, 1), law=mini
    )
    assert result.status is Status.NO
    assert any("only provision" in r.text for r in result.reasons)


def test_negated_element_without_an_exhaustive_finding_stays_unknown(mini: LawDataset) -> None:
    result = criminality("HM", access(negated=("without_right",)), date(2015, 6, 1), law=mini)
    assert result.status is Status.UNKNOWN
    assert any("No official record" in r.text for r in result.reasons)


def test_established_consent_negates_without_right(mini: LawDataset) -> None:
    result = criminality("AQ", access("owner_consent"), date(2005, 6, 1), law=mini)
    assert result.status is Status.UNKNOWN  # no exhaustive finding for 2005: not a "no"
    assert any("owner_consent is established" in note for note in result.assumed)
    assert result.statutes[0].failing == ("without_right",)


def test_a_date_before_any_recorded_fact_is_unknown(mini: LawDataset) -> None:
    result = criminality("HM", access(), date(2001, 1, 1), law=mini)
    assert result.status is Status.UNKNOWN
    assert "Fixture Cyber Code 2005, art. 1 from 2005-01-01" in result.reasons[-1].text


def test_a_state_without_data_is_unknown_never_no(mini: LawDataset) -> None:
    result = criminality("TV", access(), date(2020, 1, 1), law=mini)
    assert result.status is Status.UNKNOWN
    assert "holds no law of Tuvalu" in result.reasons[0].text


def test_a_secondary_source_never_gives_yes(mini: LawDataset) -> None:
    conduct = Conduct.of(["computer_fraud"])
    result = criminality("BV", conduct, date(2020, 1, 1), law=mini)
    assert result.status is Status.UNKNOWN
    assert "secondary source" in result.reasons[0].text


def test_a_secondary_not_covered_finding_never_gives_no(mini: LawDataset) -> None:
    result = criminality("BV", Conduct.of(["data_interference"]), date(2001, 1, 1), law=mini)
    assert result.status is Status.UNKNOWN


def test_one_of_a_group_is_met_by_the_offence_named_without_facts(mini: LawDataset) -> None:
    result = criminality("AQ", Conduct.of(["data_interference"]), date(2020, 1, 1), law=mini)
    assert result.status is Status.YES
    assert any("assumed one of" in note for note in result.assumed)


def test_a_group_with_every_member_negated_fails(mini: LawDataset) -> None:
    conduct = Conduct.of(
        ["data_interference"],
        negated=["data_damaged", "data_deleted", "data_altered", "data_suppressed"],
    )
    assert criminality("AQ", conduct, date(2020, 1, 1), law=mini).statutes[0].status is Status.NO


def test_jurisdictional_element_unknown_in_the_forum_met_under_transposition(
    mini: LawDataset,
) -> None:
    own = criminality("BV", access(), date(2020, 1, 1), law=mini)
    assert own.status is Status.UNKNOWN
    assert own.deciding_facts[0].needs == ("jurisdictional_nexus",)
    moved = criminality("BV", access(), date(2020, 1, 1), law=mini, transposed=True)
    assert moved.status is Status.YES


def test_the_conduct_is_a_crime_if_any_of_its_offences_is(mini: LawDataset) -> None:
    conduct = Conduct.of(["illegal_access", "data_interference"])
    result = criminality("AQ", conduct, date(2015, 6, 1), law=mini)
    assert result.status is Status.YES
    assert {o.offence: o.status for o in result.offences} == {
        "illegal_access": Status.UNKNOWN,
        "data_interference": Status.YES,
    }


@pytest.mark.parametrize(
    ("state", "conduct", "message"),
    [
        ("ZZ", access(), "unknown state code 'ZZ'"),
        ("AQ", Conduct.of(["hacking"]), "unknown offence 'hacking'"),
        (
            "AQ",
            Conduct.of(["illegal_access"], established=["hacked"]),
            "unknown element fact 'hacked'",
        ),
    ],
)
def test_bad_questions_name_the_bad_value(
    mini: LawDataset, state: str, conduct: Conduct, message: str
) -> None:
    with pytest.raises(LawQueryError, match=message):
        criminality(state, conduct, date(2020, 1, 1), law=mini)


def test_a_fact_both_established_and_negated_is_refused() -> None:
    with pytest.raises(LawQueryError, match="both established and negated"):
        Conduct.of(["illegal_access"], established=["data_obtained"], negated=["data_obtained"])
