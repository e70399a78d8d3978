"""The law browser: what the dataset holds for each state and each instrument, with its sources.

Read-only pages over :class:`lexbridge.law.LawDataset`; any signed-in user may read the law. What
the dataset does not hold is said to be unknown, never "none" (ARCHITECTURE principle 2): a state
without statutes in the dataset is not a state without statutes.

The law is public and no case data is read here, so these pages write nothing to the audit log.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lexbridge.casework.errors import NotFoundError
from lexbridge.engine.dual_criminality import describe_rule
from lexbridge.law import Instrument, LawDataset, Party, StateLaw
from lexbridge.law.instruments import Deadline
from lexbridge.law.national_rules import RetentionRule
from lexbridge.law.stats import CORE_OFFENCES
from lexbridge.web.inputs import optional_date
from lexbridge.web.render import page
from lexbridge.web.security import WebCtx

router = APIRouter(include_in_schema=False)

SHOW = ("all", "held", "missing")
"""Which jurisdictions the index lists; an unknown value lists all (a hand-edited URL is no error)."""
Word = Annotated[str, Query(max_length=20)]

TIERS = {
    "official": "official source",
    "treaty_office": "treaty office",
    "secondary": "secondary source: informs, cannot decide yes or no",
}
SORT_LABELS: dict[str, str] = {
    "state": "State",
    "signed": "Signed",
    "consent": "Ratification, accession or approval",
    "since": "In force for it from",
}


def _fold(text: str) -> str:
    """Case- and accent-insensitive form for search: "Côte" finds "cote"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _name(law: LawDataset, code: str) -> str:
    found = law.jurisdictions.get(code)
    return found.name if found else code


# The index ---------------------------------------------------------------------------------------


@dataclass
class OffenceCell:
    statutes: int
    not_covered: bool


@dataclass
class CoverageRow:
    """One line of the index: what the dataset holds for a jurisdiction."""

    code: str
    name: str
    kind: str
    parent: str | None
    held: bool
    offences: list[OffenceCell] = field(default_factory=list)
    jurisdiction: int = 0
    extradition: str | None = None
    contacts: list[str] = field(default_factory=list)
    retention: str | None = None


def _retention_summary(rules: tuple[RetentionRule, ...], day: date) -> str | None:
    if not rules:
        return None
    current = [r for r in rules if r.in_force_on(day) is True]
    if not current:
        return "recorded, but not for today: see the page"
    parts = []
    for rule in current:
        words = rule.status.value
        if rule.period_months is not None:
            words += f", {rule.period_months} months"
        parts.append(words)
    return "; ".join(dict.fromkeys(parts))


def _extradition_summary(state: StateLaw, day: date) -> str | None:
    ex = state.extradition
    if ex is None or not (ex.nationals or ex.treaty_basis or ex.bars):
        return None
    parts = []
    nationals = [n for n in ex.nationals if n.in_force_on(day) is not False]
    if nationals:
        rules = ", ".join(dict.fromkeys(n.rule.value.replace("_", " ") for n in nationals))
        parts.append(f"nationals: {rules}")
    if ex.bars:
        parts.append(f"{len(ex.bars)} {'bar' if len(ex.bars) == 1 else 'bars'} to refusal")
    if ex.treaty_basis:
        parts.append("treaty basis")
    return "; ".join(parts)


def coverage_row(law: LawDataset, code: str, day: date) -> CoverageRow:
    where = law.jurisdictions[code]
    state = law.states.get(code)
    row = CoverageRow(
        code=code,
        name=where.name,
        kind=where.kind.value,
        parent=where.parent,
        held=state is not None and _holds_anything(state),
    )
    for offence in CORE_OFFENCES:
        findings = state.findings if state else ()
        row.offences.append(
            OffenceCell(
                statutes=len(law.statutes_for(code, offence)),
                not_covered=any(
                    f.offence == offence and f.status.value == "not_covered" for f in findings
                ),
            )
        )
    if state is not None:
        row.jurisdiction = len(state.jurisdiction)
        row.extradition = _extradition_summary(state, day)
        row.contacts = list(dict.fromkeys(_role(c.role.value) for c in state.contacts))
        row.retention = _retention_summary(state.retention, day)
    return row


def _holds_anything(state: StateLaw) -> bool:
    ex = state.extradition
    return bool(
        state.statutes
        or state.findings
        or state.jurisdiction
        or (ex and (ex.nationals or ex.treaty_basis or ex.bars or ex.prosecute_instead))
        or state.limitation
        or state.contacts
        or state.retention
        or state.authorisation
        or state.dual_criminality_date
    )


