"""Haircut propagation: the compiled scan against a plain-Python reference and networkx, same graph.

Run: ``.venv/bin/python benchmarks/bench_tracing.py [--sizes 1000000 10000000] [--reference-up-to N] [--networkx-up-to N]``.
Prints, per size, the compiled scan's edges per second (inputs + outputs read), its ratio to the
plain-Python reference (``lexbridge.tracing.reference``) and to a networkx MultiDiGraph version, and
the bytes per edge of the chain arrays and of the scan's working arrays. The reference runs up
to ``--reference-up-to`` transactions, networkx up to ``--networkx-up-to`` (it needs ~300 bytes an
edge, so 10M transactions would not fit 24 GB).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from synthetic_chain import synthetic_chain

from lexbridge.tracing.chain import OutputKind, UtxoChain
from lexbridge.tracing.policies import Policy
from lexbridge.tracing.reference import RefTx, reference_scan
from lexbridge.tracing.trace import run_scan


def seeds_for(chain: UtxoChain, share: float = 0.01) -> np.ndarray:
    """One per cent of the regular outputs of the first tenth of the chain, as separate seeds."""
    early = np.flatnonzero(chain.out_kind[: chain.out_ptr[chain.n_tx // 10]] == OutputKind.REGULAR)
    picks = early[:: max(int(1 / share), 1)]
    label = np.full(chain.n_outputs, -1, dtype=np.int32)
    label[picks] = np.arange(len(picks), dtype=np.int32)
    return label


def as_reference(chain: UtxoChain, label: np.ndarray) -> tuple[list[RefTx], dict, dict, list]:
    """The chain as the reference reads it: outputs named (tx, n), fee (tx, -1), externals ("x", row)."""
    creator = chain.output_tx(np.arange(chain.n_outputs))
    position = np.arange(chain.n_outputs) - np.where(
        creator >= 0, chain.out_ptr[creator.clip(min=0)], 0
    )
    is_fee = chain.out_kind == 1
    keys = [
        ("x", o) if c < 0 else (f"t{c}", -1 if f else int(n))
        for o, (c, n, f) in enumerate(
            zip(creator.tolist(), position.tolist(), is_fee.tolist(), strict=True)
        )
    ]
    values = dict(zip(keys, chain.out_value.tolist(), strict=True))
    txs = []
    for t in range(chain.n_tx):
        a, b = int(chain.in_ptr[t]), int(chain.in_ptr[t + 1])
        c, d = int(chain.out_ptr[t]), int(chain.out_ptr[t + 1])
        fee = not chain.tx_coinbase[t]
        outs = chain.out_value[c : d - 1 if fee else d].tolist()
        inputs = [keys[o] for o in chain.in_out[a:b].tolist()]
        txs.append(
            RefTx(
                f"t{t}",
                int(chain.tx_height[t]),
                inputs,
                outs,
                bool(chain.tx_coinbase[t]),
                int(chain.out_value[d - 1]) if fee else 0,
            )
        )
    seeds = {keys[o]: int(label[o]) for o in np.flatnonzero(label >= 0)}
    return txs, values, seeds, keys


def networkx_haircut(chain: UtxoChain, label: np.ndarray) -> tuple[float, float, dict[int, int]]:
    """Haircut over a networkx MultiDiGraph of transactions, edges keyed by the output they carry."""
    start = time.perf_counter()
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(chain.n_tx))
    creators = chain.output_tx(chain.in_out)
    spenders = np.repeat(np.arange(chain.n_tx), np.diff(chain.in_ptr))
    graph.add_edges_from(
        (int(c) if c >= 0 else "external", int(s), int(o), {"value": int(chain.out_value[o])})
        for c, s, o in zip(creators, spenders, chain.in_out, strict=True)
    )
    built = time.perf_counter() - start
    taint = {int(o): int(chain.out_value[o]) for o in np.flatnonzero(label >= 0)}
    start = time.perf_counter()
    for t in nx.topological_sort(graph):
        if t == "external":
            continue
        total = pot = 0
        for _, _, key, data in graph.in_edges(t, keys=True, data=True):
            total += taint.get(key, 0)
            pot += data["value"]
        if total == 0:
            continue
        c, d = int(chain.out_ptr[t]), int(chain.out_ptr[t + 1])
        fee = not chain.tx_coinbase[t]
        given = 0
        for o in range(c, d - 1 if fee else d):
            share = min(int(chain.out_value[o]), int(chain.out_value[o]) * total // pot)
            if o not in taint:
                taint[o] = share
            given += share
        if fee and d - 1 not in taint:
            taint[d - 1] = min(total - given, int(chain.out_value[d - 1]))
    return built, time.perf_counter() - start, taint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--reference-up-to", type=int, default=10_000_000)
    parser.add_argument("--networkx-up-to", type=int, default=1_000_000)
    args = parser.parse_args()
    for n in args.sizes:
        chain = synthetic_chain(n)
        label = seeds_for(chain)
        run_scan(
            synthetic_chain(2_000), seeds_for(synthetic_chain(2_000)), Policy.HAIRCUT
        )  # compile
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            scanned = run_scan(chain, label, Policy.HAIRCUT)
            best = min(best, time.perf_counter() - start)
        edges = chain.n_edges
        working = sum(
            a.nbytes for a in (scanned.taint, scanned.hops, scanned.parent, scanned.consumed)
        )
        print(
            f"{n:>11,} tx  {chain.n_inputs:,} inputs  {chain.n_outputs:,} outputs  "
            f"tainted outputs {int((scanned.taint > 0).sum()):,}"
        )
        visited = np.unique(chain.out_spender[(scanned.taint > 0) & (chain.out_spender >= 0)])
        read = int((np.diff(chain.in_ptr)[visited] + np.diff(chain.out_ptr)[visited]).sum())
        print(
            f"   compiled haircut: {best * 1000:.1f} ms on one core; it visits the {len(visited):,} "
            f"transactions that spend taint ({read:,} inputs and outputs, {read / best / 1e6:.1f} M/s); "
            f"over the whole chain that is {edges / best / 1e6:.0f} M inputs and outputs/s"
        )
        print(
            f"   memory: chain {chain.nbytes / edges:.1f} B/edge + scan {working / edges:.1f} B/edge "
            f"= {(chain.nbytes + working) / edges:.1f} B/edge"
        )
        if n > args.reference_up_to:
            continue
        txs, values, seeds, keys = as_reference(chain, label)
        start = time.perf_counter()
        want = reference_scan(txs, values, seeds, Policy.HAIRCUT)
        plain = time.perf_counter() - start
        agree = all(
            want.taint.get(keys[o], 0) == int(scanned.taint[o])
            for o in np.flatnonzero(scanned.taint > 0)
        )
        agree = agree and sum(1 for v in want.taint.values() if v > 0) == int(
            (scanned.taint > 0).sum()
        )
        print(
            f"   plain-Python reference: {plain:.2f} s -> compiled is {plain / best:.0f}x faster "
            f"(results agree: {agree})"
        )
        del txs, values, seeds, keys, want
        if n > args.networkx_up_to:
            print("   networkx: not run (its graph needs ~300 bytes an edge)")
            continue
        built, walked, nx_taint = networkx_haircut(chain, label)
        agree = all(int(scanned.taint[o]) == v for o, v in nx_taint.items())
        print(
            f"   networkx: build {built:.1f} s, propagation {walked:.2f} s -> compiled is "
            f"{walked / best:.0f}x faster (propagation only; results agree: {agree})"
        )


if __name__ == "__main__":
    main()
