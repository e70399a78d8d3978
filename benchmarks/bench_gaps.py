"""Gap analysis: all pairs of all jurisdictions for every measure, and a what-if, each against a
plain per-pair loop over the same engine functions, in the same process.

Run: ``.venv/bin/python benchmarks/bench_gaps.py [--sample N] [--full]``.

(a) The contender builds the gap model (each instrument's binding vector, ``route_matrix`` for
    every measure) and the route answers of every measure (route other than comity, any lawful
    route, best available route and its time limit). The baseline calls ``routes()`` for every
    ordered pair and every measure (``engine.gaps.reference.looped_routes``), which gives the
    same answers (tests/engine/test_gaps.py).
(b) The contender applies the what-if file to a gap model whose matrices are already computed
    (``what_if``: routes of every measure, extradition of every offence for the three kinds of
    offender, criminality, the index), reading again only the vectors the changes touch. The
    baseline recomputes the changed matrices the plain way on the changed copy of the dataset:
    ``routes()`` for every pair and measure, ``extradition()`` for every pair, offence and kind
    of offender, ``criminality()`` for every state and offence.

The plain loops take minutes; unless ``--full`` is given, each is timed on N requesting states
spread over the alphabet (``--sample``, every requested state) and scaled to all of them, and the
printout says so.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.progress import track

from lexbridge.engine.gaps import ChangeSet, OffenderKind, apply_changes, gap_model, what_if
from lexbridge.engine.gaps.reference import (
    looped_criminalised,
    looped_extradition,
    looped_routes,
)
from lexbridge.law import Measure, default_dataset

DAY = date(2026, 11, 27)
CHANGES = Path(__file__).parent.parent / "examples" / "what-if" / "budapest.yaml"


def best_of(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def verdict(seconds: float, target: float) -> str:
    return "met" if seconds < target else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=10, help="requesting states in the loops")
    parser.add_argument("--full", action="store_true", help="run the plain loops on every pair")
    args = parser.parse_args()
    law = default_dataset()
    codes = tuple(sorted(law.jurisdictions))
    step = max(len(codes) // max(args.sample, 1), 1)
    rows = codes if args.full else codes[::step][: args.sample]
    scale = len(codes) / len(rows)
    pairs = len(codes) * (len(codes) - 1)
    measures = list(Measure)
    offences = list(law.offences)
    sampled = (
        ""
        if args.full
        else f" (sampled: {len(rows)} of {len(codes)} requesting states, scaled by {scale:.2f})"
    )
    print(
        f"LexBridge gap analysis, dataset {law.version}, {len(codes)} jurisdictions, "
        f"{pairs:,} ordered pairs, on {DAY}"
    )

    # (a) every pair, every measure
    start = time.perf_counter()
    for measure in track(measures, description="(a) plain loop over routes()"):
        looped_routes(measure, DAY, codes, law, rows=rows)
    loop_a = (time.perf_counter() - start) * scale

    def all_routes() -> None:
        model = gap_model(DAY, law=law)
        for measure in measures:
            model.route_gaps(measure)

    fast_a = best_of(5, all_routes)
    print(
        f"(a) routes for every pair and every measure ({len(measures)} measures, "
        f"{pairs * len(measures):,} cells)"
    )
    print(f"    plain loop over routes():         {loop_a:10.3f} s{sampled}")
    print(
        f"    gap_model + route_gaps, vectorised: {fast_a:8.4f} s (best of 5); "
        f"target < 1 s: {verdict(fast_a, 1.0)}"
    )
    print(f"    ratio: {loop_a / fast_a:,.0f}x")

    # (b) a what-if against the computed baseline
    changes = ChangeSet.from_yaml(CHANGES.read_text(encoding="utf-8"))
    model = gap_model(DAY, law=law)
    for offence in offences:
        model.criminalised(offence)
        for kind in OffenderKind:
            model.extradition(offence, kind)
    for measure in measures:
        model.treaty(measure)
    fast_b = best_of(5, lambda: what_if(model, changes))
    changed = apply_changes(law, changes)
    start = time.perf_counter()
    for measure in track(measures, description="(b) plain loop over routes()"):
        looped_routes(measure, DAY, codes, changed, rows=rows)
    for offence in track(offences, description="(b) plain loop over extradition()"):
        for kind in OffenderKind:
            looped_extradition(offence, kind, DAY, codes, changed, rows=rows)
    loop_b = (time.perf_counter() - start) * scale
    start = time.perf_counter()
    for offence in offences:  # one call per state: never sampled
        looped_criminalised(offence, DAY, codes, changed)
    loop_b += time.perf_counter() - start
    print(
        f"(b) what-if examples/what-if/{CHANGES.name} ({len(changes.changes)} changes): routes of every measure, "
        f"extradition of {len(offences)} offences x {len(OffenderKind)} kinds of offender, "
        "criminality, the index"
    )
    print(f"    plain loop on the changed dataset: {loop_b:10.3f} s{sampled}")
    print(
        f"    what_if, vectorised:               {fast_b:10.4f} s (best of 5); "
        f"target < 100 ms: {verdict(fast_b, 0.1)}"
    )
    print(f"    ratio: {loop_b / fast_b:,.0f}x")


if __name__ == "__main__":
    main()
