"""Emergency paths, authorisation and retention on a hand-built dataset, plus the properties every
answer keeps on the real one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexbridge.engine import Status
from lexbridge.engine.authorisation import required_authorisation
from lexbridge.engine.retention import add_months, still_held
from lexbridge.engine.routes import routes
from lexbridge.law import LawDataset, Measure, default_dataset, load
from lexbridge.law.instruments import EmergencyGround
from lexbridge.law.vocabulary import AuthorityLevel
from tests.conftest import build_data_dir

SOURCE = '{title: Fixture Protocol, pinpoint: fixture, url: "https://example.org/p", checked: 2026-11-27, tier: treaty_office}'
OFFICIAL = '{title: Fixture Gazette, pinpoint: fixture, url: "https://example.org/g", checked: 2026-11-27, tier: official}'
PROVIDER_PAGE = '{title: Fixture Provider policy, pinpoint: retention, url: "https://example.org/pp", checked: 2026-11-27, tier: secondary}'

PROTOCOL = f"""
id: test_protocol
title: Fixture Protocol on Urgent Cooperation
kind: protocol
opened: 2010-01-01
in_force: 2011-01-01
source: {SOURCE}
emergency:
  article: Art. 1
  grounds: [life, physical_integrity]
  text: a significant and imminent risk to the life or safety of any natural person
  source: {SOURCE}
parties:
  - {{state: AQ, since: 2011-01-01, source: {SOURCE}}}
  - {{state: BV, since: 2011-01-01, source: {SOURCE}}}
measures:
  - measure: subscriber_data
    article: Art. 2
    binding: true
    evidence: evidence
    deadline: {{kind: binding, days: 30, text: within 30 days, source: {SOURCE}}}
    emergency_deadline: {{kind: binding, hours: 24, text: within 24 hours in an emergency, source: {SOURCE}}}
    authorisation:
      level: judge
      emergency_level: prosecutor
      ex_post_validation_hours: 48
      article: Art. 3
      text: issued by a judge; in an emergency by a prosecutor, validated within 48 hours
      source: {SOURCE}
    source: {SOURCE}
  - measure: subscriber_data
    article: Art. 4
    channel: network_24_7
    emergency_only: true
    deadline: {{kind: target, hours: 12, text: as soon as possible, source: {SOURCE}}}
    source: {SOURCE}
"""

AQ_RULES = f"""
authorisation:
  - measures: [subscriber_data]
    level: prosecutor
    provision: Fixture Procedure Act s. 9
    anchor: the prosecutor orders
    since: 2000-01-01
    text: {{language: en, excerpt: "Subscriber data is disclosed when the prosecutor orders it."}}
    source: {OFFICIAL}
retention:
  - data: [traffic_data]
    status: required
    period_months: 6
    provision: Fixture Telecoms Act s. 4
    since: 2000-01-01
    source: {OFFICIAL}
"""

PROVIDER = f"""
id: fixture_mail
name: Fixture Mail Ltd
services: [mail]
home_state: BV
disclosure:
  - data: [subscriber_data]
    basis: voluntary
    conditions: answers foreign police on request
    source: {PROVIDER_PAGE}
  - data: [subscriber_data]
    basis: emergency
    conditions: in an emergency involving danger of death
    source: {PROVIDER_PAGE}
retention:
  - data: [traffic_data]
    period_days: 365
    text: connection logs are kept for one year
    source: {PROVIDER_PAGE}
