"""Real legal outcomes from the bundled dataset, each traceable to the source the test names.

When a fact here changes in ``law/data`` (a new version, a better source), the test that cites it
must be re-read against that source, not just re-run.
"""

from __future__ import annotations

from datetime import date

from lexbridge.engine import Conduct, LawDates, Status, criminality, dual_criminality
from lexbridge.law import LawDataset

ACCESS = Conduct.of(["illegal_access"])
ACCESS_BREAKING_PROTECTION = Conduct.of(
    ["illegal_access"], established=["infringed_security_measure"]
)


def test_gb_hacking_after_the_computer_misuse_act_is_an_offence(law: LawDataset) -> None:
    # Computer Misuse Act 1990 s. 1 as enacted (legislation.gov.uk), in force from 29 August 1990.
    result = criminality("GB", ACCESS, date(1995, 3, 1), law=law)
    assert result.status is Status.YES
    assert result.statutes[0].id == "gb-cma-1990-s1-1990"
    assert result.max_penalty_months == 6


def test_gb_hacking_before_the_act_is_not_reported_as_a_crime(law: LawDataset) -> None:
    # R v Gold and Schifreen: "That is not a criminal offence." Read only in a secondary copy, so
    # the engine does not say "no" either: it says unknown and shows the finding.
    result = criminality("GB", ACCESS, date(1989, 6, 1), law=law)
    assert result.status is Status.UNKNOWN
    assert "Gold and Schifreen" in result.reasons[0].text
    assert "secondary source" in result.reasons[-1].text


def test_gb_penalty_for_hacking_rose_to_two_years_in_2008(law: LawDataset) -> None:
    # Police and Justice Act 2006 s. 35 substituted s. 1(3): two years on indictment.
    result = criminality("GB", ACCESS, date(2020, 6, 1), law=law)
    assert result.status is Status.YES
    assert result.statutes[0].id == "gb-cma-1990-s1-2008"
    assert result.max_penalty_months == 24


def test_de_access_needs_the_protection_to_be_overcome_since_2007(law: LawDataset) -> None:
    # StGB § 202a(1) as amended by the 41st StrÄndG: "unter Überwindung der Zugangssicherung".
    unstated = criminality("DE", ACCESS, date(2020, 6, 1), law=law)
    assert unstated.status is Status.UNKNOWN
    assert unstated.deciding_facts[0].needs == ("infringed_security_measure",)
    stated = criminality("DE", ACCESS_BREAKING_PROTECTION, date(2020, 6, 1), law=law)
    assert stated.status is Status.YES
    assert stated.max_penalty_months == 36


def test_de_access_without_breaking_a_protection_is_not_a_no_without_an_exhaustive_record(
    law: LawDataset,
) -> None:
    conduct = Conduct.of(["illegal_access"], negated=["infringed_security_measure"])
    result = criminality("DE", conduct, date(2020, 6, 1), law=law)
    assert result.status is Status.UNKNOWN
    assert result.statutes[0].failing == ("infringed_security_measure",)


def test_es_illegal_access_before_2010_has_no_recorded_statute(law: LawDataset) -> None:
    # Código Penal art. 197.3 came with LO 5/2010 (in force 2010-12-23); nothing earlier is recorded.
    before = criminality("ES", ACCESS_BREAKING_PROTECTION, date(2009, 6, 1), law=law)
    assert before.status is Status.UNKNOWN
    after = criminality("ES", ACCESS_BREAKING_PROTECTION, date(2012, 6, 1), law=law)
    assert after.status is Status.YES
    assert after.max_penalty_months == 24


def test_extradition_under_budapest_fails_on_the_six_month_gb_penalty_of_1995(
    law: LawDataset,
) -> None:
    # Budapest art. 24(1): at least one year in both Parties. CMA 1990 s. 1 as enacted: six months.
    dates = LawDates(conduct=date(1995, 3, 1), decision=date(2021, 1, 1))
    result = dual_criminality(
        "GB", "DE", ACCESS_BREAKING_PROTECTION, "budapest", "extradition", dates, law=law
    )
    assert result.requesting.status is Status.NO
    assert result.status is Status.NO
    assert "6 months, below the 12 months" in result.requesting.reasons[0].text


def test_extradition_under_budapest_between_de_and_gb_today(law: LawDataset) -> None:
    dates = LawDates(conduct=date(2020, 3, 1), decision=date(2021, 1, 1))
    result = dual_criminality(
        "DE", "GB", ACCESS_BREAKING_PROTECTION, "budapest", "extradition", dates, law=law
    )
    assert result.status is Status.YES
    assert result.instrument_binds is Status.YES
    assert result.requested.criminality.max_penalty_months == 24


def test_budapest_preservation_needs_no_dual_criminality(law: LawDataset) -> None:
    # Budapest art. 29(3): dual criminality shall not be required for preservation.
    dates = LawDates(conduct=date(2020, 3, 1), decision=date(2021, 1, 1))
    result = dual_criminality("DE", "GR", ACCESS, "budapest", "preservation", dates, law=law)
    assert result.status is Status.YES
    assert result.required is False


