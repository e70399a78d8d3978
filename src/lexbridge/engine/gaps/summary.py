"""JSON-ready summaries: what ``lexbridge gaps --json`` prints and what the web page draws.

The shapes are stable and documented in docs/gaps.md ("JSON format"); a field is never renamed
or removed without a new ``format``. Matrices are lists of rows (requesting state) of cells
(requested state), -1 / 0 / 1 for no / unknown / yes, with ``null`` on the diagonal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np

from lexbridge.engine.gaps.cases import OffenderKind
from lexbridge.engine.gaps.counted import Counted
from lexbridge.engine.gaps.growth import GrowthPoint
from lexbridge.engine.gaps.index import HavenIndex, haven_index, status_shares
from lexbridge.engine.gaps.matrices import GapModel, gap_model, three_valued
from lexbridge.engine.gaps.whatif import ChangeSet, WhatIf, components, what_if
from lexbridge.law import LawDataset, Measure

SUMMARY_FORMAT = "lexbridge.gaps.summary/1"
REPORT_FORMAT = "lexbridge.gaps/1"
WHAT_IF_FORMAT = "lexbridge.gaps.what-if/1"
WHAT_IF_SUMMARY_FORMAT = "lexbridge.gaps.what-if-summary/1"
GROWTH_FORMAT = "lexbridge.gaps.growth/1"
WORD = {1: "yes", 0: "unknown", -1: "no"}


def matrix_json(matrix: np.ndarray) -> list[list[int | None]]:
    """Rows of cells, ``null`` on the diagonal."""
    rows: list[list[int | None]] = matrix.astype(int).tolist()
    for i, row in enumerate(rows):
        row[i] = None
    return rows


def counted_json(counted: Counted) -> dict[str, Any]:
    return {"count": len(counted), "description": counted.description, "codes": list(counted.codes)}


def _header(model: GapModel, fmt: str) -> dict[str, Any]:
    return {
        "format": fmt,
        "hypothetical": bool(model.hypothetical),
        "as_of": model.day.isoformat(),
        "dataset_version": model.law.version,
        "counted": counted_json(model.counted),
    }


def state_rows(index: HavenIndex, law: LawDataset) -> list[dict[str, Any]]:
    """Per counted state: its criminality and the shares of each component of the index."""
    parts = {
        "evidence": index.evidence_shares(),
        "extradition": index.extradition_shares(),
        "haven": index.haven_shares(),
    }
    return [
        {
            "state": code,
            "name": law.jurisdictions[code].name,
            "statutes_known": bool(index.statutes_known[i]),
            "criminalised": WORD[int(index.criminalised[i])],
            **{part: shares.at(i) for part, shares in parts.items()},
        }
        for i, code in enumerate(index.codes)
    ]


def offence_summary(
    model: GapModel,
    offence: str,
    measure: Measure | str,
    offender: OffenderKind | str,
    *,
    matrices: bool,
    ranked: bool = False,
) -> dict[str, Any]:
    """One offence: criminality over states, extradition per offender kind, the index per state."""
    index = haven_index(model, offence, measure, offender)
    rows = state_rows(index, model.law)
    if ranked:
        rows = [rows[i] for i in index.ranking()]
    found: dict[str, Any] = {
        "offence": offence,
        "measure": index.measure.value,
        "offender": index.offender.value,
        "decided_share": index.decided_shares(),
        "criminalised": status_shares(index.criminalised),
        "extradition": {
            kind.value: status_shares(model.extradition(offence, kind), refusable=True)
            for kind in OffenderKind
        },
        "states": rows,
    }
    if matrices:
        found["matrices"] = {
            "rows": "requesting",
            "columns": "requested",
            "evidence": matrix_json(index.evidence),
            "extradition": matrix_json(three_valued(index.extradition)),
            "haven": matrix_json(index.haven),
        }
    return found


def gap_summary(
    day: date,
    offence: str,
    measure: Measure | str = Measure.PRESERVATION,
    offender: OffenderKind | str = OffenderKind.NATIONAL_OF_REQUESTED,
    *,
    law: LawDataset | None = None,
    codes: Iterable[str] | None = None,
    model: GapModel | None = None,
) -> dict[str, Any]:
    """For the web page: per state the index components and decided shares, and the evidence,
    extradition and haven matrices (codes x codes of -1/0/1), for one day, offence and measure.

    Pass ``model`` (from :func:`gap_model`) to reuse vectors across calls on the same day."""
    model = model or gap_model(day, law=law, codes=codes)
    return {
        **_header(model, SUMMARY_FORMAT),
        **offence_summary(model, offence, measure, offender, matrices=True),
    }


def route_overview(model: GapModel) -> list[dict[str, Any]]:
    """Per measure: the share of pairs with a route other than comity, with any lawful route,
    and the recorded time limit of the best available route where there is one."""
    n = len(model.codes)
    off = ~np.eye(n, dtype=bool)
    found = []
    for measure in Measure:
        gaps = model.route_gaps(measure)
        hours = gaps.hours[off]
        timed = hours[~np.isnan(hours)]
        best = Counter(gaps.best[off].tolist())
        found.append(
            {
                "measure": measure.value,
                "treaty": status_shares(gaps.treaty),
                "lawful": status_shares(gaps.lawful),
                "timed_pairs": len(timed),
                "median_hours": float(np.median(timed)) if len(timed) else None,
                "best_routes": {
                    f"{gaps.offers[k][0]} {gaps.offers[k][1]}": count
                    for k, count in sorted(best.items())
                    if k >= 0
                },
            }
        )
    return found


def gaps_report(
    model: GapModel,
    offences: Iterable[str],
    measure: Measure | str,
    offender: OffenderKind | str,
    *,
    matrices: bool = False,
) -> dict[str, Any]:
    """``lexbridge gaps --json``: the routes of every measure and one summary per offence."""
    return {
        **_header(model, REPORT_FORMAT),
        "measure": Measure(measure).value,
        "offender": OffenderKind(offender).value,
        "routes": route_overview(model),
        "offences": [
            offence_summary(model, o, measure, offender, matrices=matrices, ranked=True)
            for o in offences
        ],
    }


def _changes(result: WhatIf) -> list[dict[str, Any]]:
    return [
        {"description": text, "on": on.isoformat(), "in_effect": in_effect}
        for text, on, in_effect in result.changes
    ]


def what_if_report(result: WhatIf, model: GapModel) -> dict[str, Any]:
    """``lexbridge gaps what-if --json``: every difference the hypothetical changes make."""
    return {
        **_header(model, WHAT_IF_FORMAT),
        "hypothetical": True,
        "title": result.title,
        "measure": result.measure.value,
        "offender": result.offender.value,
        "changes": _changes(result),
        "routes": [{"measure": m.value, **c.as_json()} for m, c in result.routes.items()],
        "extradition": [
            {"offence": offence, "offender": kind.value, **c.as_json()}
            for (offence, kind), c in result.extradition.items()
        ],
        "criminalised": [
            {"offence": o, "state": s, "before": WORD[b], "after": WORD[a]}
            for o, s, b, a in result.criminalised
        ],
        "index": [
            {
                "offence": s.offence,
                "state": s.state,
                "criminalised": {
                    "before": WORD[s.criminalised[0]],
                    "after": WORD[s.criminalised[1]],
                },
                "before": s.before,
                "after": s.after,
                "delta": s.delta,
            }
            for s in result.states
        ],
        "havens_closing": [
            {
                "offence": s.offence,
                "state": s.state,
                "haven_yes": {"before": s.before["haven"]["yes"], "after": s.after["haven"]["yes"]},
            }
            for s in result.havens_closing
        ],
    }


def what_if_summary(
    changes: ChangeSet,
    day: date,
    offence: str,
    measure: Measure | str = Measure.PRESERVATION,
    offender: OffenderKind | str = OffenderKind.NATIONAL_OF_REQUESTED,
    *,
    law: LawDataset | None = None,
    codes: Iterable[str] | None = None,
    model: GapModel | None = None,
) -> dict[str, Any]:
    """For the web page: the what-if difference in the shape of :func:`gap_summary`. Per state,
    each component holds ``before``, ``after`` and ``delta`` (after minus before); the matrices
    hold after minus before (-2..2), ``null`` on the diagonal."""
    model = model or gap_model(day, law=law, codes=codes)
    result = what_if(model, changes, offences=[offence], measure=measure, offender=offender)
    before, after = result.before[offence], result.after[offence]
    was, now = components(before), components(after)
    states = []
    for i, code in enumerate(model.codes):
        row: dict[str, Any] = {
            "state": code,
            "name": model.law.jurisdictions[code].name,
            "criminalised": {
                "before": WORD[int(before.criminalised[i])],
                "after": WORD[int(after.criminalised[i])],
            },
        }
        for part in was:
            old, new = was[part].at(i), now[part].at(i)
            row[part] = {
                "before": old,
                "after": new,
                "delta": {k: round(new[k] - v, 4) for k, v in old.items()},
            }
        states.append(row)
    decided_before, decided_after = before.decided_shares(), after.decided_shares()
    return {
        **_header(model, WHAT_IF_SUMMARY_FORMAT),
        "hypothetical": True,
        "changes": _changes(result),
        "offence": offence,
        "measure": result.measure.value,
        "offender": result.offender.value,
        "decided_share": {
            part: {"before": decided_before[part], "after": decided_after[part]}
            for part in decided_before
        },
        "states": states,
        "matrices": {
            "rows": "requesting",
            "columns": "requested",
            "evidence": matrix_json(after.evidence - before.evidence),
            "extradition": matrix_json(
                three_valued(after.extradition) - three_valued(before.extradition)
            ),
            "haven": matrix_json(after.haven - before.haven),
        },
    }


def growth_report(
    points: Iterable[GrowthPoint], measure: Measure | str, instrument: str | None, counted: Counted
) -> dict[str, Any]:
    """``lexbridge gaps growth --json``: ordered pairs with a route on each day."""
    return {
        "format": GROWTH_FORMAT,
        "measure": Measure(measure).value,
        "instrument": instrument,
        "counted": counted_json(counted),
        "points": [
            {
                "day": p.day.isoformat(),
                "yes": p.yes,
                "unknown": p.unknown,
                "no": p.no,
                "decided_share": p.decided_share,
            }
            for p in points
        ],
    }
