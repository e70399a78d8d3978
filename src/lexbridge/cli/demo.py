"""``lexbridge demo``: the analysis of a bundled example case, on the bundled law dataset.

This is what ``make run`` shows until the web workspace exists.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel, ConfigDict, Field
from rich.panel import Panel
from rich.table import Table

from lexbridge.cli._output import console, print_json
from lexbridge.cli._render import status_text
from lexbridge.engine import (
    Conduct,
    DualCriminality,
    LawDates,
    Status,
    criminality,
    dual_criminality,
)
from lexbridge.law import default_dataset

EXAMPLE = Path(__file__).parent / "examples" / "ransomware.yaml"


class ExampleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    requesting: str = Field(alias="from")
    requested: str = Field(alias="to")
    instrument: str
    measure: str
    why: str


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    conduct_date: date
    offences: list[str]
    established: list[str] = []
    states: list[str]
    requests: list[ExampleRequest]


def _rule_summary(result: DualCriminality) -> str:
    if not result.required:
        return "not required"
    limits = [
        f"{side.state} ≥ {side.threshold_months} months"
        for side in (result.requesting, result.requested)
        if side.threshold_months is not None
    ]
    text = {
        "both": "both sides",
        "requesting": "requesting side",
        "requested": "requested side",
    }.get(result.sides, result.sides)
    return ", ".join([text, *limits]) + ("" if result.mandatory else "; optional refusal ground")


def demo(
    decision_date: Annotated[
        str | None, typer.Option(help="Date of the decisions, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then open the web workspace on the demo case.")
    ] = False,
    port: Annotated[int, typer.Option(help="Port of the workspace (with --serve).")] = 8000,
) -> None:
    """Analyse the bundled ransomware example: criminality per state, dual criminality per request;
    with ``--serve``, then serve the web workspace, opened on the demo case (``make run``)."""
    example = Example.model_validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    decided = date.fromisoformat(decision_date) if decision_date else date.today()
    law = default_dataset()
    conduct = Conduct.of(example.offences, established=example.established)
    dates = LawDates(conduct=example.conduct_date, decision=decided)
    per_state = [criminality(s, conduct, example.conduct_date, law=law) for s in example.states]
    per_request = [
        (
            r,
            dual_criminality(
                r.requesting, r.requested, conduct, r.instrument, r.measure, dates, law=law
            ),
        )
        for r in example.requests
    ]
    if as_json:
        print_json(
            {
                "title": example.title,
                "criminality": [c.model_dump(mode="json") for c in per_state],
                "dual_criminality": [d.model_dump(mode="json") for _, d in per_request],
            }
        )
        return
    console.print(
        Panel(
            f"[bold]{example.title}[/]\nConduct on {example.conduct_date}: {', '.join(example.offences)}\n"
            f"Facts: {', '.join(example.established)}\n"
            f"Law dataset {law.version}; decisions as of {decided}.",
            title="LexBridge demo",
            title_align="left",
        )
    )
    table = Table(
        "state",
        "crime?",
        "statutes that cover it",
        "max penalty",
        "why not yes",
        title="Is it a crime there?",
    )
    for c in per_state:
        covering = [a.citation.split(" (")[0] for a in c.statutes if a.status is Status.YES]
        missing = "; ".join(d.text for d in c.deciding_facts[:2]) or (
            c.reasons[-1].text if c.reasons and not covering else ""
        )
        penalty = (
            f"{c.max_penalty_months} months" if c.max_penalty_months else ("life" if c.life else "")
        )
        table.add_row(
            f"{law.jurisdictions[c.state].name} ({c.state})",
            status_text(c.status),
            "\n".join(covering),
            penalty,
            missing,
        )
    console.print(table)
    requests = Table(
        "request", "instrument", "binds both?", "rule", "dual criminality", title="Requests"
    )
    for r, d in per_request:
        requests.add_row(
            f"{r.requesting} → {r.requested}: {r.why}",
            f"{d.instrument} {d.article}",
            status_text(d.instrument_binds),
            _rule_summary(d),
            status_text(d.status),
        )
    console.print(requests)
    console.print(
        "Every answer above comes with its sources: ask one of them in full, for example\n"
        "  lexbridge check --between DE,GR --instrument eaw --measure extradition "
        "--conduct illegal_access --fact infringed_security_measure --as-of 2023-05-15\n"
        "Unknown means the dataset lacks an official source that decides it, never that it is legal."
    )
    case_id = _casework_demo()
    if serve:
        _serve_demo(case_id, port)


def _serve_demo(case_id: int, port: int) -> None:
    """The workspace on loopback, opened on the demo case (in a browser where there is a screen)."""
    import os
    import sys
    import webbrowser

    import uvicorn

    from lexbridge.casework.config import instance_dir
    from lexbridge.casework.db import make_engine, upgrade
    from lexbridge.web.app import create_web_app

    url = f"http://127.0.0.1:{port}/signin?next=/cases/{case_id}"
    console.print(
        Panel(
            f"The workspace: [bold]{url}[/]\nSign in as ermittler (investigator) or staatsanwalt "
            f"(prosecutor); the passwords are in {instance_dir() / 'demo-credentials.txt'}. "
            "Ctrl-C stops it.",
            title="Web workspace",
            title_align="left",
        )
    )
    if (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or sys.platform
        in {
            "darwin",
            "win32",
        }
    ):
        webbrowser.open(url)  # never a text browser in this terminal on a headless machine
    engine = make_engine()
    upgrade(engine)
    uvicorn.run(create_web_app(engine), host="127.0.0.1", port=port, log_level="warning")


def _casework_demo() -> int:
    """The casework demo: the database in the instance folder, seeded once; its pending request."""
    from lexbridge.casework.config import instance_dir
    from lexbridge.casework.db import make_engine, session_factory, upgrade
    from lexbridge.casework.deadlines import offer_for
    from lexbridge.casework.models import CooperationRequest
    from lexbridge.casework.seed import seed_demo

    engine = make_engine()
    try:
        upgrade(engine)
        seed = seed_demo(engine, default_dataset(), instance_dir())
        with session_factory(engine)() as session:
            request = session.get(CooperationRequest, seed.request_id)
    finally:
        engine.dispose()
    if request is None:
        return seed.case_id
    offer = offer_for(request, default_dataset())
    deadline = offer.deadline.text if offer and offer.deadline else "none recorded"
    console.print(
        Panel(
            f"Demo case {seed.case_id}: request {request.id}, {request.measure} from "
            f"{request.requesting_state} to {request.requested_state} under {request.instrument} "
            f"{request.article}, status [bold]{request.status}[/] (four-eyes approval pending).\n"
            f"Its deadline once sent: {deadline}\n"
            f"Serve the workspace and API with `lexbridge serve` (OpenAPI at /api/docs); the demo "
            f"users' passwords are in {seed.credentials} (readable by you only).",
            title="Casework",
            title_align="left",
        )
    )
    return seed.case_id
