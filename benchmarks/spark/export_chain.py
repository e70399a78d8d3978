"""Write a synthetic chain and the compiled scan's haircut result as Parquet, for the Spark run.

Run with the project's environment: ``.venv/bin/python benchmarks/spark/export_chain.py OUT [N_TX]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_tracing import seeds_for
from synthetic_chain import synthetic_chain

from lexbridge.tracing.policies import Policy
from lexbridge.tracing.trace import run_scan


def main() -> None:
    out = Path(sys.argv[1])
    n_tx = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    out.mkdir(parents=True, exist_ok=True)
    chain = synthetic_chain(n_tx)
    label = seeds_for(chain)
    out_tx = chain.output_tx(np.arange(chain.n_outputs))
    pq.write_table(
        pa.table(
            {
                "o": np.arange(chain.n_outputs),
                "t": out_tx,
                "value": chain.out_value,
                "kind": chain.out_kind.astype(np.int8),
            }
        ),
        out / "outputs.parquet",
    )
    spender = np.repeat(np.arange(chain.n_tx), np.diff(chain.in_ptr))
    pq.write_table(
        pa.table({"t": spender, "o": chain.in_out.astype(np.int64)}), out / "inputs.parquet"
    )
    pq.write_table(pa.table({"o": np.flatnonzero(label >= 0)}), out / "seeds.parquet")
    run_scan(chain, label, Policy.HAIRCUT)
    start = time.perf_counter()
    scanned = run_scan(chain, label, Policy.HAIRCUT)
    took = time.perf_counter() - start
    tainted = np.flatnonzero(scanned.taint > 0)
    pq.write_table(
        pa.table({"o": tainted, "taint": scanned.taint[tainted]}), out / "expected.parquet"
    )
    print(
        f"{n_tx:,} tx, {chain.n_edges:,} inputs and outputs, {len(tainted):,} tainted outputs; "
        f"compiled scan {took * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
