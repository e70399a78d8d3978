"""Routes for every pair of jurisdictions for one measure: the matrix against a plain loop.

Run: ``.venv/bin/python benchmarks/bench_routes.py [MEASURE] [--sample N]``. The baseline is a
plain loop calling ``engine.routes.routes`` for every ordered pair of the dataset's jurisdictions
(about 62,000 calls), in the same process; the contender is ``engine.route_matrix.route_matrix``,
which gives the same availability and first-ranked route for every pair (tested in
``tests/engine/test_route_matrix.py``). ``--sample N`` times the loop on the first N states only
and scales it by the number of pairs, for a quick look.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from rich.progress import track

from lexbridge.engine.route_matrix import route_matrix
from lexbridge.engine.routes import routes
from lexbridge.law import default_dataset

DAY = date(2026, 11, 27)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("measure", nargs="?", default="subscriber_data")
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    law = default_dataset()
    codes = tuple(sorted(law.jurisdictions))
    looped = codes[: args.sample] if args.sample else codes
    pairs = len(codes) * (len(codes) - 1)

    start = time.perf_counter()
    for requesting in track(looped, description="plain loop over routes()"):
        for requested in codes:
            routes(requesting, requested, args.measure, DAY, law=law)
    loop = (time.perf_counter() - start) * len(codes) / len(looped)

    timings = []
    for _ in range(5):
        start = time.perf_counter()
        matrix = route_matrix(args.measure, DAY, law=law)
        matrix.best()
        timings.append(time.perf_counter() - start)
    fast = min(timings)
    scaled = " (scaled from a sample)" if args.sample else ""
    print(f"{len(codes)} jurisdictions, {pairs} ordered pairs, measure {args.measure}, {DAY}")
    print(f"plain loop over routes(): {loop:8.3f} s{scaled}")
    print(f"route_matrix + best():    {fast:8.4f} s (best of 5)")
    print(f"ratio: {loop / fast:,.0f}x")


if __name__ == "__main__":
    main()