def test_eaw_list_offence_needs_three_years_in_the_issuing_state(law: LawDataset) -> None:
    # EAW FD art. 2(2): listed offences skip verification only if punishable by >= 3 years in the
    # issuing state. Spain punishes illegal access by two years (art. 197 bis), so it does not skip.
    dates = LawDates(conduct=date(2020, 3, 1), decision=date(2021, 1, 1))
    result = dual_criminality(
        "ES", "DE", ACCESS_BREAKING_PROTECTION, "eaw", "extradition", dates, law=law
    )
    assert any("at least 36 months: illegal_access: no." in r.text for r in result.reasons)
    assert result.status is Status.YES  # the ordinary rule is met on both sides
    assert result.mandatory is False


def test_eaw_surrender_for_a_listed_offence_of_a_ransomware_conduct(law: LawDataset) -> None:
    # EAW FD art. 2(2) works per offence: Germany punishes illegal access by three years (StGB
    # § 202a), so that offence is surrendered without verification whatever Greek law says, even
    # though extortion, also part of the conduct, is not on the list as recorded.
    conduct = Conduct.of(
        ["illegal_access", "extortion"], established=["infringed_security_measure", "threat_made"]
    )
    dates = LawDates(conduct=date(2023, 5, 15), decision=date(2026, 11, 27))
    result = dual_criminality("DE", "GR", conduct, "eaw", "extradition", dates, law=law)
    assert result.requested.status is Status.UNKNOWN
    assert result.status is Status.YES
    assert any("illegal_access: yes" in r.text for r in result.reasons)


def test_a_state_known_only_from_secondary_sources_is_never_yes_or_no(law: LawDataset) -> None:
    for state in ("RU", "UA", "RO", "GR", "PL"):
        result = criminality(state, ACCESS, date(2024, 6, 1), law=law)
        assert result.status is Status.UNKNOWN, state


def test_a_secondary_statute_is_shown_but_names_no_deciding_fact(law: LawDataset) -> None:
    # Criminal Code RF art. 272(1) was read only in secondary copies: even with the missing element
    # established it could not give yes, so it must not be offered as deciding.
    # Its start is not recorded either, so it is known in force only from the day it was read.
    result = criminality("RU", ACCESS, date(2026, 11, 27), law=law)
    assert result.status is Status.UNKNOWN
    assert result.deciding_facts == ()
    assert any("its source is secondary" in r.text for r in result.reasons)


def test_australia_takes_its_law_at_the_date_the_request_was_received(law: LawDataset) -> None:
    # Extradition Act 1988 (Cth) s. 19(2)(c): conduct tested "at the time at which the
    # extradition request ... was received".
    dates = LawDates(conduct=date(2010, 1, 1), request=date(2014, 5, 1), decision=date(2015, 1, 1))
    result = dual_criminality(
        "DE", "AU", ACCESS_BREAKING_PROTECTION, "budapest", "extradition", dates, law=law
    )
    assert result.requested.law_date == date(2014, 5, 1)
    assert "date of the request" in result.requested.reasons[0].text
    undated = LawDates(conduct=date(2010, 1, 1), decision=date(2015, 1, 1))
    fallback = dual_criminality(
        "DE", "AU", ACCESS_BREAKING_PROTECTION, "budapest", "extradition", undated, law=law
    )
    assert fallback.requested.law_date == date(2015, 1, 1)
    assert "no request date was given" in fallback.requested.reasons[0].text


def test_canada_had_no_offence_for_unauthorised_computer_use_in_1979(law: LawDataset) -> None:
    # R. v. McLaughlin, [1980] 2 S.C.R. 331 (Supreme Court of Canada): using a university computer
    # without authorisation was not theft of a telecommunication facility; no other provision
    # is recorded. An official finding, so the answer is a sourced "no".
    result = criminality("CA", ACCESS, date(1979, 6, 1), law=law)
    assert result.status is Status.NO
    assert "McLaughlin" in (result.reasons[0].source.title if result.reasons[0].source else "")


def test_swiss_data_damage_covers_system_interference_only_by_data_means(law: LawDataset) -> None:
    # Swiss Criminal Code art. 144bis ch. 1 ("modifie, efface ou met hors d'usage des données"):
    # a flooding attack alone does not meet its elements; encryption-by-alteration does.
    flood = Conduct.of(["system_interference"], established=["data_transmitted"])
    assert criminality("CH", flood, date(2024, 6, 1), law=law).status is Status.UNKNOWN
    alter = Conduct.of(["system_interference"], established=["data_altered"])
    result = criminality("CH", alter, date(2024, 6, 1), law=law)
    assert result.status is Status.YES
    assert result.statutes[0].citation.startswith("CP/StGB art. 144bis")
