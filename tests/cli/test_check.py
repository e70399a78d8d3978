"""`lexbridge check`, `law stats` and `demo` as a user runs them: JSON shape, exit codes, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lexbridge.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_check_json_has_the_documented_fields() -> None:
    code, out = run(
        "check", "--state", "gb", "--conduct", "illegal_access", "--as-of", "2020-06-01", "--json"
    )
    assert code == 0, out
    answer = json.loads(out)
    assert answer["status"] == "yes"
    statute = answer["statutes"][0]
    assert {
        "citation",
        "offences",
        "max_penalty_months",
        "since",
        "until",
        "source",
    } <= statute.keys()
    assert statute["citation"].startswith("Computer Misuse Act 1990, s. 1")
    assert statute["max_penalty_months"] == 24
    assert statute["source"]["url"].startswith("http")
    assert all({"text", "source"} <= r.keys() for r in answer["reasons"])
    assert answer["assumed"]
    assert answer["deciding_facts"] == []


def test_check_fact_and_no_fact_change_the_answer() -> None:
    base = [
        "check",
        "--state",
        "DE",
        "--conduct",
        "illegal_access",
        "--as-of",
        "2020-06-01",
        "--json",
    ]
    unknown = json.loads(run(*base)[1])
    assert unknown["status"] == "unknown"
    assert unknown["deciding_facts"][0]["needs"] == ["infringed_security_measure"]
    yes = json.loads(run(*base, "--fact", "infringed_security_measure")[1])
    assert yes["status"] == "yes"
    negated = json.loads(run(*base, "--no-fact", "infringed_security_measure")[1])
    assert negated["statutes"][0]["failing"] == ["infringed_security_measure"]


def test_check_between_prints_both_sides_and_the_overall_status() -> None:
    code, out = run(
        "check",
        "--between",
        "DE,GB",
        "--instrument",
        "budapest",
        "--measure",
        "extradition",
        "--conduct",
        "illegal_access",
        "--fact",
        "infringed_security_measure",
        "--as-of",
        "2020-03-01",
        "--decision-date",
        "2021-01-01",
        "--json",
    )
    assert code == 0, out
    answer = json.loads(out)
    assert answer["status"] == "yes"
    assert answer["requesting"]["state"] == "DE"
    assert answer["requested"]["state"] == "GB"
    assert answer["requested"]["criminality"]["status"] == "yes"


def test_check_prints_a_readable_answer_without_json() -> None:
    code, out = run(
        "check", "--state", "GB", "--conduct", "illegal_access", "--as-of", "2020-06-01"
    )
    assert code == 0
    assert "YES" in out
    assert "Computer Misuse Act 1990" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--state", "XX", "--conduct", "illegal_access"], "unknown state code 'XX'"),
        (["--state", "GB", "--conduct", "hacking"], "unknown offence 'hacking'"),
        (
            ["--state", "GB", "--conduct", "illegal_access", "--as-of", "2020-13-01"],
            "--as-of '2020-13-01' is not a date",
        ),
        (
            ["--state", "GB", "--conduct", "illegal_access", "--fact", "hacked"],
            "unknown element fact 'hacked'",
        ),
        (
            [
                "--between",
                "DE",
                "--instrument",
                "budapest",
                "--measure",
                "extradition",
                "--conduct",
                "illegal_access",
            ],
            "--between 'DE' must name two states",
        ),
        (
            [
                "--between",
                "DE,GB",
                "--instrument",
                "budapest",
                "--measure",
                "rendition",
                "--conduct",
                "illegal_access",
            ],
            "unknown measure 'rendition'",
        ),
        (
            [
                "--between",
                "DE,GB",
                "--instrument",
                "nato",
                "--measure",
                "extradition",
                "--conduct",
                "illegal_access",
            ],
            "unknown instrument 'nato'",
        ),
        (["--conduct", "illegal_access"], "give either --state XX or --between XX,YY"),
    ],
)
def test_bad_input_gets_one_line_naming_the_bad_value_and_exit_2(
    args: list[str], message: str
) -> None:
    code, out = run("check", *args)
    assert code == 2
    assert message in " ".join(out.split())
    assert len(out.strip().splitlines()) <= 3  # one message, at most wrapped by the terminal


def test_law_stats_json_reports_coverage() -> None:
    code, out = run("law", "stats", "--json")
    assert code == 0
    figures = json.loads(out)
    assert len(figures["states_with_statutes"]) >= 12
    assert figures["instruments"]["budapest"]["parties_listed"] >= 76
    assert figures["instruments"]["budapest"]["in_force"] == "2004-07-01"
    assert figures["instruments"]["un_cybercrime"]["in_force"] == "not in force"


def test_demo_shows_a_real_analysis() -> None:
    code, out = run("demo", "--decision-date", "2026-11-27")
    assert code == 0, out
    assert "Is it a crime there?" in out
    assert "StGB § 202a" in out
    answer = json.loads(run("demo", "--decision-date", "2026-11-27", "--json")[1])
    germany = next(c for c in answer["criminality"] if c["state"] == "DE")
    assert germany["status"] == "yes"
