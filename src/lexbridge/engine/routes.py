"""Cooperation routes: which instruments carry a measure from one state to another on a date.

A treaty route exists only when the instrument is in force for both sides on the date
(LEGAL-SEMANTICS §6): signed but not in force means not available, said as such; a party whose
tie rests on a secondary source leaves the route unknown. Letters rogatory by comity exist between
any two states and always come last. An emergency, as each instrument defines it, opens that
instrument's emergency paths and shorter time limits; it never removes an ordinary route. A
provider's own voluntary or emergency disclosure is a route too, whose product is intelligence.

Options are ranked: available before unknown before not available; then a route that binds the
recipient before one whose force is not recorded before a voluntary one; then evidence before
intelligence; then a binding deadline before a target before none; then the shorter deadline.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from lexbridge.engine.authorisation import AuthorisationNeed, required_authorisation
from lexbridge.engine.reasons import LawQueryError, Reason, require_jurisdiction
from lexbridge.engine.status import Status, all_of
from lexbridge.law import LawDataset, Source, default_dataset
from lexbridge.law.instruments import (
    Deadline,
    DeadlineKind,
    DualCriminalityRule,
    EmergencyGround,
    EvidenceKind,
    Instrument,
    MeasureOffer,
)
from lexbridge.law.providers import Disclosure, DisclosureBasis, Provider
from lexbridge.law.vocabulary import Measure

_DEADLINE_RANK = {DeadlineKind.BINDING: 0, DeadlineKind.TARGET: 1, DeadlineKind.NONE: 2}
_AVAILABLE_RANK = {Status.YES: 0, Status.UNKNOWN: 1, Status.NO: 2}
_BINDING_RANK = {True: 0, None: 1, False: 2}
_EVIDENCE_RANK = {EvidenceKind.EVIDENCE: 0, None: 1, EvidenceKind.INTELLIGENCE: 2}


class RouteDeadline(BaseModel):
    """A time limit of the route: its kind, figure, the event it runs from, and its source."""

    model_config = ConfigDict(frozen=True)

    kind: str
    days: int | None
    hours: int | None
    starts: str
    extension_days: int | None
    purpose: str
    text: str
    source: Source

    @classmethod
    def of(cls, deadline: Deadline) -> RouteDeadline:
        return cls(
            kind=deadline.kind.value,
            days=deadline.days,
            hours=deadline.hours,
            starts=deadline.starts.value,
            extension_days=deadline.extension_days,
            purpose=deadline.purpose.value,
            text=deadline.text,
            source=deadline.source,
        )


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
    later_deadlines: tuple[RouteDeadline, ...] = ()
    emergency: bool = False
    """This option is the instrument's (or provider's) emergency path."""
    dual_criminality: str | None
    conditions: tuple[str, ...] = ()
    authorisation: AuthorisationNeed | None = None
    provider: str | None = None
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


def _dual_criminality_words(rule: DualCriminalityRule | None) -> str | None:
    if rule is None:
        return None
    return ("required" if rule.required else "not required") + (
        f": {rule.note}" if rule.note else ""
    )


def _conditions(offer: MeasureOffer, authorisation: AuthorisationNeed | None) -> tuple[str, ...]:
    """The conditions of the route in a practitioner's words: dual criminality, penalty thresholds,
    list exemptions, who must order it."""
    found: list[str] = []
    rule = offer.dual_criminality
    if rule is not None and rule.required:
        sides = {
            "both": "both states",
            "requesting": "the requesting state",
            "requested": "the requested state",
        }
        found.append(
            f"dual criminality under the law of {sides[rule.sides]}"
            + ("" if rule.mandatory else " (an optional ground of refusal only)")
        )
        for side, months in (
            ("requesting", rule.threshold_months.requesting),
            ("requested", rule.threshold_months.requested),
        ):
            if months is not None:
                found.append(
                    f"the offence carries a maximum of at least {months} months in the {side} state"
                )
        if rule.list_exemption is not None:
            found.append("unless the offence is one of: " + ", ".join(rule.list_exemption.offences))
    elif rule is not None:
        found.append("no dual-criminality check")
    if authorisation is not None and authorisation.level is not None:
        found.append(f"ordered by at least: {authorisation.level.value.replace('_', ' ')}")
    return tuple(found)


def _emergency_path(
    instrument: Instrument, offer: MeasureOffer, grounds: frozenset[EmergencyGround]
) -> tuple[bool | None, Reason | None]:
    """Whether the offer's emergency path opens (None: unknown), and the reason either way."""
    if not grounds or not (offer.emergency_only or offer.emergency_deadline):
        return False, None
    definition = instrument.emergency
    assert definition is not None  # the instrument model requires one for emergency paths
    met = instrument.emergency_met(grounds)
    if met is None:
        return None, Reason(
            text=f"{instrument.name} has an emergency path, but its definition of an emergency ({definition.article}) is not in the dataset: whether this threat meets it is unknown, so its ordinary time limits are shown.",
            source=definition.source,
        )
    covered = ", ".join(g.value.replace("_", " ") for g in definition.grounds)
    if met:
        return True, Reason(
            text=f"The threat meets the definition of an emergency in {instrument.name} {definition.article} ({covered}): its emergency path applies.",
            source=definition.source,
        )
    return False, Reason(
        text=f"{instrument.name} {definition.article} defines an emergency as a threat to {covered} only: its ordinary path applies.",
        source=definition.source,
    )


