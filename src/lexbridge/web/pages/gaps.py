"""Gap analysis for policy analysts: the safe-haven index as a world picture (a heat matrix of
every pair), the states ranked by it, and the difference a hypothetical reform would make.

The figures are :mod:`lexbridge.engine.gaps`'s, for the jurisdictions it counts (docs/gaps.md);
unknown is drawn and counted apart from no. A what-if is computed on a copy of the dataset and
shown as hypothetical; nothing is stored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from lexbridge.casework.errors import InvalidInputError
from lexbridge.engine.gaps import OffenderKind, gap_model, gap_summary, what_if_summary
from lexbridge.engine.gaps.whatif import ChangeSet
from lexbridge.engine.reasons import LawQueryError
from lexbridge.law import LawDataset, Measure
from lexbridge.web.inputs import optional_date
from lexbridge.web.render import page
from lexbridge.web.security import Csrf, WebCtx

router = APIRouter(include_in_schema=False)

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "what-if" / "budapest.yaml"
SCOPES = {
    "dataset": "states with law in the dataset",
    "all": "every jurisdiction of the dataset (250)",
}
Choice = Annotated[str, Query(max_length=40)]
CELL = {1: "#b42318", -1: "#1a7f37"}
"""Heat-matrix colours: a haven (yes) red, not a haven (no) green; unknown is the light
background, never a colour of its own."""
DELTA = {-1: "#1a7f37", -2: "#0b4f1f", 1: "#b42318", 2: "#6e1510"}
"""What-if colours: a pair that stops being a haven green, one that becomes one red."""


def _example_changes() -> str:
    try:
        return EXAMPLE.read_text(encoding="utf-8")
    except OSError:
        return "changes:\n  - ratify: {state: IE, instrument: budapest, on: 2026-07-01}\n"


def _question(
    law: LawDataset, today: date, on: str, offence: str, measure: str, offender: str, scope: str
) -> dict[str, Any]:
    """The page's question, checked: each bad value named (422)."""
    day = optional_date(on, "on") or today
    if offence not in law.offences:
        raise InvalidInputError("offence", f"unknown offence {offence!r}")
    if measure not in {m.value for m in Measure}:
        raise InvalidInputError("measure", f"unknown measure {measure!r}")
    if offender not in {k.value for k in OffenderKind}:
        raise InvalidInputError("offender", f"unknown kind of offender {offender!r}")
    if scope not in SCOPES:
        raise InvalidInputError("scope", f"unknown scope {scope!r}; use one of {', '.join(SCOPES)}")
    codes = tuple(sorted(law.states)) if scope == "dataset" else None
    return {
        "day": day,
        "offence": offence,
        "measure": measure,
        "offender": offender,
        "scope": scope,
        "codes": codes,
    }


def heat_svg(codes: list[str], matrix: list[list[int | None]], colours: dict[int, str]) -> str:
    """The matrix as an SVG picture: one square per pair (requesting row, requested column),
    coloured where the answer is decided; labelled by state code where they fit."""
    n = len(codes)
    cell = 4 if n <= 100 else 3
    margin = 26 if n <= 100 else 0
    size = margin + n * cell
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 2}" '
        f'height="{size * 2}" role="img" aria-labelledby="heat-title">',
        '<title id="heat-title">Rows: requesting state; columns: requested state</title>',
        f'<rect x="{margin}" y="{margin}" width="{n * cell}" height="{n * cell}" fill="#eef1f4"/>',
    ]
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                parts.append(
                    f'<rect x="{margin + j * cell}" y="{margin + i * cell}" width="{cell}" '
                    f'height="{cell}" fill="{colours[value]}"><title>{codes[i]} → {codes[j]}'
                    "</title></rect>"
                )
    if margin:
        for k, code in enumerate(codes):
            if k % 2 == 0:
                parts.append(
                    f'<text x="{margin - 2}" y="{margin + k * cell + cell}" font-size="4" '
                    f'text-anchor="end">{code}</text>'
                )
                parts.append(
                    f'<text x="{margin + k * cell + cell}" y="{margin - 2}" font-size="4" '
                    f'transform="rotate(-90 {margin + k * cell + cell} {margin - 2})">{code}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _choices(law: LawDataset) -> dict[str, Any]:
    return {
        "offences": list(law.offences),
        "measures": [m.value for m in Measure],
        "offenders": [k.value for k in OffenderKind],
        "scopes": SCOPES,
    }


@router.get("/gaps")
def gaps(
    request: Request,
    ctx: WebCtx,
    on: Choice = "",
    offence: Choice = "illegal_access",
    measure: Choice = "preservation",
    offender: Choice = "national_of_requested",
    scope: Choice = "dataset",
) -> Response:
    question = _question(ctx.law, ctx.day, on, offence, measure, offender, scope)
    summary = gap_summary(
        question["day"],
        offence,
        measure,
        offender,
        model=gap_model(question["day"], law=ctx.law, codes=question["codes"]),
    )
    codes = [row["state"] for row in summary["states"]]
    ranked = sorted(
        summary["states"], key=lambda r: (-r["haven"]["yes"], -r["haven"]["unknown"], r["state"])
    )
    context = {
        "user": ctx.user,
        "q": question,
        "summary": summary,
        "ranked": ranked,
        "heat": heat_svg(codes, summary["matrices"]["haven"], CELL),
        "changes": _example_changes(),
        **_choices(ctx.law),
    }
    return page(request, "gaps.html", context)


@router.post("/gaps/what-if", dependencies=[Csrf])
def what_if(
    request: Request,
    ctx: WebCtx,
    changes: Annotated[str, Form(max_length=20_000)],
    on: Annotated[str, Form(max_length=10)] = "",
    offence: Annotated[str, Form(max_length=40)] = "illegal_access",
    measure: Annotated[str, Form(max_length=40)] = "preservation",
    offender: Annotated[str, Form(max_length=40)] = "national_of_requested",
    scope: Annotated[str, Form(max_length=10)] = "dataset",
) -> Response:
    """The difference a set of hypothetical changes makes; nothing is stored or changed."""
    question = _question(ctx.law, ctx.day, on, offence, measure, offender, scope)
    try:
        change_set = ChangeSet.from_yaml(changes)
        change_set.check_against(ctx.law)
    except yaml.YAMLError as error:
        raise InvalidInputError("changes", f"not YAML: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInputError("changes", f"{where}: {first['msg']}") from None
    except (ValueError, LawQueryError) as error:
        raise InvalidInputError("changes", str(error)) from None
    model = gap_model(question["day"], law=ctx.law, codes=question["codes"])
    result = what_if_summary(change_set, question["day"], offence, measure, offender, model=model)
    codes = [row["state"] for row in result["states"]]
    moved = [
        row
        for row in result["states"]
        if row["haven"]["delta"] != dict.fromkeys(row["haven"]["delta"], 0)
    ]
    moved.sort(key=lambda r: (r["haven"]["delta"]["yes"], -r["haven"]["delta"]["no"], r["state"]))
    ctx.log("what_if", "gaps", changes=len(change_set.changes), offence=offence)
    context = {
        "user": ctx.user,
        "q": question,
        "result": result,
        "moved": moved,
        "heat": heat_svg(codes, result["matrices"]["haven"], DELTA),
        "changes": changes,
        **_choices(ctx.law),
    }
    return page(request, "gaps_what_if.html", context)
