"""Random UTXO chains for property tests, built twice: as a leg table and for the reference."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from hypothesis import strategies as st

from lexbridge.tracing.chain import UtxoChain
from lexbridge.tracing.readers import LEG_SCHEMA, chain_from_legs
from lexbridge.tracing.reference import Outpoint, RefTx


@dataclass
class RandomChain:
    legs: pa.Table
    txs: list[RefTx]
    values: dict[Outpoint, int]
    outpoints: list[Outpoint]


def legs_table(rows: list[dict[str, object]]) -> pa.Table:
    columns: dict[str, list[object]] = {name: [] for name in LEG_SCHEMA.names}
    for row in rows:
        for name in LEG_SCHEMA.names:
            columns[name].append(row.get(name))
    return pa.table(columns, schema=LEG_SCHEMA)


@st.composite
def random_chains(draw: st.DrawFn, max_blocks: int = 6, max_tx: int = 4) -> RandomChain:
    """Blocks of a coinbase and transactions spending earlier unspent outputs (never twice)."""
    rows: list[dict[str, object]] = []
    txs: list[RefTx] = []
    values: dict[Outpoint, int] = {}
    unspent: list[Outpoint] = []
    outpoints: list[Outpoint] = []
    addresses = [f"addr{i}" for i in range(draw(st.integers(2, 12)))]
    counter = 0
    for height in range(1, draw(st.integers(2, max_blocks)) + 1):
        created: list[Outpoint] = []
        block: list[tuple[str, list[Outpoint], list[int], bool]] = []
        n_cb = draw(st.integers(1, 3))
        block.append(
            (
                f"cb{height}",
                [],
                draw(st.lists(st.integers(1, 5 * 10**9), min_size=n_cb, max_size=n_cb)),
                True,
            )
        )
        for _ in range(draw(st.integers(0, max_tx))):
            if not unspent:
                break
            k = draw(st.integers(1, min(4, len(unspent))))
            picks = draw(
                st.lists(st.sampled_from(range(len(unspent))), min_size=k, max_size=k, unique=True)
            )
            spent = [unspent[i] for i in picks]
            for i in sorted(picks, reverse=True):
                unspent.pop(i)
            pot = sum(values[p] for p in spent)
            m = draw(st.integers(1, 4))
            cuts = sorted(draw(st.lists(st.integers(0, pot), min_size=m, max_size=m)))
            outs = [b - a for a, b in zip([0, *cuts[:-1]], cuts, strict=True)]
            counter += 1
            block.append((f"tx{counter}", spent, outs, False))
        for tx_hash, spent, outs, coinbase in block:
            for n, p in enumerate(spent):
                rows.append(
                    {
                        "tx_hash": tx_hash,
                        "height": height,
                        "time": height * 600,
                        "side": "in",
                        "n": n,
                        "spent_tx_hash": p[0],
                        "spent_n": p[1],
                    }
                )
            for n, v in enumerate(outs):
                point = (tx_hash, n)
                values[point] = v
                rows.append(
                    {
                        "tx_hash": tx_hash,
                        "height": height,
                        "time": height * 600,
                        "side": "out",
                        "n": n,
                        "address": draw(st.sampled_from(addresses)),
                        "value": v,
                    }
                )
                created.append(point)
                outpoints.append(point)
            fee = 0 if coinbase else sum(values[p] for p in spent) - sum(outs)
            if not coinbase:
                values[(tx_hash, -1)] = fee
            txs.append(RefTx(tx_hash, height, list(spent), list(outs), coinbase, fee))
        unspent.extend(created)
    # the scan's order: by height, coinbase last in its block
    txs.sort(key=lambda t: (t.height, t.coinbase))
    return RandomChain(legs_table(rows), txs, values, outpoints)


def tx(
    tx_hash: str,
    height: int,
    inputs: tuple[tuple[str, int], ...] = (),
    outputs: tuple[tuple[str | None, int] | tuple[str | None, int, bool], ...] = (),
    time: int | None = None,
) -> list[dict[str, object]]:
    """The leg rows of one transaction: inputs as ``(spent_tx, n)``, outputs as
    ``(address, value)`` or ``(address, value, spendable)``; time defaults to the height."""
    at = {"tx_hash": tx_hash, "height": height, "time": height if time is None else time}
    rows: list[dict[str, object]] = [
        {**at, "side": "in", "n": n, "spent_tx_hash": spent, "spent_n": vout}
        for n, (spent, vout) in enumerate(inputs)
    ]
    for n, output in enumerate(outputs):
        row = {**at, "side": "out", "n": n, "address": output[0], "value": output[1]}
        if len(output) > 2:
            row["spendable"] = output[2]
        rows.append(row)
    return rows


def chain_of(*txs: list[dict[str, object]]) -> UtxoChain:
    """A chain from transactions written with :func:`tx`."""
    return chain_from_legs(legs_table([row for rows in txs for row in rows]))


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """A CSV file with ``header`` and ``rows``, for the file readers."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
