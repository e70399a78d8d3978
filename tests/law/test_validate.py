"""`lexbridge law validate`: one fixture file per kind of invalid input, each named by file and field."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexbridge.cli import app
from lexbridge.law import load
from lexbridge.law.stats import field_coverage, treaty_links
from tests.conftest import build_data_dir

INVALID = sorted((Path(__file__).parent / "invalid").glob("*.yaml"))
runner = CliRunner()


def _header(text: str, key: str) -> str:
    match = re.search(rf"^# {key}: (.+)$", text, re.MULTILINE)
    assert match, f"fixture lacks a '# {key}:' line"
    return match.group(1).strip()


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_input_fails_naming_file_and_field(fixture: Path, tmp_path: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    data = build_data_dir(tmp_path / "data", (_header(text, "target"), text))
    result = runner.invoke(app, ["law", "validate", "--data-dir", str(data)])
    assert result.exit_code == 1, result.output
    assert _header(text, "expect") in " ".join(result.output.split())


def test_the_test_dataset_itself_is_valid(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["law", "validate", "--data-dir", str(build_data_dir(tmp_path / "d"))]
    )
    assert result.exit_code == 0, result.output


def test_the_bundled_dataset_is_valid() -> None:
    result = runner.invoke(app, ["law", "validate"])
    assert result.exit_code == 0, result.output


RULES = """\
state: HM
jurisdiction:
  - basis: active_nationality
    scope: Offences committed abroad by a national of Heard Island.
    provision: Fixture Code art. 7
    anchor: committed abroad by a national
    conditions:
      - {condition: double_criminality, anchor: also punishable where it was committed}
      - {condition: minimum_penalty, threshold_months: 12, anchor: at least one year}
    text: {language: en, excerpt: "An offence committed abroad by a national is punishable here if it is also punishable where it was committed and carries at least one year."}
    source: &fx {title: Fixture, pinpoint: fixture, url: "https://example.org/x", checked: 2026-11-27, tier: official}
extradition:
  nationals:
    - {rule: never, provision: Fixture Constitution art. 9, anchor: may not be extradited,
       text: {language: en, excerpt: "A national of Heard Island may not be extradited."}, source: *fx}
  treaty_basis:
    - {treaty_required: true, reciprocity: false, multilateral_basis: true, provision: Fixture Extradition Act s. 1,
       anchor: only under a treaty, text: {language: en, excerpt: "Extradition is granted only under a treaty."}, source: *fx}
  bars:
    - {kind: penalty_threshold, mandatory: true, threshold_months: 12, provision: Fixture Extradition Act s. 2,
       anchor: at least one year, text: {language: en, excerpt: "The offence must carry at least one year."}, source: *fx}
  prosecute_instead:
    - {provision: Fixture Code art. 8, anchor: shall be prosecuted here,
       text: {language: en, excerpt: "A national not extradited shall be prosecuted here."}, source: *fx}
limitation:
  - provision: Fixture Code art. 40
    anchor: prescribed
    bands: [{max_months_up_to: 12, years: 3}, {max_months_up_to: null, years: 10}]
    text: {language: en, excerpt: "Prosecution is prescribed after three or ten years."}
    source: *fx
contacts:
  - {role: point_of_contact_24_7, instrument: test_treaty, name: Heard Island Cyber Desk, source: *fx}
retention:
  - {data: [traffic_data, subscriber_data], status: annulled, since: 2015-01-01, source: *fx}
"""


def test_national_rules_load_and_count_in_the_coverage(tmp_path: Path) -> None:
    data_dir = build_data_dir(tmp_path / "d", ("states/HM.yaml", RULES))
    result = runner.invoke(app, ["law", "validate", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    law = load(data_dir)
    fields = field_coverage(law)
    for kind in ("jurisdiction", "extradition", "limitation", "contacts", "retention"):
        assert "HM" in fields[kind], kind
    rule = law.states["HM"].jurisdiction[0]
    assert [c.threshold_months for c in rule.conditions] == [None, 12]


def test_a_rule_without_a_recorded_start_is_known_only_from_the_day_it_was_read(
    tmp_path: Path,
) -> None:
    law = load(build_data_dir(tmp_path / "d", ("states/HM.yaml", RULES)))
    contact = law.states["HM"].contacts[0]
    assert contact.in_force_on(date(2020, 1, 1)) is None
    assert not contact.holds_on(date(2020, 1, 1))
    assert contact.holds_on(date(2026, 11, 27))
    retention = law.states["HM"].retention[0]
    assert retention.holds_on(date(2020, 1, 1))
    assert not retention.holds_on(date(2014, 12, 31))


def test_the_provider_registry_loads_with_its_home_states(law) -> None:
    assert len(law.providers) >= 30
    assert law.providers["kucoin"].name
    homes = {p.home_state for p in law.providers.values() if p.home_state}
    assert "US" in homes
    assert all(d.source.url for p in law.providers.values() for d in p.disclosure)


def test_treaty_links_name_each_states_bilateral_treaties_and_regional_schemes(law) -> None:
    """Issue 3, item 4: Germany's treaties with the US are its bilateral ones; a CLOUD Act
    agreement (an executive agreement) is not counted as an extradition or MLA treaty."""
    links = treaty_links(law)
    assert "bilat_de_us_extradition" in links["DE"]["US"]
    assert "bilat_gb_us_extradition" in links["GB"]["US"]
    assert "bilat_br_gb_extradition" in links["BR"]["GB"]
    assert not any("cloud_act" in ident for ident in links["GB"]["US"])
    assert {"budapest", "eaw", "ece"} <= set(links["DE"]["regional"])
    assert "comity" not in links["DE"]["regional"]  # no treaty at all
    coverage = field_coverage(law)
    assert "DE" in coverage["treaties_with_us"]
