"""Analysis of one case after the dataset is loaded: the target is under 50 ms.

Run: ``.venv/bin/python benchmarks/bench_analysis.py``. For each example case, the best of 20
runs of ``analyze``, and as the plain baseline measured in the same process, one ``criminality``
question (a single state, a single date): the ratio says how many such questions an analysis costs.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import yaml

from lexbridge.engine import Conduct, criminality
from lexbridge.engine.analysis import analyze
from lexbridge.engine.case import Case
from lexbridge.law import default_dataset

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TODAY = date(2026, 11, 27)


def best(run, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    start = time.perf_counter()
    law = default_dataset()
    print(f"dataset loaded in {time.perf_counter() - start:.2f} s (once per process)")
    single = best(lambda: criminality("DE", Conduct.of(["illegal_access"]), TODAY, law=law))
    print(f"baseline: one criminality question {single * 1000:.3f} ms")
    for path in sorted(EXAMPLES.glob("*.yaml")):
        case = Case.model_validate(yaml.safe_load(path.read_text()))
        took = best(lambda case=case: analyze(case, law=law, today=TODAY))
        verdict = "under" if took < 0.05 else "OVER"
        print(
            f"{path.name:22} {took * 1000:7.2f} ms ({verdict} the 50 ms target; {took / single:5.0f}x one criminality question)"
        )


if __name__ == "__main__":
    main()
