"""Realistic synthetic UTXO chains for the tracing benchmarks, built with numpy only.

Shape (after the Bitcoin transaction graph): output counts per transaction follow a power law
(Zipf, clipped to 1..60); outputs are spent in height order after a heavy-tailed delay (most
soon, some much later, 10 % never) by spending transactions that sit at power-law gaps, so input
counts follow a power law too; one coinbase per block of 2,000 transactions; a transaction whose
spent outputs do not cover what it pays tops up from one external input, as funds from before
the loaded range would.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from lexbridge.tracing.chain import OutputKind, UtxoChain

BLOCK = 2_000


def synthetic_chain(n_tx: int, seed: int = 7) -> UtxoChain:
    rng = np.random.default_rng(seed)
    height = (np.arange(n_tx) // BLOCK).astype(np.int32)
    coinbase = np.zeros(n_tx, dtype=np.bool_)
    coinbase[BLOCK - 1 :: BLOCK] = True  # coinbase last in its block, as the chain orders it
    k_out = np.minimum(rng.zipf(2.2, n_tx), 60).astype(np.int64)
    n_out = int(k_out.sum())
    creator = np.repeat(np.arange(n_tx, dtype=np.int64), k_out)
    value = (rng.lognormal(mean=15.0, sigma=2.0, size=n_out)).astype(np.int64) + 546

    # when each output is spent: soon for most, late for some, never for 10 %
    delay = 1 + rng.pareto(1.1, n_out) * 5
    target = creator + delay.astype(np.int64)
    never = rng.random(n_out) < 0.10
    target[never | (target >= n_tx)] = np.iinfo(np.int64).max
    # spending transactions sit at power-law gaps, so each gathers a power-law number of inputs
    gaps = np.minimum(rng.zipf(2.4, n_tx), 60)
    spenders = np.cumsum(gaps) - 1
    spenders = spenders[(spenders < n_tx) & ~coinbase[np.minimum(spenders, n_tx - 1)]]
    due = target < np.iinfo(np.int64).max
    slot = np.searchsorted(spenders, target[due], side="left")
    ok = slot < len(spenders)
    spent = np.flatnonzero(due)[ok]
    spender = spenders[slot[ok]]
    by_spender = np.argsort(spender, kind="stable")
    spender, spent = spender[by_spender], spent[by_spender]

    pot = np.bincount(spender, weights=value[spent], minlength=n_tx).astype(np.int64)
    paid = np.bincount(creator, weights=value, minlength=n_tx).astype(np.int64)
    fee = (rng.random(n_tx) * 20_000).astype(np.int64)
    deficit = paid + fee - pot
    top_up = (~coinbase) & (deficit > 0)
    top_up_value = np.where(top_up, deficit, 0)
    fee = np.where(coinbase, 0, pot + top_up_value - paid)

    # output rows: regular outputs, a fee output after each non-coinbase tx, then externals
    n_ext = int(top_up.sum())
    out_count = k_out + (~coinbase)
    out_ptr = np.zeros(n_tx + 1, dtype=np.int64)
    np.cumsum(out_count, out=out_ptr[1:])
    total_out = int(out_ptr[-1])
    row_of_output = out_ptr[creator] + (
        np.arange(n_out) - np.repeat(np.cumsum(k_out) - k_out, k_out)
    )
    out_value = np.empty(total_out + n_ext, dtype=np.int64)
    out_kind = np.full(total_out + n_ext, OutputKind.REGULAR, dtype=np.uint8)
    out_vout = np.full(total_out + n_ext, -1, dtype=np.int32)
    out_value[row_of_output] = value
    out_vout[row_of_output] = (
        np.arange(n_out) - np.repeat(np.cumsum(k_out) - k_out, k_out)
    ).astype(np.int32)
    fee_rows = out_ptr[1:][~coinbase] - 1
    out_value[fee_rows] = fee[~coinbase]
    out_kind[fee_rows] = OutputKind.FEE
    ext_rows = total_out + np.arange(n_ext)
    out_value[ext_rows] = top_up_value[top_up]
    out_kind[ext_rows] = OutputKind.EXTERNAL
    out_vout[ext_rows] = 0

    # input rows: spent outputs, then each top-up last in its transaction
    in_tx = np.concatenate([spender, np.flatnonzero(top_up)])
    in_out = np.concatenate([row_of_output[spent], ext_rows])
    by_tx = np.argsort(in_tx, kind="stable")
    in_tx, in_out = in_tx[by_tx], in_out[by_tx]
    in_ptr = np.zeros(n_tx + 1, dtype=np.int64)
    np.cumsum(np.bincount(in_tx, minlength=n_tx), out=in_ptr[1:])

    n_addresses = max(n_out // 3, 1)
    out_address = np.full(total_out + n_ext, -1, dtype=np.int32)
    out_address[row_of_output] = rng.integers(0, n_addresses, n_out, dtype=np.int32)
    return UtxoChain(
        tx_hash=pa.nulls(n_tx, pa.string()),
        tx_height=height,
        tx_time=height.astype(np.int64) * 600,
        tx_coinbase=coinbase,
        tx_coinjoin=np.zeros(n_tx, dtype=np.bool_),
        in_ptr=in_ptr,
        out_ptr=out_ptr,
        in_out=in_out.astype(np.int32 if len(out_value) < 2**31 - 1 else np.int64),
        out_value=out_value,
        out_address=out_address,
        out_kind=out_kind,
        out_vout=out_vout,
        addresses=pa.nulls(n_addresses, pa.string()),
        external_tx_hash=pa.nulls(n_ext, pa.string()),
    )
