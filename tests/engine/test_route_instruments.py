"""Each instrument's routes against its cited articles: availability before and after it (or a party)
took effect, deadlines with the event they run from, dual criminality, authorisation, emergency."""

from __future__ import annotations

from datetime import date

import pytest

from lexbridge.engine import Status
from lexbridge.engine.authorisation import required_authorisation
from lexbridge.engine.routes import RouteOption, routes
from lexbridge.law import LawDataset
from lexbridge.law.instruments import EmergencyGround
from lexbridge.law.vocabulary import AuthorityLevel

LIFE = frozenset({EmergencyGround.LIFE})


def option(
    law: LawDataset,
    instrument: str,
    requesting: str,
    requested: str,
    measure: str,
    day: date,
    **kwargs,
) -> RouteOption:
    found = [
        o
        for o in routes(requesting, requested, measure, day, law=law, **kwargs)
        if o.instrument == instrument
    ]
    assert found, f"{instrument} offers no {measure} between {requesting} and {requested}"
    return found[0]


# (instrument, requesting, requested, measure, a day before, a day after, article)
# The dates are each side's entry into force as the dataset cites it.
AVAILABILITY = [
    # Budapest: DE bound from 2009-07-01, GB from 2011-09-01 (CoE treaty office).
    ("budapest", "DE", "GB", "preservation", date(2011, 8, 31), date(2011, 9, 1), "Art. 29"),
    # EIO: DE transposed 2017-05-22, GR 2017-09-21 (EJN status table).
    ("eio", "DE", "GR", "content_data", date(2017, 9, 20), date(2017, 9, 21), "Art. 3"),
    # Regulation 2018/1805: applicable from 2020-12-19 (European Commission).
    (
        "eu_freezing_confiscation",
        "DE",
        "FR",
        "asset_freeze",
        date(2020, 12, 18),
        date(2020, 12, 19),
        "Arts. 2(1), 8",
    ),
]


@pytest.mark.parametrize(
    ("instrument", "requesting", "requested", "measure", "before", "after", "article"),
    AVAILABILITY,
)
def test_a_route_opens_on_the_day_the_instrument_binds_both_sides(
    law, instrument, requesting, requested, measure, before, after, article
) -> None:
    closed = option(law, instrument, requesting, requested, measure, before)
    opened = option(law, instrument, requesting, requested, measure, after)
    assert closed.available is Status.NO
    assert opened.available is Status.YES
    assert opened.article == article


def test_the_eio_has_two_binding_deadlines_run_from_different_events(law) -> None:
    """Art. 12(3): recognition within 30 days of receipt, extendable by 30 (art. 12(5));
    art. 12(4): execution within 90 days of the recognition decision."""
    eio = option(law, "eio", "DE", "GR", "subscriber_data", date(2024, 1, 1))
    assert eio.deadline is not None
    assert (eio.deadline.kind, eio.deadline.days, eio.deadline.starts) == (
        "binding",
        30,
        "receipt",
    )
    assert (eio.deadline.purpose, eio.deadline.extension_days) == ("recognition", 30)
    (execution,) = eio.later_deadlines
    assert (execution.kind, execution.days, execution.starts, execution.purpose) == (
        "binding",
        90,
        "recognition",
        "execution",
    )


def test_the_eio_is_issued_by_a_prosecutor_or_a_judge(law) -> None:
    """Art. 2(c): a judge, a court, an investigating judge or a public prosecutor."""
    need = required_authorisation("eio", "content_data", "DE", date(2024, 1, 1), law=law)
    assert need.level is AuthorityLevel.PROSECUTOR
    assert "Art. 2(c)" in need.reasons[0].text


def test_an_eu_instrument_never_binds_a_state_that_was_never_a_member(law) -> None:
    """EIO: only Member States are bound; the United States never was one (europa.eu)."""
    eio = option(law, "eio", "DE", "US", "content_data", date(2024, 1, 1))
    assert eio.available is Status.NO
    assert "does not bind US" in " ".join(r.text for r in eio.reasons)
    # The United Kingdom was a member until 31 January 2020 and is missing from the EIO party
    # list: whether it was bound is unknown, never "no".
    assert option(law, "eio", "DE", "GB", "content_data", date(2019, 1, 1)).available is (
        Status.UNKNOWN
    )


def test_budapest_preservation_needs_no_dual_criminality_and_runs_sixty_days(law) -> None:
    """Art. 29(3): no dual criminality for preservation; art. 29(7): not less than sixty days."""
    budapest = option(law, "budapest", "DE", "GB", "preservation", date(2024, 1, 1))
    assert budapest.channel == "network_24_7"
    assert budapest.conditions == ("no dual-criminality check",)
    assert budapest.deadline is not None
    assert (budapest.deadline.days, budapest.deadline.purpose) == (60, "preservation")


def test_budapest_leaves_authorisation_to_the_requesting_state(law) -> None:
    need = required_authorisation("budapest", "content_data", "DE", date(2024, 1, 1), law=law)
    assert need.level is None
    assert need.court_order_required is None
    assert not need.complete


