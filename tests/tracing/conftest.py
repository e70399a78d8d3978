"""Real public chain data (MIT), vendored under tests/fixtures/tracing with its licences."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from tests.tracing.chains import legs_table

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "tracing"
BITCOIN_ETL = REAL / "bitcoin-etl"
GRAPHSENSE = REAL / "graphsense-transformation"
TAGPACKS = REAL / "graphsense-tagpacks"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not REAL.is_dir():
        pytest.fail(f"the real chain data is missing at {REAL}")
    return REAL


def graphsense_fixture_legs() -> pa.Table:
    """The graphsense-transformation test chain as legs.

    Its inputs name an address and a value but not the output they spend (and one input's value
    differs from the output it must come from), so each input becomes an external output of its
    own, with the input's address and value: exactly what co-spend clustering reads. Multisig
    addresses (several per script) are joined with '+', as the readers do.
    """
    rows: list[dict[str, object]] = []
    for line in (GRAPHSENSE / "test_txs.json").read_text().splitlines():
        tx = json.loads(line)
        h = tx["txHash"]
        for n, leg in enumerate(tx["inputs"]):
            rows.append(
                {
                    "tx_hash": h,
                    "height": tx["blockId"],
                    "time": tx["timestamp"],
                    "side": "in",
                    "n": n,
                    "spent_tx_hash": f"{h}-input",
                    "spent_n": n,
                    "address": "+".join(sorted(leg["address"])),
                    "value": leg["value"],
                    "coinjoin": tx["coinjoin"],
                }
            )
        for n, leg in enumerate(tx["outputs"]):
            address = "+".join(sorted(leg["address"]))
            rows.append(
                {
                    "tx_hash": h,
                    "height": tx["blockId"],
                    "time": tx["timestamp"],
                    "side": "out",
                    "n": n,
                    "address": address,
                    "value": leg["value"],
                    "coinjoin": tx["coinjoin"],
                }
            )
    return legs_table(rows)
