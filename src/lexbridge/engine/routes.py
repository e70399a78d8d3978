"""Cooperation routes: which instruments carry a measure from one state to another on a date.

A treaty route exists only when the instrument is in force for both sides on the date
(LEGAL-SEMANTICS §6): signed but not in force means not available, said as such; a party whose
tie rests on a secondary source leaves the route unknown. Letters rogatory by comity exist between
any two states and always come last. Options are ranked: available before unknown before not
available; then a route that binds the recipient before one whose force is not recorded before a
voluntary one; then evidence before intelligence; then a binding deadline before a target before
none; then the shorter deadline.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.reasons import LawQueryError, Reason, require_jurisdiction
from lexbridge.engine.status import Status, all_of
from lexbridge.law import LawDataset, default_dataset
from lexbridge.law.instruments import DeadlineKind, EvidenceKind, Instrument, MeasureOffer
from lexbridge.law.providers import Provider
from lexbridge.law.vocabulary import Measure

_DEADLINE_RANK = {DeadlineKind.BINDING: 0, DeadlineKind.TARGET: 1, DeadlineKind.NONE: 2}
_AVAILABLE_RANK = {Status.YES: 0, Status.UNKNOWN: 1, Status.NO: 2}
_BINDING_RANK = {True: 0, None: 1, False: 2}
_EVIDENCE_RANK = {EvidenceKind.EVIDENCE: 0, None: 1, EvidenceKind.INTELLIGENCE: 2}


class RouteDeadline(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str
    days: int | None
    hours: int | None
    text: str


class RouteOption(BaseModel):
    """One instrument that may carry the measure, with whether it is available on the date, and why."""

    model_config = ConfigDict(frozen=True)

    instrument: str
    title: str
    article: str
    available: Status
    comity: bool
    channel: str | None
    binding: bool | None
    evidence_kind: str | None
    deadline: RouteDeadline | None
    dual_criminality: str | None
    note: str | None
    reasons: tuple[Reason, ...]


def provider_state(provider: Provider, requesting: str, law: LawDataset) -> str | None:
    """Where a request to ``provider`` goes from ``requesting``: its EU establishment when the
    requesting state is an EU Member State taking part in the EIO, otherwise its home state."""
    eio = law.instruments.get("eio")
    eu = {p.state for p in eio.parties} if eio else set()
    if provider.eu_establishment and requesting in eu:
        return provider.eu_establishment.state
    return provider.home_state


def _hours(offer: MeasureOffer) -> float:
    deadline = offer.deadline
    if deadline is None or (deadline.days is None and deadline.hours is None):
        return float("inf")
    return (deadline.days or 0) * 24 + (deadline.hours or 0)


def _availability(
    instrument: Instrument, requesting: str, requested: str, day: date
) -> tuple[Status, list[Reason]]:
    if instrument.universal:
        return Status.YES, [
            Reason(
                text=f"{instrument.name} needs no treaty and exists between any two states.",
                source=instrument.source,
            )
        ]
    reasons: list[Reason] = []
    if instrument.not_in_force:
        return Status.NO, [
            Reason(
                text=f"{instrument.name} is not in force (signed but not in force means not available).",
                source=instrument.source,
            )
        ]
    sides = []
    for state in (requesting, requested):
        bound = instrument.binds(state, day)
        party = instrument.party(state)
        source = party.source if party else instrument.source
        if bound is True:
            reasons.append(
                Reason(text=f"{instrument.name} binds {state} on {day.isoformat()}.", source=source)
            )
        elif bound is False:
            reasons.append(
                Reason(
                    text=f"{instrument.name} does not bind {state} on {day.isoformat()}"
                    + ("" if party else " (not a party)")
                    + ".",
                    source=source,
                )
            )
        else:
            reasons.append(
                Reason(
                    text=f"Whether {instrument.name} binds {state} on {day.isoformat()} is unknown: the date it took effect for {state} is not recorded from an official source.",
                    source=source,
                )
            )
        sides.append(Status.of(bound))
    return all_of(sides), reasons


def routes(
    requesting: str,
    requested: str,
    measure: Measure | str,
    day: date,
    *,
    law: LawDataset | None = None,
) -> list[RouteOption]:
    """Every instrument of the dataset offering ``measure`` between the two states, ranked."""
    law = law or default_dataset()
    for code in (requesting, requested):
        require_jurisdiction(law.jurisdictions, code)
    try:
        wanted = Measure(measure)
    except ValueError:
        names = ", ".join(m.value for m in Measure)
        raise LawQueryError(f"unknown measure {measure!r}; known: {names}") from None
    if requesting == requested:
        return []  # a domestic measure: the requesting state's own procedure, no cooperation route
    found: list[tuple[tuple[int, int, int, int, int, float], RouteOption]] = []
    for instrument in law.instruments.values():
        for offer in instrument.offers(wanted):
            available, reasons = _availability(instrument, requesting, requested, day)
            reasons.append(
                Reason(
                    text=f"{instrument.name} {offer.article} provides for {wanted.value.replace('_', ' ')}.",
                    source=offer.source,
                )
            )
            rule = offer.dual_criminality
            deadline = offer.deadline
            option = RouteOption(
                instrument=instrument.id,
                title=instrument.name,
                article=offer.article,
                available=available,
                comity=instrument.universal,
                channel=offer.channel.value if offer.channel else None,
                binding=offer.binding,
                evidence_kind=offer.evidence.value if offer.evidence else None,
                deadline=RouteDeadline(
                    kind=deadline.kind.value,
                    days=deadline.days,
                    hours=deadline.hours,
                    text=deadline.text,
                )
                if deadline
                else None,
                dual_criminality=(
                    None
                    if rule is None
                    else ("required" if rule.required else "not required")
                    + (f": {rule.note}" if rule.note else "")
                ),
                note=offer.note,
                reasons=tuple(reasons),
            )
            rank = (
                int(instrument.universal),
                _AVAILABLE_RANK[available],
                _BINDING_RANK[offer.binding],
                _EVIDENCE_RANK[offer.evidence],
                _DEADLINE_RANK[deadline.kind] if deadline else 3,
                _hours(offer),
            )
            found.append((rank, option))
    found.sort(key=lambda pair: pair[0])
    return [option for _, option in found]