def _provider_options(
    provider: Provider, measure: Measure, grounds: frozenset[EmergencyGround]
) -> list[RouteOption]:
    """The provider's own voluntary and emergency disclosure: direct, not binding, intelligence."""
    options = []
    for disclosure in provider.disclosure:
        if measure.value not in disclosure.data:
            continue
        emergency = disclosure.basis is DisclosureBasis.EMERGENCY
        if not (disclosure.basis is DisclosureBasis.VOLUNTARY or (emergency and grounds)):
            continue
        available = Status.YES if disclosure.source.tier.authoritative else Status.UNKNOWN
        kind = "emergency disclosure" if emergency else "voluntary disclosure"
        reasons = [
            Reason(
                text=f"{provider.name} may disclose {measure.value.replace('_', ' ')} directly ({kind}); what it discloses is intelligence until a formal route confirms it."
                + (
                    ""
                    if available is Status.YES
                    else " The basis rests on a secondary source, so whether it is open is unknown."
                ),
                source=disclosure.source,
            )
        ]
        options.append(
            RouteOption(
                instrument=f"{provider.id}:{disclosure.basis.value}",
                title=f"{provider.name}: {kind}",
                article=disclosure.source.pinpoint or "provider policy",
                available=available,
                comity=False,
                channel="provider_direct",
                binding=False,
                evidence_kind=EvidenceKind.INTELLIGENCE.value,
                deadline=None,
                emergency=emergency,
                dual_criminality=None,
                provider=provider.id,
                note=disclosure.conditions,
                reasons=tuple(reasons),
            )
        )
    return options


def _provider_reasons(
    provider: Provider | None, instrument: Instrument, measure: Measure
) -> list[Reason]:
    """What the provider's registry entry says about answering under this instrument."""
    if provider is None:
        return []
    found: list[Disclosure] = [
        d for d in provider.disclosure if d.instrument == instrument.id and measure.value in d.data
    ]
    return [
        Reason(text=f"{provider.name}: {d.conditions}", source=d.source)
        for d in found
        if d.conditions
    ]


def _rank(option: RouteOption, deadline: Deadline | None) -> tuple[int, int, int, int, int, float]:
    return (
        int(option.comity),
        _AVAILABLE_RANK[option.available],
        _BINDING_RANK[option.binding],
        _EVIDENCE_RANK[EvidenceKind(option.evidence_kind) if option.evidence_kind else None],
        _DEADLINE_RANK[deadline.kind] if deadline else 3,
        deadline.total_hours if deadline else float("inf"),
    )


def routes(
    requesting: str,
    requested: str,
    measure: Measure | str,
    day: date,
    *,
    emergency: frozenset[EmergencyGround] = frozenset(),
    provider: Provider | None = None,
    law: LawDataset | None = None,
) -> list[RouteOption]:
    """Every instrument of the dataset offering ``measure`` between the two states, ranked.

    ``emergency`` names what is threatened; each instrument's own definition decides whether its
    emergency path opens. ``provider``, when the data is held by one, adds its own disclosure
    routes and what its registry entry says under each instrument.
    """
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
            opens, emergency_reason = _emergency_path(instrument, offer, emergency)
            if offer.emergency_only and opens is False:
                continue
            available, reasons = _availability(instrument, requesting, requested, day)
            if offer.emergency_only and opens is None:
                available = all_of([available, Status.UNKNOWN])
            reasons.append(
                Reason(
                    text=f"{instrument.name} {offer.article} provides for {wanted.value.replace('_', ' ')}.",
                    source=offer.source,
                )
            )
            if emergency_reason:
                reasons.append(emergency_reason)
            reasons.extend(_provider_reasons(provider, instrument, wanted))
            deadline = (
                offer.emergency_deadline if opens and offer.emergency_deadline else offer.deadline
            )
            authorisation = required_authorisation(
                instrument.id,
                wanted,
                requesting,
                day,
                emergency=emergency,
                article=offer.article,
                law=law,
            )
            option = RouteOption(
                instrument=instrument.id,
                title=instrument.name,
                article=offer.article,
                available=available,
                comity=instrument.universal,
                channel=offer.channel.value if offer.channel else None,
                binding=offer.binding,
                evidence_kind=offer.evidence.value if offer.evidence else None,
                deadline=RouteDeadline.of(deadline) if deadline else None,
                later_deadlines=tuple(RouteDeadline.of(d) for d in offer.later_deadlines),
                emergency=opens is True,
                dual_criminality=_dual_criminality_words(offer.dual_criminality),
                conditions=_conditions(offer, authorisation),
                authorisation=authorisation,
                provider=provider.id if provider else None,
                note=offer.note,
                reasons=tuple(reasons),
            )
            found.append((_rank(option, deadline), option))
    if provider is not None:
        found.extend((_rank(o, None), o) for o in _provider_options(provider, wanted, emergency))
    found.sort(key=lambda pair: pair[0])
    return [option for _, option in found]