"""


@pytest.fixture(scope="module")
def urgent(tmp_path_factory: pytest.TempPathFactory) -> LawDataset:
    target = tmp_path_factory.mktemp("urgent") / "data"
    build_data_dir(
        target,
        ("instruments/test_protocol.yaml", PROTOCOL),
        ("providers/fixture_mail.yaml", PROVIDER),
    )
    aq = target / "states" / "AQ.yaml"
    aq.write_text(aq.read_text(encoding="utf-8") + AQ_RULES, encoding="utf-8")
    return load(target)


DAY = date(2024, 3, 1)
LIFE = frozenset({EmergencyGround.LIFE})
INFRASTRUCTURE = frozenset({EmergencyGround.CRITICAL_INFRASTRUCTURE})


def _protocol(options, article):
    return next(o for o in options if o.instrument == "test_protocol" and o.article == article)


def test_an_emergency_within_the_definition_opens_the_short_deadline_and_the_urgent_route(
    urgent,
) -> None:
    ordinary = routes("AQ", "BV", "subscriber_data", DAY, law=urgent)
    assert [o.article for o in ordinary if o.instrument == "test_protocol"] == ["Art. 2"]
    assert _protocol(ordinary, "Art. 2").deadline.days == 30

    urgent_options = routes("AQ", "BV", "subscriber_data", DAY, emergency=LIFE, law=urgent)
    art2 = _protocol(urgent_options, "Art. 2")
    assert art2.emergency
    assert (art2.deadline.hours, art2.deadline.days) == (24, None)
    assert _protocol(urgent_options, "Art. 4").available is Status.YES


def test_a_threat_outside_the_definition_leaves_the_ordinary_path(urgent) -> None:
    options = routes("AQ", "BV", "subscriber_data", DAY, emergency=INFRASTRUCTURE, law=urgent)
    art2 = _protocol(options, "Art. 2")
    assert not art2.emergency
    assert art2.deadline.days == 30
    assert "life, physical integrity only" in " ".join(r.text for r in art2.reasons)
    assert not [o for o in options if o.article == "Art. 4"]


def test_the_stricter_of_instrument_and_national_law_governs(urgent) -> None:
    need = required_authorisation("test_protocol", "subscriber_data", "AQ", DAY, law=urgent)
    assert need.level is AuthorityLevel.JUDGE  # the protocol asks more than AQ law
    assert need.court_order_required is True
    assert need.complete


def test_in_an_emergency_a_prosecutor_acts_and_a_judge_validates_afterwards(urgent) -> None:
    need = required_authorisation(
        "test_protocol", "subscriber_data", "AQ", DAY, emergency=LIFE, law=urgent
    )
    assert need.level is AuthorityLevel.PROSECUTOR
    assert (need.emergency_path, need.ex_post_validation_hours) == (True, 48)
    assert need.court_order_required is False  # both rules recorded, neither needs a judge now


def test_a_providers_voluntary_route_is_intelligence_and_ranks_after_binding_routes(
    urgent,
) -> None:
    provider = urgent.providers["fixture_mail"]
    options = routes("AQ", "BV", "subscriber_data", DAY, provider=provider, law=urgent)
    voluntary = next(o for o in options if o.instrument == "fixture_mail:voluntary")
    assert (voluntary.binding, voluntary.evidence_kind, voluntary.channel) == (
        False,
        "intelligence",
        "provider_direct",
    )
    assert voluntary.available is Status.UNKNOWN  # the provider's own page is secondary
    names = [o.instrument for o in options]
    assert names.index("test_protocol") < names.index("fixture_mail:voluntary")
    assert "fixture_mail:emergency" not in names
    with_threat = routes(
        "AQ", "BV", "subscriber_data", DAY, provider=provider, emergency=LIFE, law=urgent
    )
    assert "fixture_mail:emergency" in [o.instrument for o in with_threat]


def test_retention_law_says_held_while_the_duty_runs_and_when_to_preserve(urgent) -> None:
    provider = urgent.providers["fixture_mail"]
    logged = date(2024, 1, 31)
    running = still_held(
        Measure.TRAFFIC_DATA, logged, date(2024, 5, 1), state="AQ", provider=None, law=urgent
    )
    assert running is not None
    assert running.held is Status.YES
    assert running.preserve_by == date(2024, 7, 30)  # six months from 31 January, last day kept
    lapsed = still_held(
        Measure.TRAFFIC_DATA, logged, date(2024, 9, 1), state="AQ", provider=None, law=urgent
    )
    assert lapsed is not None
    assert lapsed.held is Status.UNKNOWN  # never "no": it may still be held
    with_provider = still_held(
        Measure.TRAFFIC_DATA, logged, date(2024, 9, 1), state="AQ", provider=provider, law=urgent
    )
    assert with_provider is not None
    assert with_provider.held is Status.UNKNOWN  # a provider's page informs, never decides
    assert with_provider.preserve_by == date(2025, 1, 29)  # 365 days from the log, inclusive
    nothing = still_held(
        Measure.CONTENT_DATA, logged, date(2024, 2, 1), state="BV", provider=None, law=urgent
    )
    assert nothing is not None
    assert nothing.preserve_by is None
    assert "at once" in nothing.reasons[-1].text
    assert (
        still_held(
            Measure.REALTIME_CONTENT_DATA, logged, logged, state="AQ", provider=None, law=urgent
        )
        is None
    )


def test_months_are_added_by_the_calendar() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 15), 24) == date(2026, 3, 15)


CODES = ["DE", "FR", "GB", "US", "NL", "IE", "RU", "UA", "CH", "AT", "GR", "KP"]
GROUNDS = st.frozensets(st.sampled_from(list(EmergencyGround)))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(CODES),
    st.sampled_from(CODES),
    st.sampled_from(list(Measure)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    GROUNDS,
)
def test_an_emergency_never_removes_an_ordinary_route(
    requesting, requested, measure, day, grounds
) -> None:
    def keys(options):
        return {(o.instrument, o.article) for o in options}

    law = default_dataset()
    ordinary = routes(requesting, requested, measure, day, law=law)
    urgent = routes(requesting, requested, measure, day, emergency=grounds, law=law)
    assert keys(ordinary) <= keys(urgent)
    assert [o.comity for o in urgent].count(True) == [o.comity for o in ordinary].count(True)
    if any(o.comity for o in urgent):
        assert urgent[-1].comity


def test_the_route_planner_reads_the_real_registry(law) -> None:
    """A provider from the registry adds its own disclosure routes to the instrument routes."""
    provider = law.providers["cloudflare"]
    options = routes("DE", "US", "subscriber_data", DAY, provider=provider, law=law)
    assert any(o.instrument == "cloudflare:voluntary" and o.binding is False for o in options)
    assert options[-1].comity