def _role(role: str) -> str:
    return {
        "central_authority": "central authority",
        "point_of_contact_24_7": "24/7 point of contact",
        "eaw_authority": "EAW authority",
    }.get(role, role.replace("_", " "))


def _rank(query: str, code: str, name: str) -> int | None:
    """How well a jurisdiction matches the search: its code first, then names that start with
    the words typed, then names that contain them; None when it does not match."""
    needle = _fold(query.strip())
    folded = _fold(name)
    if not needle:
        return 0
    if needle == code.casefold():
        return 0
    if folded.startswith(needle):
        return 1
    if needle in folded:
        return 2
    return None


@router.get("/law")
def index(
    request: Request,
    ctx: WebCtx,
    q: Annotated[str, Query(max_length=100)] = "",
    show: Word = "all",
) -> Response:
    """Every jurisdiction with what the dataset holds for it, and every instrument."""
    law = ctx.law
    ranked = sorted(
        (rank, _fold(where.name), code)
        for code, where in law.jurisdictions.items()
        if (rank := _rank(q, code, where.name)) is not None
    )
    rows = [coverage_row(law, code, ctx.day) for _, _, code in ranked]
    held_total = sum(1 for s in law.states.values() if _holds_anything(s))
    show = show if show in SHOW else "all"
    if show == "held":
        rows = [r for r in rows if r.held]
    elif show == "missing":
        rows = [r for r in rows if not r.held]
    instruments = sorted(law.instruments.values(), key=lambda i: _fold(i.name))
    context: dict[str, Any] = {
        "user": ctx.user,
        "q": q,
        "show": show,
        "rows": rows,
        "core": [law.offences[o] for o in CORE_OFFENCES if o in law.offences],
        "total": len(law.jurisdictions),
        "held_total": held_total,
        "instruments": instruments,
        "version": law.version,
        "today": ctx.day,
        "force": _instrument_force,
    }
    return page(request, "law.html", context)


def _instrument_force(instrument: Instrument) -> str:
    if instrument.universal:
        return "no treaty needed"
    if instrument.not_in_force:
        return "not in force"
    if instrument.in_force:
        return f"in force since {instrument.in_force.isoformat()}"
    return "date of entry into force not in the dataset: unknown"


# A state ----------------------------------------------------------------------------------------


@dataclass
class TreatyTie:
    instrument: Instrument
    party: Party | None
    bound: bool | None
    why: str


def _tie(instrument: Instrument, code: str, day: date) -> TreatyTie:
    """Whether ``instrument`` binds ``code`` on ``day``, with the reason in words."""
    party = instrument.party(code)
    bound = instrument.binds(code, day)
    if instrument.universal:
        why = "available between any two states, without a treaty"
    elif instrument.not_in_force:
        why = "the instrument is not in force"
    elif instrument.in_force is not None and day < instrument.in_force:
        why = f"the instrument entered into force only on {instrument.in_force}"
    elif party is None:
        scope = instrument.members_only
        if scope and code not in scope.ever_members:
            why = f"only members of the {scope.organisation} can be bound, and it never was one"
        elif bound is False:
            why = f"not listed, and the list of parties is complete up to {instrument.parties_complete_on}"
        else:
            why = "not listed as a party, and the list of parties is not known to be complete"
    elif party.until is not None and day > party.until:
        why = f"it ceased to be bound after {party.until}"
    elif party.since is not None:
        why = (
            f"in force for it from {party.since}"
            if party.since <= day
            else f"in force for it only from {party.since}"
        )
    elif party.signed is not None and party.consent is None:
        why = "signed, not ratified: a signatory is not bound"
    else:
        why = "a party, but the date it took effect for it is not in the dataset"
    if party is not None and bound is None and not party.source.tier.authoritative:
        why += "; the source is secondary, so it cannot decide"
    return TreatyTie(instrument, party, bound, why)


