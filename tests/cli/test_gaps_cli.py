"""`lexbridge gaps`: the safe-haven index, a what-if file and the growth of a treaty, from a terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexbridge.cli import app
from lexbridge.law import DATA_DIR

runner = CliRunner()
ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "what-if" / "budapest.yaml"
DAY = "2026-11-27"


@pytest.fixture(scope="module")
def report() -> dict:
    result = runner.invoke(app, ["gaps", "--as-of", DAY, "--offence", "illegal_access", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_states_what_it_counts_and_keeps_unknown_apart(report) -> None:
    assert report["format"] == "lexbridge.gaps/1"
    assert report["hypothetical"] is False
    counted = report["counted"]
    assert counted["count"] == len(counted["codes"]) > 200
    assert "UN member list is not in the dataset" in counted["description"]
    (summary,) = report["offences"]
    assert summary["offence"] == "illegal_access"
    assert len(summary["states"]) == counted["count"]
    kp = next(row for row in summary["states"] if row["state"] == "KP")
    assert kp["statutes_known"] is False
    assert kp["haven"]["yes"] == 0.0  # no statute of North Korea in the dataset: never a haven
    for row in summary["states"]:
        for part in ("evidence", "extradition", "haven"):
            shares = row[part]
            assert shares["no"] + shares["unknown"] + shares["yes"] == pytest.approx(1, abs=1e-3)
            assert shares["decided"] == pytest.approx(shares["no"] + shares["yes"], abs=1e-3)
    yes = [row["haven"]["yes"] for row in summary["states"]]
    assert yes == sorted(yes, reverse=True)  # most certain havens first


def test_json_routes_cover_every_measure_with_the_best_routes_time(report) -> None:
    routes = {r["measure"]: r for r in report["routes"]}
    preservation = routes["preservation"]
    assert preservation["treaty"]["yes"] > 0  # Budapest parties reach each other
    assert "budapest Art. 29" in preservation["best_routes"]
    extradition = routes["extradition"]
    assert extradition["timed_pairs"] > 0
    assert extradition["median_hours"] == 60 * 24


def test_csv_has_one_row_per_state_with_the_json_figures(report) -> None:
    result = runner.invoke(app, ["gaps", "--as-of", DAY, "--offence", "illegal_access", "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == report["counted"]["count"]
    by_state = {row["state"]: row for row in report["offences"][0]["states"]}
    for row in rows[:20]:
        expected = by_state[row["state"]]
        assert float(row["haven_yes"]) == expected["haven"]["yes"]
        assert float(row["extradition_refusable"]) == expected["extradition"]["refusable"]
        assert row["criminalised"] == expected["criminalised"]


def test_the_table_names_the_top_havens_and_the_counted_set() -> None:
    result = runner.invoke(
        app, ["gaps", "--as-of", DAY, "--offence", "illegal_access", "--top", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "Safe havens for illegal_access" in result.output
    assert "Decided share" in result.output
    assert "All" in result.output
    assert "jurisdictions of the dataset" in result.output


def test_what_if_json_marks_the_changes_hypothetical_and_leaves_the_dataset_alone() -> None:
    budapest = (DATA_DIR / "instruments" / "budapest.yaml").read_bytes()
    result = runner.invoke(
        app,
        ["gaps", "what-if", str(EXAMPLE), "--as-of", DAY, "--offence", "illegal_access", "--json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["hypothetical"] is True
    assert all(c["description"].startswith("HYPOTHETICAL") for c in payload["changes"])
    assert all(c["in_effect"] for c in payload["changes"])
    preservation = next(r for r in payload["routes"] if r["measure"] == "preservation")
    assert ["DE", "IE"] in preservation["gained"]
    assert ["IE", "DE"] in preservation["gained"]
    assert {"offence": "illegal_access", "state": "SC", "before": "unknown", "after": "yes"} in (
        payload["criminalised"]
    )
    closing = {(h["offence"], h["state"]) for h in payload["havens_closing"]}
    assert ("illegal_access", "IE") in closing
    assert (DATA_DIR / "instruments" / "budapest.yaml").read_bytes() == budapest


def test_what_if_before_the_changes_take_effect_changes_nothing() -> None:
    result = runner.invoke(
        app,
        ["gaps", "what-if", str(EXAMPLE), "--as-of", "2026-01-01", "--offence", "illegal_access"],
    )
    assert result.exit_code == 0, result.output
    assert "not yet in effect on 2026-01-01" in result.output
    assert "No measure gains or loses a route." in result.output


def test_what_if_csv_lists_each_moved_share() -> None:
    result = runner.invoke(
        app,
        ["gaps", "what-if", str(EXAMPLE), "--as-of", DAY, "--offence", "illegal_access", "--csv"],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    ie = [
        r for r in rows if r["state"] == "IE" and r["component"] == "haven" and r["share"] == "yes"
    ]
    assert len(ie) == 1
    assert float(ie[0]["after"]) < float(ie[0]["before"])
    assert {r["hypothetical"] for r in rows} == {"true"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("changes:\n  - ratify: {state: XX, instrument: budapest, on: 2027-01-01}\n", "'XX'"),
        ("changes:\n  - ratify: {state: IE, instrument: budapst, on: 2027-01-01}\n", "'budapst'"),
        ("changes:\n  - ratify: {state: IE, instrument: budapest, on: 2027-02-30}\n", "on"),
        ("changes:\n  - enact: {state: IE, offence: hacking, on: 2027-01-01}\n", "'hacking'"),
        ("changes:\n  - ratfy: {state: IE, instrument: budapest, on: 2027-01-01}\n", "ratfy"),
        ("changes: []\n", "changes"),
        ("- just a list\n", "mapping"),
        ("changes: [\n", "not valid YAML"),
    ],
)
def test_a_bad_change_file_names_the_bad_value_and_exits_2(tmp_path, content, expected) -> None:
    path = tmp_path / "changes.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["gaps", "what-if", str(path)])
    assert result.exit_code == 2
    assert expected in result.output
    assert str(path) in result.output


def test_a_missing_change_file_exits_2(tmp_path) -> None:
    result = runner.invoke(app, ["gaps", "what-if", str(tmp_path / "nowhere.yaml")])
    assert result.exit_code == 2
    assert "no such what-if file" in result.output


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--offence", "ilegal_access"], "did you mean illegal_access"),
        (["--measure", "preservaton"], "did you mean preservation"),
        (["--offender", "national"], "offender kind"),
        (["--as-of", "2026-13-01"], "YYYY-MM-DD"),
        (["--json", "--csv"], "not both"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(arguments, expected) -> None:
    result = runner.invoke(app, ["gaps", *arguments])
    assert result.exit_code == 2
    assert expected in result.output


def test_growth_of_the_budapest_convention_over_time() -> None:
    result = runner.invoke(
        app,
        [
            "gaps",
            "growth",
            "--instrument",
            "budapest",
            "--dates",
            "2003-01-01,2010-01-01,2020-01-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    points = json.loads(result.output)["points"]
    assert [p["day"] for p in points] == ["2003-01-01", "2010-01-01", "2020-01-01"]
    assert points[0]["yes"] == 0  # not yet in force
    assert 0 < points[1]["yes"] < points[2]["yes"]
