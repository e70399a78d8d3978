"""`lexbridge trace` as an investigator runs it: a CSV of transactions, real tags, JSON and a picture."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexbridge.cli import app
from tests.tracing.chains import write_csv
from tests.tracing.conftest import TAGPACKS

runner = CliRunner()
KUCOIN_WALLET = "bc1qgrxsrmrhsapvh9addyx6sh8j4rw0sn9xtur9uq"
FIELDS = ["tx_hash", "height", "time", "side", "n", "address", "value", "spent_tx_hash", "spent_n"]


@pytest.fixture
def ransom_csv(tmp_path: Path) -> Path:
    rows = [
        ["ransom", 800000, 1690000000, "out", 0, "bc1qvictimpaidhere", 100_000_000, "", ""],
        ["split", 800001, 1690000600, "in", 0, "", "", "ransom", 0],
        ["split", 800001, 1690000600, "out", 0, KUCOIN_WALLET, 70_000_000, "", ""],
        ["split", 800001, 1690000600, "out", 1, "bc1qkeptback", 29_990_000, "", ""],
    ]
    return write_csv(tmp_path / "legs.csv", FIELDS, rows)


def test_trace_json_names_the_exchange_and_its_jurisdiction(
    ransom_csv: Path, tmp_path: Path
) -> None:
    picture = tmp_path / "flow.svg"
    result = runner.invoke(
        app,
        [
            "trace",
            str(ransom_csv),
            "--seed",
            "bc1qvictimpaidhere",
            "--policy",
            "haircut",
            "--tags",
            str(TAGPACKS / "packs" / "exchange-wallets-kucoin.yaml"),
            "--tags",
            str(TAGPACKS / "actors" / "graphsense.actorpack.yaml"),
            "--picture",
            str(picture),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["version"] == "1"
    [flow] = answer["services"]
    assert (flow["service"], flow["jurisdictions"], flow["amount"]) == (
        "kucoin",
        ["SC"],
        70_000_000,
    )
    assert answer["balance"] | {} == answer["balance"]
    assert answer["balance"]["fees"] == 10_000
    assert answer["balance"]["conserved"] is True
    svg = ET.parse(picture).getroot()
    assert svg.tag.endswith("svg")
    assert "kucoin (SC)" in picture.read_text()


def test_trace_text_tells_where_to_send_the_freeze_request(ransom_csv: Path) -> None:
    result = runner.invoke(
        app,
        [
            "trace",
            str(ransom_csv),
            "--seed",
            "ransom:0",
            "--policy",
            "fifo",
            "--tags",
            str(TAGPACKS / "packs" / "exchange-wallets-kucoin.yaml"),
            "--tags",
            str(TAGPACKS / "actors" / "graphsense.actorpack.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "kucoin" in result.output
    assert "SC (0.70000000 BTC)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seed", "bc1qnobody"], "'bc1qnobody'"),
        (["--seed", "ransom:0", "--policy", "median"], "'median'"),
        (["--seed", "ransom:0", "--tags", "/nonexistent/pack.yaml"], "/nonexistent/pack.yaml"),
    ],
)
def test_trace_bad_input_exits_2_naming_it(ransom_csv: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["trace", str(ransom_csv), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_trace_accounts_follows_an_erc20_export(tmp_path: Path) -> None:
    header = [
        "token_address",
        "from_address",
        "to_address",
        "value",
        "transaction_hash",
        "log_index",
        "block_number",
    ]
    token = "0xdac17f958d2ee523a2206206994597c13d831ec7"
    path = write_csv(
        tmp_path / "token_transfers.csv",
        header,
        [
            [token, "0xvictim", "0xthief", 5_000_000, "0xaa", 7, 19000000],
            [token, "0xthief", "0xdesk", 3_000_000, "0xbb", 2, 19000005],
        ],
    )
    tags = tmp_path / "tags.csv"
    tags.write_text(
        "address,label,actor,category,jurisdictions,source\n0xdesk,OTC desk,desk,exchange,AE,case file\n"
    )
    result = runner.invoke(
        app,
        [
            "trace",
            str(path),
            "--accounts",
            "--seed",
            "0xaa:7",
            "--policy",
            "fifo",
            "--tags",
            str(tags),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert [(f["service"], f["jurisdictions"], f["amount"]) for f in answer["services"]] == [
        ("desk", ["AE"], 3_000_000)
    ]
    assert answer["balance"]["unspent"] == 2_000_000


def test_trace_with_a_forum_lists_the_routes_to_each_jurisdiction(ransom_csv: Path) -> None:
    result = runner.invoke(
        app,
        [
            "trace",
            str(ransom_csv),
            "--seed",
            "ransom:0",
            "--tags",
            str(TAGPACKS / "packs" / "exchange-wallets-kucoin.yaml"),
            "--tags",
            str(TAGPACKS / "actors" / "graphsense.actorpack.yaml"),
            "--forum",
            "DE",
            "--request-date",
            "2024-03-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["forum"] == "DE"
    [lead] = answer["leads"]
    assert (lead["state"], lead["services"]) == ("SC", ["kucoin"])
    production = lead["routes"]["subscriber_data"]
    assert production[-1]["instrument"] == "comity", "letters rogatory always come last"
    assert any(o["instrument"] == "budapest" and o["article"] == "Art. 31" for o in production)
