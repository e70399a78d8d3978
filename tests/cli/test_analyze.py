"""`lexbridge analyze` as a prosecutor runs it: a case file in, reasons out; bad files named field by field."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from lexbridge.cli import app
from lexbridge.engine.analysis import Analysis
from lexbridge.engine.case import Case

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def test_analyze_json_names_the_forum_bar_for_love() -> None:
    result = runner.invoke(
        app,
        ["analyze", str(ROOT / "examples" / "love-v-usa.yaml"), "--as-of", "2026-11-27", "--json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    [answer] = payload["extradition"]
    assert answer["status"] in ("refusable", "unknown")
    assert any(b["kind"] == "forum" and b["applies"] == "yes" for b in answer["bars"])
    preservation = payload["routes"][0]["options"][0]
    assert (preservation["instrument"], preservation["channel"]) == ("budapest", "network_24_7")
    assert preservation["deadline"]["kind"] == "binding"
    assert preservation["authorisation"]["complete"] is False


def test_analyze_text_shows_the_tables() -> None:
    result = runner.invoke(
        app, ["analyze", str(ROOT / "examples" / "yakubets.yaml"), "--as-of", "2026-11-27"]
    )
    assert result.exit_code == 0, result.output
    assert "barred" in result.output
    assert "Jurisdiction" in result.output


def test_an_invalid_case_lists_every_problem_with_its_path_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "title: A broken case\nconduct_date: 2024-13-01\nconduct:\n  - offence: illegal_access\n"
        "offenders:\n  - {id: x, nationality: [germany]}\n"
    )
    result = runner.invoke(app, ["analyze", str(bad)])
    assert result.exit_code == 2
    assert "conduct_date" in result.output
    assert "offenders.0.nationality.0" in result.output


def test_unknown_codes_and_offences_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "codes.yaml"
    bad.write_text(
        "title: Codes\nconduct_date: 2024-01-01\nforum: XX\nconduct:\n  - offence: hacking\n"
    )
    result = runner.invoke(app, ["analyze", str(bad)])
    assert result.exit_code == 2
    assert "forum: unknown state code 'XX'" in result.output
    assert "conduct[0].offence: unknown offence 'hacking'" in result.output


def test_the_published_json_schemas_are_current() -> None:
    case = json.loads((ROOT / "docs" / "case.schema.json").read_text())
    analysis = json.loads((ROOT / "docs" / "analysis.schema.json").read_text())
    assert case == json.loads(json.dumps(Case.model_json_schema(), sort_keys=True))
    assert analysis == json.loads(
        json.dumps(Analysis.model_json_schema(mode="serialization"), sort_keys=True)
    )