@router.get("/law/states/{code}")
def state_page(
    request: Request,
    code: str,
    ctx: WebCtx,
    on: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """One jurisdiction: its statutes, findings, national rules, treaties and providers."""
    law = ctx.law
    key = code.strip().upper()
    where = law.jurisdictions.get(key)
    if where is None or len(key) != 2:
        raise NotFoundError(
            f"There is no jurisdiction with the code {code!r}: use an ISO 3166-1 alpha-2 code,"
            " such as DE or FR (the law index lists them all)."
        )
    day = optional_date(on, "on") or ctx.day
    state = law.states.get(key)
    ties = [
        _tie(i, key, day) for i in sorted(law.instruments.values(), key=lambda i: _fold(i.name))
    ]
    offences = []
    for offence in law.offences.values():
        statutes = law.statutes_for(key, offence.id)
        findings = [f for f in (state.findings if state else ()) if f.offence == offence.id]
        offences.append((offence, statutes, findings))
    context: dict[str, Any] = {
        "user": ctx.user,
        "code": key,
        "where": where,
        "parent_name": _name(law, where.parent) if where.parent else None,
        "state": state,
        "offences": offences,
        "statutes_on": {s.id: s.in_force_on(day) for s in (state.statutes if state else ())},
        "ties": [t for t in ties if t.party is not None],
        "other_ties": [t for t in ties if t.party is None],
        "providers": sorted(
            (p for p in law.providers.values() if p.home_state == key), key=lambda p: p.name
        ),
        "established": sorted(
            (
                p
                for p in law.providers.values()
                if p.eu_establishment and p.eu_establishment.state == key
            ),
            key=lambda p: p.name,
        ),
        "day": day,
        "today": ctx.day,
        "law": law,
        "tiers": TIERS,
        "role": _role,
        "name_of": lambda c: _name(law, c),
    }
    return page(request, "law_state.html", context)


# An instrument ----------------------------------------------------------------------------------


def _sort_value(party: Party, key: str, law: LawDataset) -> tuple[int, str]:
    if key == "state":
        return (0, _fold(_name(law, party.state)))
    value = getattr(party, key)
    return (0, value.isoformat()) if value is not None else (1, "")


def describe_deadline(deadline: Deadline) -> str:
    """ "60 days from receipt (binding time limit, for preservation), extendable by 30 days"."""
    if deadline.kind.value == "none":
        return "no time limit (the instrument sets none)"
    figure = " ".join(
        part
        for part in (
            f"{deadline.days} days" if deadline.days is not None else "",
            f"{deadline.hours} hours" if deadline.hours is not None else "",
        )
        if part
    )
    kind = "binding time limit" if deadline.kind.value == "binding" else "target, not binding"
    words = f"{figure} from {deadline.starts.value} ({kind}; for {deadline.purpose.value})"
    if deadline.extension_days is not None:
        words += f", extendable by up to {deadline.extension_days} days"
    return words


@router.get("/law/instruments/{instrument_id}")
def instrument_page(
    request: Request,
    instrument_id: str,
    ctx: WebCtx,
    sort: Word = "state",
    order: Word = "asc",
    on: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """One instrument: its parties with their dates, the measures it offers and its sources."""
    law = ctx.law
    instrument = law.instruments.get(instrument_id.strip().lower())
    if instrument is None:
        raise NotFoundError(
            f"There is no instrument {instrument_id!r} in the dataset; known: "
            + ", ".join(sorted(law.instruments))
        )
    sort = sort if sort in SORT_LABELS else "state"
    order = "desc" if order == "desc" else "asc"
    day = optional_date(on, "on") or ctx.day
    parties = sorted(
        instrument.parties,
        key=lambda p: (*_sort_value(p, sort, law), _fold(_name(law, p.state))),
    )
    if order == "desc":
        dated = [p for p in parties if _sort_value(p, sort, law)[0] == 0]
        parties = dated[::-1] + [p for p in parties if _sort_value(p, sort, law)[0] == 1]
    columns = [
        {
            "key": key,
            "label": label,
            "active": key == sort,
            "order": order if key == sort else None,
            "next": "desc" if key == sort and order == "asc" else "asc",
        }
        for key, label in SORT_LABELS.items()
    ]
    context: dict[str, Any] = {
        "user": ctx.user,
        "i": instrument,
        "parties": [(p, _tie(instrument, p.state, day)) for p in parties],
        "columns": columns,
        "sort": sort,
        "order": order,
        "force": _instrument_force(instrument),
        "members": [
            (c, _name(law, c))
            for c in (instrument.members_only.ever_members if instrument.members_only else ())
        ],
        "unlisted_members": [
            c
            for c in (instrument.members_only.ever_members if instrument.members_only else ())
            if instrument.party(c) is None
        ],
        "day": day,
        "today": ctx.day,
        "on_param": on or "",
        "law": law,
        "tiers": TIERS,
        "name_of": lambda c: _name(law, c),
        "deadline": describe_deadline,
        "dual": describe_rule,
    }
    return page(request, "law_instrument.html", context)
