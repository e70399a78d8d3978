"""Real public chain data (MIT), vendored under tests/fixtures/tracing with its licences."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from tests.tracing.chains import legs_table

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
BITCOIN_ETL = (
    SHARED / "bitcoin-etl-fixtures" / "tests" / "resources" / "test_export_blocks_job" / "bitcoin"
)
GRAPHSENSE = SHARED / "graphsense-transformation-fixtures" / "src" / "test" / "resources"
TAGPACKS = SHARED / "graphsense-tagpacks"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared real data is missing at {SHARED}")
    return SHARED


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
