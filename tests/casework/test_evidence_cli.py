"""``lexbridge evidence`` from a terminal: intake with a progress bar, verification that names the
break, the checkpoint, CASE export, the report, and the weight calculator."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, text
from typer.testing import CliRunner

from lexbridge.cli import app
from tests.casework.conftest import engine_url

runner = CliRunner()


def test_the_evidence_commands(engine: Engine, tmp_path: Path) -> None:
    env = {"DATABASE_URL": engine_url(engine), "LEXBRIDGE_INSTANCE": str(tmp_path / "instance")}
    assert runner.invoke(app, ["db", "seed-demo"], env=env).exit_code == 0
    image = tmp_path / "phone.img"
    image.write_bytes(bytes(range(256)) * 9000)
    added = runner.invoke(
        app,
        [
            "evidence",
            "add",
            "1",
            str(image),
            "--by",
            "ermittler",
            "--place",
            "Frankfurt",
            "--source",
            "seized phone",
            "--tool",
            "dd",
            "--tool-version",
            "9.1",
            "--sha512",
        ],
        env=env,
    )
    assert added.exit_code == 0, added.output
    assert "EX-0002: phone.img sha256" in added.output
    refused = runner.invoke(
        app,
        [
            "evidence",
            "log",
            "1",
            "EX-0002",
            "sealed",
            "--by",
            "datenschutz",
            "--place",
            "F",
            "--purpose",
            "x",
        ],
        env=env,
    )
    assert refused.exit_code == 2
    assert "does not handle evidence" in refused.output
    anchor = tmp_path / "checkpoint.json"
    assert (
        runner.invoke(
            app, ["evidence", "checkpoint", "1", "--by", "ermittler", "-o", str(anchor)], env=env
        ).exit_code
        == 0
    )
    assert set(json.loads(anchor.read_text())["heads"]) == {"EX-0001", "EX-0002"}
    assert (
        runner.invoke(
            app, ["evidence", "verify", "1", "--checkpoint", str(anchor)], env=env
        ).exit_code
        == 0
    )
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE custody_events DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER custody_events_no_delete"))
        connection.execute(text("DELETE FROM custody_events WHERE item_id = 2"))
    broken = runner.invoke(app, ["evidence", "verify", "1", "--checkpoint", str(anchor)], env=env)
    assert broken.exit_code == 1
    assert "EX-0002: the chain ends at event 0 but the checkpoint" in broken.output.replace(
        "\n", " "
    )
    exported = tmp_path / "case.jsonld"
    assert (
        runner.invoke(app, ["evidence", "export", "1", "-o", str(exported)], env=env).exit_code == 0
    )
    assert "@graph" in json.loads(exported.read_text())
    page = tmp_path / "report.html"
    assert (
        runner.invoke(
            app,
            ["evidence", "report", "1", "EX-0001", "--by", "ermittler", "--html", str(page)],
            env=env,
        ).exit_code
        == 0
    )
    assert "Reliability checklist" in page.read_text()


def test_the_weight_command_states_its_assumptions() -> None:
    result = runner.invoke(
        app,
        [
            "evidence",
            "weight",
            "--true-positives",
            "95",
            "--positives",
            "100",
            "--false-positives",
            "1",
            "--negatives",
            "1000",
            "--anonymity-set",
            "5000",
            "--prior",
            "0.001",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Likelihood ratio: 950" in result.output
    assert "illustration only" in result.output
    assert "prosecutor's fallacy" in result.output
    bad = runner.invoke(
        app,
        [
            "evidence",
            "weight",
            "--true-positives",
            "0",
            "--positives",
            "10",
            "--false-positives",
            "1",
            "--negatives",
            "10",
        ],
    )
    assert bad.exit_code == 2
    assert "true_positives" in bad.output