def test_e_evidence_traffic_and_content_need_a_judge_subscriber_data_a_prosecutor(law) -> None:
    """Art. 4(1): subscriber and identification data, a judge, court, investigating judge or
    prosecutor; art. 4(2): traffic and content data, a judge, court or investigating judge."""
    day = date(2026, 9, 1)
    for measure in ("subscriber_data", "identification_data"):
        need = required_authorisation("e_evidence", measure, "PL", day, law=law)
        assert need.level is AuthorityLevel.PROSECUTOR
        assert need.court_order_required is None  # PL's own law is not recorded: it may ask more
    # France's own rule is recorded: a prosecutor may require subscriber and traffic data (CPP
    # art. 77-1-1), so no judge's order is needed on either side.
    french = required_authorisation("e_evidence", "subscriber_data", "FR", day, law=law)
    assert (french.level, french.court_order_required, french.complete) == (
        AuthorityLevel.PROSECUTOR,
        False,
        True,
    )
    assert "77-1-1" in " ".join(r.text for r in french.reasons)
    for measure in ("traffic_data", "content_data"):
        need = required_authorisation("e_evidence", measure, "FR", day, law=law)
        assert need.level is AuthorityLevel.JUDGE
        assert need.court_order_required is True


def test_e_evidence_orders_go_to_the_provider_and_bind_it(law) -> None:
    order = option(law, "e_evidence", "FR", "IE", "content_data", date(2026, 9, 1))
    assert (order.channel, order.binding, order.evidence_kind) == (
        "provider_direct",
        True,
        "evidence",
    )
    assert order.deadline is not None
    assert (order.deadline.kind, order.deadline.days) == ("binding", 10)
    assert "the offence carries a maximum of at least 36 months in the requesting state" in (
        order.conditions
    )
    assert "ordered by at least: judge" in order.conditions


def test_e_evidence_parties_rest_on_a_secondary_source_so_they_stay_unknown(law) -> None:
    """The application date 18 August 2026 was read only in EU Monitor (secondary)."""
    for day in (date(2026, 8, 17), date(2026, 8, 18)):
        assert option(law, "e_evidence", "FR", "IE", "content_data", day).available is (
            Status.UNKNOWN
        )


def test_an_unread_emergency_definition_keeps_the_ordinary_deadline(law) -> None:
    """e-Evidence art. 10(4) gives eight hours in an emergency, but the definition of art. 3 was
    not read: whether a threat to life meets it is unknown, so the ten days stay and it is said."""
    order = option(
        law, "e_evidence", "FR", "IE", "subscriber_data", date(2026, 9, 1), emergency=LIFE
    )
    assert order.deadline is not None
    assert order.deadline.days == 10
    assert not order.emergency
    assert "not in the dataset" in " ".join(r.text for r in order.reasons)


def test_the_eaw_surrender_deadline_runs_from_arrest(law) -> None:
    """Art. 17: a final decision within 60 days of arrest, extendable by 30."""
    eaw = option(law, "eaw", "DE", "AT", "extradition", date(2024, 1, 1))
    assert eaw.deadline is not None
    assert (eaw.deadline.days, eaw.deadline.starts, eaw.deadline.extension_days) == (
        60,
        "arrest",
        30,
    )


def test_provisional_arrest_under_the_european_convention_runs_from_arrest(law) -> None:
    """ECE art. 16(4): released if the request has not arrived within 18 days of arrest."""
    ece = [
        o
        for o in routes("CH", "DE", "provisional_arrest", date(2024, 1, 1), law=law)
        if o.instrument == "ece"
    ]
    assert ece
    assert ece[0].deadline is not None
    assert (ece[0].deadline.days, ece[0].deadline.starts, ece[0].deadline.purpose) == (
        18,
        "arrest",
        "documents",
    )


def test_cloud_act_orders_go_to_the_provider_without_a_recorded_force(law) -> None:
    """18 U.S.C. § 2702(b)(9): the provider may answer the foreign order; US law does not compel."""
    order = option(law, "cloud_act_us_gb", "GB", "US", "content_data", date(2024, 1, 1))
    assert (order.channel, order.binding) == ("provider_direct", None)


def test_fiu_exchange_is_intelligence_and_postponement_goes_fiu_to_fiu(law) -> None:
    """Warsaw art. 46(7): FIU information is for analysis unless the supplying FIU consents;
    art. 47: a foreign FIU may ask for a suspicious transaction to be postponed."""
    day = date(2024, 1, 1)
    exchange = option(law, "warsaw_convention", "NL", "BE", "financial_intelligence", day)
    assert (exchange.channel, exchange.binding, exchange.evidence_kind) == (
        "fiu_to_fiu",
        True,
        "intelligence",
    )
    freeze = [
        o
        for o in routes("NL", "BE", "asset_freeze", day, law=law)
        if o.instrument == "warsaw_convention"
    ]
    assert {o.article for o in freeze} == {"Art. 47", "Arts. 21-22"}


def test_a_national_rule_from_a_secondary_source_does_not_decide(law) -> None:
    """Italy's rule for traffic data (d.lgs. 196/2003 art. 132) was read only in a commentary:
    it is shown, but the answer stays incomplete; its interception rule (c.p.p. art. 267, read in
    an official copy) decides. Both rules are known from the day they were read (no start date)."""
    day = date(2026, 12, 1)
    traffic = required_authorisation("eio", "traffic_data", "IT", day, law=law)
    assert not traffic.complete
    assert "secondary source" in " ".join(r.text for r in traffic.reasons)
    urgent = required_authorisation(
        "eio", "realtime_content_data", "IT", day, law=law, emergency=LIFE
    )
    assert urgent.complete
    assert urgent.level is AuthorityLevel.JUDGE  # the EIO gives no emergency path of its own
