"""Coverage of the dataset: what a user can expect an answer about."""

from __future__ import annotations

from datetime import date
from typing import Any

from lexbridge.law._base import Source
from lexbridge.law.dataset import LawDataset
from lexbridge.law.instruments import Instrument, InstrumentKind
from lexbridge.law.offences import Offence


def _sources(data: LawDataset) -> set[str]:
    urls: set[str] = set()
    for law in data.states.values():
        urls.update(s.source.url for s in law.statutes)
        urls.update(f.source.url for f in law.findings)
        if law.dual_criminality_date:
            urls.add(law.dual_criminality_date.source.url)
    for instrument in data.instruments.values():
        urls.add(instrument.source.url)
        urls.update(p.source.url for p in instrument.parties)
        for offer in instrument.measures:
            urls.add(offer.source.url)
            if offer.dual_criminality:
                urls.add(offer.dual_criminality.source.url)
            if offer.deadline:
                urls.add(offer.deadline.source.url)
    return urls


CORE_OFFENCES = ("illegal_access", "data_interference", "system_interference", "computer_fraud")
"""The four offences every state should have an answer for (issue 3's coverage measure)."""


def _state_sources(data: LawDataset) -> list[Source]:
    found: list[Source] = []
    for law in data.states.values():
        found.extend(s.source for s in law.statutes)
        found.extend(f.source for f in law.findings)
        found.extend(r.source for r in law.jurisdiction)
        found.extend(r.source for r in law.limitation)
        found.extend(c.source for c in law.contacts)
        found.extend(r.source for r in law.retention)
        found.extend(r.source for r in law.authorisation)
        if law.extradition:
            ex = law.extradition
            found.extend(
                r.source for r in (*ex.nationals, *ex.treaty_basis, *ex.bars, *ex.prosecute_instead)
            )
        if law.dual_criminality_date:
            found.append(law.dual_criminality_date.source)
    return found


def field_coverage(data: LawDataset) -> dict[str, list[str]]:
    """For each kind of national fact, the states that have at least one."""
    kinds: dict[str, list[str]] = {
        "statutes_all_core_offences": [],
        "jurisdiction": [],
        "extradition": [],
        "limitation": [],
        "contacts": [],
        "retention": [],
        "authorisation": [],
        "dual_criminality_date": [],
        "treaties_with_us": [],
        "treaties_with_gb": [],
        "regional_schemes": [],
    }
    links = treaty_links(data)
    for code, law in sorted(data.states.items()):
        if all(data.statutes_for(code, o) for o in CORE_OFFENCES):
            kinds["statutes_all_core_offences"].append(code)
        ex = law.extradition
        for name, present in (
            ("jurisdiction", law.jurisdiction),
            ("extradition", ex and (ex.nationals or ex.treaty_basis or ex.bars)),
            ("limitation", law.limitation),
            ("contacts", law.contacts),
            ("retention", law.retention),
            ("authorisation", law.authorisation),
            ("dual_criminality_date", law.dual_criminality_date),
            ("treaties_with_us", links[code]["US"]),
            ("treaties_with_gb", links[code]["GB"]),
            ("regional_schemes", links[code]["regional"]),
        ):
            if present:
                kinds[name].append(code)
    return kinds


def is_bilateral(instrument: Instrument) -> bool:
    """A treaty between exactly two states (executive agreements such as CLOUD Act agreements are
    not extradition or MLA treaties)."""
    return (
        instrument.kind is InstrumentKind.TREATY and len({p.state for p in instrument.parties}) == 2
    )


def treaty_links(data: LawDataset) -> dict[str, dict[str, list[str]]]:
    """Per state file: its bilateral treaties with the United States and the United Kingdom, and
    the multilateral schemes that list it as a party (issue 3, item 4)."""
    links: dict[str, dict[str, list[str]]] = {
        code: {"US": [], "GB": [], "regional": []} for code in data.states
    }
    for ident, instrument in sorted(data.instruments.items()):
        states = {p.state for p in instrument.parties}
        if is_bilateral(instrument):
            for code in states & set(links):
                for partner in ("US", "GB"):
                    if partner in states - {code}:
                        links[code][partner].append(ident)
        elif not instrument.universal:
            for code in states & set(links):
                links[code]["regional"].append(ident)
    return links


def _force(instrument: Instrument) -> str:
    if instrument.universal:
        return "no treaty needed"
    if instrument.not_in_force:
        return "not in force"
    return instrument.in_force.isoformat() if instrument.in_force else "date not recorded"


def _official_share(data: LawDataset) -> float:
    """Share of the national facts whose source is official or a treaty office."""
    sources = _state_sources(data)
    return (
        round(sum(1 for s in sources if s.tier.authoritative) / len(sources), 3) if sources else 0.0
    )


def coverage(data: LawDataset, today: date) -> dict[str, Any]:
    """Figures for ``lexbridge law stats``: states, facts, sources, instrument parties."""
    offences: dict[str, Offence] = data.offences
    per_offence = {
        oid: sorted(
            code
            for code in data.states
            if data.statutes_for(code, oid)
            or any(f.offence == oid for f in data.states[code].findings)
        )
        for oid in offences
    }
    statutes = sum(len(law.statutes) for law in data.states.values())
    findings = sum(len(law.findings) for law in data.states.values())
    parties = sum(len(i.parties) for i in data.instruments.values())
    return {
        "dataset_version": data.version,
        "jurisdictions": len(data.jurisdictions),
        "element_facts": len(data.elements),
        "offences": len(offences),
        "states_with_statutes": sorted(c for c, law in data.states.items() if law.statutes),
        "statutes": statutes,
        "findings": findings,
        "facts": statutes
        + findings
        + parties
        + sum(len(i.measures) for i in data.instruments.values()),
        "sources": len(_sources(data)),
        "states_per_offence": {oid: len(codes) for oid, codes in per_offence.items() if codes},
        "state_files": len(data.states),
        "providers": len(data.providers),
        "states_per_field": field_coverage(data),
        "treaty_links": treaty_links(data),
        "official_share": _official_share(data),
        "instruments": {
            ident: {
                "title": inst.name,
                "in_force": _force(inst),
                "parties_listed": len(inst.parties),
                "parties_in_force_today": sum(
                    1 for p in inst.parties if inst.binds(p.state, today)
                ),
                "parties_without_known_date": sum(
                    1 for p in inst.parties if inst.binds(p.state, today) is None
                ),
                "measures": len(inst.measures),
            }
            for ident, inst in sorted(data.instruments.items())
        },
    }
