"""The admissibility report of one item, as HTML and PDF: the reliability checklist a foreign court
reads (integrity, an unbroken chain, authorised collection, tools and versions, time source,
cross-border transfers and their legal basis), the chain itself and a signed checkpoint."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from lexbridge.casework.models import Case, CooperationRequest, EvidenceItem, ExternalAuthorisation
from lexbridge.evidence.ledger import Ledger, verify_item

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    text: str


def checklist(ledger: Ledger, item: EvidenceItem, checkpoint: dict[str, Any]) -> list[Check]:
    verdict = verify_item(ledger, item, checkpoint)
    events = ledger.events(item)
    checks = [
        Check(
            "Integrity",
            "yes" if verdict.ok or "file" not in (verdict.problem or "") else "no",
            f"The stored file was hashed again: SHA-256 {item.sha256}."
            if verdict.ok
            else (verdict.problem or ""),
        ),
        Check(
            "Chain unbroken",
            "yes" if verdict.ok else "no",
            f"{len(events)} events, each chained to the previous one and signed by its unit's key; the head matches the checkpoint below."
            if verdict.ok
            else (verdict.problem or ""),
        ),
    ]
    checks.append(_authorisation(ledger, item))
    tools = sorted(
        {f"{e.tool} {e.tool_version or '(version not recorded)'}" for e in events if e.tool}
    )
    checks.append(
        Check(
            "Tools and versions",
            "yes" if tools and all(e.tool_version for e in events if e.tool) else "unknown",
            ", ".join(tools) if tools else "No tool is recorded for any event.",
        )
    )
    checks.append(
        Check(
            "Time source",
            "unknown",
            "Event times are the server's clock in UTC; no RFC 3161 time-stamping authority is configured, so the times rest on the server alone.",
        )
    )
    moves = [e for e in events if e.kind in ("transferred", "received")]
    basis = [json.loads(e.detail).get("legal_basis") for e in moves]
    checks.append(
        Check(
            "Cross-border transfers",
            "yes" if all(basis) else "unknown",
            "; ".join(
                f"{e.kind} ({e.authority}, {e.at[:10]}): {json.loads(e.detail).get('legal_basis') or 'legal basis not recorded'}"
                for e in moves
            )
            or "None: the item has stayed with the collecting unit.",
        )
    )
    return checks


def _authorisation(ledger: Ledger, item: EvidenceItem) -> Check:
    if item.request_id is not None:
        request = ledger.session.get(CooperationRequest, item.request_id)
        orders = (
            ledger.session.query(ExternalAuthorisation).filter_by(request_id=item.request_id).all()
        )
        if request is not None:
            text = f"Request {request.id}: {request.measure.replace('_', ' ')} under {request.instrument} {request.article}, status {request.status}."
            if orders:
                text += " " + "; ".join(
                    f"Order of {o.authority}, {o.decided_on}, ref. {o.reference}: {o.scope}"
                    for o in orders
                )
            return Check(
                "Collection authorised",
                "yes" if request.status not in ("draft", "awaiting_approval", "refused") else "no",
                text,
            )
    if item.authorisation:
        order = json.loads(item.authorisation)
        return Check(
            "Collection authorised",
            "yes",
            f"{order.get('kind')}: {order.get('authority')}, ref. {order.get('identifier')}.",
        )
    return Check("Collection authorised", "unknown", "No request or order is linked to this item.")


def render_html(ledger: Ledger, case: Case, item: EvidenceItem, checkpoint: dict[str, Any]) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    return environment.get_template("admissibility.html").render(
        case=case,
        item=item,
        checks=checklist(ledger, item, checkpoint),
        events=ledger.events(item),
        checkpoint=checkpoint,
        checkpoint_json=json.dumps(checkpoint, sort_keys=True),
        produced=datetime.now(UTC).isoformat(timespec="seconds"),
        version=version("lexbridge"),
    )


def render_pdf(html: str, target: Path) -> Path:
    """The report as PDF (WeasyPrint). Without the system's HarfBuzz-Subset library, fonts are
    embedded whole: WeasyPrint says so with a deprecation notice, which is not an error here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        from weasyprint import HTML

        HTML(string=html).write_pdf(target)
    return target
