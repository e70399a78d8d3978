"""Criminality queries on the bundled dataset against two plain baselines, in the same process.

Prints the time per query with the dataset loaded once and indexed by (state, offence), and the
ratios against (1) a linear scan of every statute for each query and (2) reloading the YAML
dataset for each query.
Run: .venv/bin/python benchmarks/bench_criminality.py [QUERIES]
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import cycle, islice

from lexbridge.engine import Conduct, criminality
from lexbridge.law import LawDataset, Statute, default_dataset
from lexbridge.law import load as load_dataset


@dataclass(frozen=True)
class LinearScan(LawDataset):
    """The same dataset answering look-ups by scanning every statute (the plain baseline)."""

    def statutes_for(self, state: str, offence: str) -> tuple[Statute, ...]:
        return tuple(
            s
            for code, law in self.states.items()
            if code == state
            for s in law.statutes
            if offence in s.offences
        )


def run(law: LawDataset, questions: list[tuple[str, Conduct, date]]) -> float:
    start = time.perf_counter()
    for state, conduct, day in questions:
        criminality(state, conduct, day, law=law)
    return (time.perf_counter() - start) / len(questions)


def main(count: int) -> None:
    t0 = time.perf_counter()
    indexed = default_dataset()
    load = time.perf_counter() - t0
    baseline = LinearScan(
        version=indexed.version,
        jurisdictions=indexed.jurisdictions,
        elements=indexed.elements,
        offences=indexed.offences,
        states=indexed.states,
        instruments=indexed.instruments,
    )
    conducts = [Conduct.of([o]) for o in ("illegal_access", "data_interference", "computer_fraud")]
    days = [date(1990, 1, 1) + timedelta(days=400 * i) for i in range(90)]
    states = sorted(indexed.states)
    questions = list(islice(zip(cycle(states), cycle(conducts), cycle(days), strict=False), count))
    run(indexed, questions[:50])  # warm up
    fast = run(indexed, questions)
    slow = run(baseline, questions)
    print(f"dataset load (once per process): {load * 1000:.0f} ms")
    print(f"{count} criminality queries over {len(states)} states")
    print(f"  indexed:     {fast * 1e6:8.1f} µs/query")
    print(f"  linear scan: {slow * 1e6:8.1f} µs/query")
    print(f"  ratio (linear / indexed): {slow / fast:.2f}x")
    reload_start = time.perf_counter()
    for state, conduct, day in questions[:5]:
        criminality(state, conduct, day, law=load_dataset())
    reload = (time.perf_counter() - reload_start) / 5
    print(f"  reloading the dataset per query: {reload * 1e6:8.0f} µs/query")
    print(f"  ratio (reload per query / indexed, loaded once): {reload / fast:.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
