"""`lexbridge routes`: one routing question from a terminal, errors naming the nearest valid names."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from lexbridge.cli import app

runner = CliRunner()


def test_routes_json_between_two_budapest_parties() -> None:
    result = runner.invoke(
        app,
        [
            "routes",
            "--from",
            "DE",
            "--to",
            "GB",
            "--measure",
            "preservation",
            "--date",
            "2020-01-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    budapest = next(o for o in payload["options"] if o["instrument"] == "budapest")
    assert budapest["available"] == "yes"
    assert budapest["dual_criminality"].startswith("not required")


def test_routes_to_a_provider_go_to_its_eu_establishment_from_an_eu_state() -> None:
    result = runner.invoke(
        app,
        [
            "routes",
            "--from",
            "DE",
            "--to",
            "meta",
            "--measure",
            "content_data",
            "--date",
            "2026-11-27",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert (payload["provider"], payload["to"]) == ("meta", "IE")
    assert payload["options"][-1]["instrument"] == "comity"


def test_routes_bad_input_names_the_nearest_valid_name() -> None:
    result = runner.invoke(
        app, ["routes", "--from", "DE", "--to", "NL", "--measure", "asset_freez"]
    )
    assert result.exit_code == 2
    assert "did you mean asset_freeze" in result.output
    result = runner.invoke(
        app, ["routes", "--from", "DE", "--to", "kucoinn", "--measure", "asset_freeze"]
    )
    assert result.exit_code == 2
    assert "kucoin" in result.output
