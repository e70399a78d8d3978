"""Cross-file checks that the typed models alone cannot make.

Each check returns problems naming file and field: unknown state codes, offences, element
facts, instruments or data categories, anchors missing from a provision's text, party dates
before a treaty's opening, and findings that contradict a statute in force.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date

from lexbridge.law._problems import Problem
from lexbridge.law.dataset import LawDataset
from lexbridge.law.national_rules import AnchoredRule
from lexbridge.law.offences import Catalogue
from lexbridge.law.vocabulary import FactKind, Measure


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    names = sorted(known)
    hint = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"unknown {kind} {value!r} (known: {hint})"


def check_catalogue(catalogue: Catalogue) -> Iterator[Problem]:
    rel = "offences.yaml"
    names = Counter(e.name for e in catalogue.elements)
    for name, count in names.items():
        if count > 1:
            yield Problem(rel, "elements", f"element fact {name!r} is defined {count} times")
    for i, element in enumerate(catalogue.elements):
        for j, negated in enumerate(element.negates):
            if negated not in names:
                yield Problem(
                    rel, f"elements[{i}].negates[{j}]", _unknown("element", negated, names)
                )
        if element.negates and element.kind is not FactKind.EXCULPATORY:
            yield Problem(rel, f"elements[{i}].negates", "only exculpatory facts negate others")
    for i, offence in enumerate(catalogue.offences):
        for fact in offence.mentioned_facts():
            if fact not in names:
                yield Problem(
                    rel, f"offences[{i}] ({offence.id})", _unknown("element", fact, names)
                )


def check_states(data: LawDataset) -> Iterator[Problem]:
    for code, law in data.states.items():
        rel = data.files[f"state:{code}"]
        if rel != f"states/{code}.yaml":
            yield Problem(rel, "state", f"{code!r} must be in states/{code}.yaml")
        if code not in data.jurisdictions:
            yield Problem(rel, "state", _unknown("state code", code, data.jurisdictions))
        ids = Counter(s.id for s in law.statutes)
        for i, statute in enumerate(law.statutes):
            at = f"statutes[{i}]"
            if ids[statute.id] > 1:
                yield Problem(rel, f"{at}.id", f"{statute.id!r} is used by more than one statute")
            for j, offence in enumerate(statute.offences):
                if offence not in data.offences:
                    yield Problem(
                        rel, f"{at}.offences[{j}]", _unknown("offence", offence, data.offences)
                    )
            for j, element in enumerate(statute.elements):
                for fact in element.facts:
                    if fact not in data.elements:
                        yield Problem(
                            rel, f"{at}.elements[{j}]", _unknown("element", fact, data.elements)
                        )
                if not statute.text.contains(element.anchor):
                    yield Problem(
                        rel,
                        f"{at}.elements[{j}].anchor",
                        f"{element.anchor!r} is not in the excerpt or its translation ({statute.id})",
                    )
            for j, penalty in enumerate(statute.penalties):
                for fact in penalty.when:
                    if fact not in data.elements:
                        yield Problem(
                            rel,
                            f"{at}.penalties[{j}].when",
                            _unknown("element", fact, data.elements),
                        )
        for i, finding in enumerate(law.findings):
            at = f"findings[{i}]"
            if finding.offence not in data.offences:
                yield Problem(
                    rel, f"{at}.offence", _unknown("offence", finding.offence, data.offences)
                )
                continue
            if finding.status == "not_covered":
                for statute in data.statutes_for(code, finding.offence):
                    if statute.since is None:
                        continue  # start unrecorded: the finding dates it, it does not contradict it
                    if _overlap(finding.since, finding.until, statute.since, statute.until):
                        yield Problem(
                            rel,
                            at,
                            f"says no provision covered {finding.offence} while {statute.id} "
                            "was in force for it",
                        )


def _overlap(
    a_since: date | None, a_until: date | None, b_since: date | None, b_until: date | None
) -> bool:
    starts_before_b_ends = a_since is None or b_until is None or a_since <= b_until
    b_starts_before_a_ends = b_since is None or a_until is None or b_since <= a_until
    return bool(starts_before_b_ends and b_starts_before_a_ends)


def check_instruments(data: LawDataset) -> Iterator[Problem]:
    for ident, instrument in data.instruments.items():
        rel = data.files[f"instrument:{ident}"]
        if rel != f"instruments/{ident}.yaml":
            yield Problem(rel, "id", f"{ident!r} must be in instruments/{ident}.yaml")
        if instrument.in_force and instrument.opened and instrument.in_force < instrument.opened:
            yield Problem(
                rel, "in_force", f"{instrument.in_force} is before opened ({instrument.opened})"
            )
        seen = Counter(p.state for p in instrument.parties)
        for i, party in enumerate(instrument.parties):
            at = f"parties[{i}]"
            if party.state not in data.jurisdictions:
                yield Problem(
                    rel, f"{at}.state", _unknown("state code", party.state, data.jurisdictions)
                )
            if seen[party.state] > 1:
                yield Problem(rel, f"{at}.state", f"{party.state} is listed more than once")
            for name in ("signed", "consent", "since"):
                day = getattr(party, name)
                if day is not None and instrument.opened and day < instrument.opened:
                    yield Problem(
                        rel,
                        f"{at}.{name}",
                        f"{day} is before the instrument was opened ({instrument.opened}) for {party.state}",
                    )
            if party.since and instrument.in_force and party.since < instrument.in_force:
                yield Problem(
                    rel,
                    f"{at}.since",
                    f"{party.since} is before the instrument entered into force ({instrument.in_force})",
                )
        for i, offer in enumerate(instrument.measures):
            rule = offer.dual_criminality
            if rule and rule.list_exemption:
                for j, offence in enumerate(rule.list_exemption.offences):
                    if offence not in data.offences:
                        yield Problem(
                            rel,
                            f"measures[{i}].dual_criminality.list_exemption.offences[{j}]",
                            _unknown("offence", offence, data.offences),
                        )


def _anchored(
    rel: str, at: str, rule: AnchoredRule, extra: Iterable[tuple[str, str]] = ()
) -> Iterator[Problem]:
    for where, anchor in [("anchor", rule.anchor), *extra]:
        if not rule.text.contains(anchor):
            yield Problem(
                rel,
                f"{at}.{where}",
                f"{anchor!r} is not in the excerpt or its translation ({rule.provision})",
            )


def check_national_rules(data: LawDataset) -> Iterator[Problem]:
    """Anchors in the text, and offences, instruments and measures that exist."""
    measures = {m.value for m in Measure}
    for code, law in data.states.items():
        rel = data.files[f"state:{code}"]
        for i, rule in enumerate(law.jurisdiction):
            at = f"jurisdiction[{i}]"
            yield from _anchored(
                rel,
                at,
                rule,
                ((f"conditions[{j}].anchor", c.anchor) for j, c in enumerate(rule.conditions)),
            )
            for j, offence in enumerate(rule.offences):
                if offence not in data.offences:
                    yield Problem(
                        rel, f"{at}.offences[{j}]", _unknown("offence", offence, data.offences)
                    )
        if law.extradition is not None:
            ex = law.extradition
            groups: list[tuple[str, tuple[AnchoredRule, ...]]] = [
                ("nationals", ex.nationals),
                ("treaty_basis", ex.treaty_basis),
                ("bars", ex.bars),
                ("prosecute_instead", ex.prosecute_instead),
            ]
            for name, rules in groups:
                for i, anchored in enumerate(rules):
                    yield from _anchored(rel, f"extradition.{name}[{i}]", anchored)
            for i, nationals in enumerate(ex.nationals):
                for j, scheme in enumerate(nationals.schemes):
                    if scheme not in data.instruments:
                        yield Problem(
                            rel,
                            f"extradition.nationals[{i}].schemes[{j}]",
                            _unknown("instrument", scheme, data.instruments),
                        )
        for i, limitation in enumerate(law.limitation):
            yield from _anchored(rel, f"limitation[{i}]", limitation)
        for i, contact in enumerate(law.contacts):
            if contact.instrument is not None and contact.instrument not in data.instruments:
                yield Problem(
                    rel,
                    f"contacts[{i}].instrument",
                    _unknown("instrument", contact.instrument, data.instruments),
                )
        for i, retention in enumerate(law.retention):
            for j, category in enumerate(retention.data):
                if category not in measures:
                    yield Problem(
                        rel,
                        f"retention[{i}].data[{j}]",
                        _unknown("data category", category, measures),
                    )


def check_providers(data: LawDataset) -> Iterator[Problem]:
    """Provider files: known states, instruments and data categories."""
    measures = {m.value for m in Measure}
    for ident, provider in data.providers.items():
        rel = data.files[f"provider:{ident}"]
        if rel != f"providers/{ident}.yaml":
            yield Problem(rel, "id", f"{ident!r} must be in providers/{ident}.yaml")
        states = [("home_state", provider.home_state)]
        if provider.eu_establishment:
            states.append(("eu_establishment.state", provider.eu_establishment.state))
        for where, code in states:
            if code is not None and code not in data.jurisdictions:
                yield Problem(rel, where, _unknown("state code", code, data.jurisdictions))
        entries = [("disclosure", d.data) for d in provider.disclosure] + [
            ("retention", r.data) for r in provider.retention
        ]
        counters = {"disclosure": 0, "retention": 0}
        for kind, categories in entries:
            i = counters[kind]
            counters[kind] += 1
            for j, category in enumerate(categories):
                if category not in measures:
                    yield Problem(
                        rel, f"{kind}[{i}].data[{j}]", _unknown("data category", category, measures)
                    )
        for i, disclosure in enumerate(provider.disclosure):
            if disclosure.instrument is not None and disclosure.instrument not in data.instruments:
                yield Problem(
                    rel,
                    f"disclosure[{i}].instrument",
                    _unknown("instrument", disclosure.instrument, data.instruments),
                )


def check_jurisdictions(data: LawDataset) -> Iterator[Problem]:
    for code, jurisdiction in data.jurisdictions.items():
        if jurisdiction.parent and jurisdiction.parent not in data.jurisdictions:
            yield Problem(
                "jurisdictions.yaml",
                code,
                _unknown("parent", jurisdiction.parent, data.jurisdictions),
            )


def cross_check(data: LawDataset, catalogue: Catalogue) -> list[Problem]:
    """Every cross-file problem of the dataset."""
    return [
        *check_catalogue(catalogue),
        *check_jurisdictions(data),
        *check_states(data),
        *check_national_rules(data),
        *check_instruments(data),
        *check_providers(data),
    ]
