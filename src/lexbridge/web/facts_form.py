"""The case-facts form: HTML fields to the case format and back, with every error at its field.

Fields are named ``section-row-field`` (``offenders-0-nationality``); a row left blank is dropped.
An element fact of an offence is established (``yes``), negated (``no``) or not known (blank):
the three values of the engine, never a checkbox that would turn "not known" into "no".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from lexbridge.engine.analysis import check_codes
from lexbridge.engine.case import Anonymity, Case, SystemRole, VictimKind
from lexbridge.law import LawDataset, Measure
from lexbridge.law.offences import AnyOf, Offence

ROWS: dict[str, tuple[str, ...]] = {
    "offenders": (
        "id",
        "name",
        "nationality",
        "acted_from",
        "resides_in",
        "located_in",
        "consents_to_extradition",
    ),
    "victims": ("harm_in", "nationality_or_seat", "kind", "name"),
    "systems": ("role", "state", "provider"),
    "data_needed": (
        "measure",
        "held_by_provider",
        "held_in",
        "data_date",
        "threat_to_life",
        "threat_to_physical_integrity",
        "threat_to_critical_infrastructure",
    ),
    "proceeds": ("state", "holder", "amount"),
}
CODE_LISTS = {"nationality", "acted_from"}
CODES = {"resides_in", "located_in", "harm_in", "nationality_or_seat", "state", "held_in"}
TRISTATE = {
    "consents_to_extradition",
    "threat_to_life",
    "threat_to_physical_integrity",
    "threat_to_critical_infrastructure",
}
URGENCY = ("threat_to_life", "threat_to_physical_integrity", "threat_to_critical_infrastructure")
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": tuple(k.value for k in VictimKind),
    "role": tuple(r.value for r in SystemRole),
    "measure": tuple(m.value for m in Measure),
    "anonymity": tuple(a.value for a in Anonymity),
}
_FIELD = re.compile(r"^(conduct|offenders|victims|systems|data_needed|proceeds)-(\d{1,3})-(.+)$")
MAX_ROWS = 50


@dataclass
class FactsForm:
    """What the user typed (to show it again) and the case-format dict built from it."""

    title: str = ""
    values: dict[str, str] = field(default_factory=dict)
    """Every field as typed, by name."""
    rows: dict[str, int] = field(default_factory=dict)
    """How many rows of each section to show (the filled ones and one blank)."""
    facts: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    """Error message by field name (``""`` for the form as a whole)."""

    @property
    def valid(self) -> bool:
        return not self.errors


def facts_of(offence: Offence) -> list[tuple[str, bool]]:
    """The element facts a user can establish for ``offence``: its core ones (each alternative of
    an "any of" among them), then its optional qualifiers; ``True`` marks a core fact."""
    found: list[tuple[str, bool]] = []
    for item in offence.core:
        names = item.any_of if isinstance(item, AnyOf) else (item,)
        found.extend((name, True) for name in names)
    found.extend((name, False) for name in offence.optional if isinstance(name, str))
    first = dict(reversed(found))
    return [(name, first[name]) for name in dict.fromkeys(name for name, _ in found)]


def _codes(text: str) -> list[str]:
    return [c.upper() for c in re.split(r"[\s,;]+", text.strip()) if c]


def _tristate(text: str) -> bool | None:
    return {"yes": True, "no": False}.get(text)


def _row(section: str, values: Mapping[str, str]) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    for name in ROWS[section]:
        text = values.get(name, "").strip()
        if not text:
            continue
        if name in CODE_LISTS:
            row[name] = _codes(text)
        elif name in CODES:
            row[name] = text.upper()
        elif name in TRISTATE:
            value = _tristate(text)
            if value is not None:
                row[name] = value
        else:
            row[name] = text
    if not row:
        return None
    if section == "data_needed":
        urgency = {k: row.pop(k) for k in URGENCY if k in row}
        if urgency:
            row["urgency"] = urgency
    return row


def from_fields(fields: Mapping[str, str], law: LawDataset, add: str | None = None) -> FactsForm:
    """Read the posted form into the case format and check it, naming each bad field."""
    form = FactsForm(title=fields.get("title", "").strip())
    form.values = {k: v for k, v in fields.items() if k != "csrf"}
    grouped: dict[str, dict[int, dict[str, str]]] = {}
    for name, value in fields.items():
        match = _FIELD.match(name)
        if match:
            section, index, key = match.group(1), int(match.group(2)), match.group(3)
            if index < MAX_ROWS:
                grouped.setdefault(section, {}).setdefault(index, {})[key] = value
    facts: dict[str, Any] = {"title": form.title or "untitled"}
    start, end = fields.get("conduct_start", "").strip(), fields.get("conduct_end", "").strip()
    if start and end and end != start:
        facts["conduct_period"] = {"start": start, "end": end}
    elif start or end:
        facts["conduct_date"] = start or end
    for key in ("forum", "decision_date"):
        text = fields.get(key, "").strip()
        if text:
            facts[key] = text.upper() if key == "forum" else text
    conduct = []
    for index in sorted(grouped.get("conduct", {})):
        row = grouped["conduct"][index]
        offence = row.get("offence", "").strip()
        if not offence:
            continue
        item: dict[str, Any] = {"offence": offence}
        yes = [k[5:] for k, v in row.items() if k.startswith("fact-") and v == "yes"]
        no = [k[5:] for k, v in row.items() if k.startswith("fact-") and v == "no"]
        if yes:
            item["facts"] = sorted(yes)
        if no:
            item["not_facts"] = sorted(no)
        conduct.append(item)
    facts["conduct"] = conduct
    for section in ROWS:
        built = [
            _row(section, grouped.get(section, {}).get(i, {}))
            for i in sorted(grouped.get(section, {}))
        ]
        kept = [r for r in built if r is not None]
        if kept:
            facts[section] = kept
    anonymity = [a for a in CHOICES["anonymity"] if fields.get(f"anonymity-{a}") == "on"]
    if anonymity:
        facts["anonymity"] = anonymity
    form.facts = facts
    form.rows = {
        section: len(facts.get(section, [])) + 1 + (1 if add == section else 0)
        for section in (*ROWS, "conduct")
    }
    form.errors = check(facts, law)
    if not form.title:
        form.errors["title"] = "give the case a title"
    return form


def _name(loc: tuple[Any, ...]) -> str:
    """A pydantic location to the form field it came from."""
    parts = [p for p in loc if p != ""]
    if not parts:
        return ""
    head = str(parts[0])
    if head in {"conduct_period", "conduct_date"}:
        return "conduct_start"
    if head == "conduct" and len(parts) >= 3 and parts[2] in {"facts", "not_facts"}:
        return f"conduct-{parts[1]}-offence"
    if head == "data_needed" and len(parts) >= 4 and parts[2] == "urgency":
        return f"data_needed-{parts[1]}-{parts[3]}"
    if head in {*ROWS, "conduct"} and len(parts) >= 3:
        return f"{head}-{parts[1]}-{parts[2]}"
    if head in {*ROWS, "conduct"} and len(parts) == 2:
        return f"{head}-{parts[1]}-{ROWS.get(head, ('offence',))[0]}"
    return head


_PATH = re.compile(r"\[(\d+)\]")


def check(facts: dict[str, Any], law: LawDataset) -> dict[str, str]:
    """Every problem of ``facts`` by form field; empty when the case format accepts them."""
    errors: dict[str, str] = {}
    try:
        case = Case.model_validate(facts)
    except ValidationError as error:
        for problem in error.errors():
            name = _name(tuple(problem["loc"]))
            message = str(problem["msg"]).removeprefix("Value error, ")
            if name == "conduct":
                message = "name at least one offence"
            errors.setdefault(name, message)
        return errors
    for line in check_codes(case, law):
        path, _, message = line.partition(": ")
        loc = tuple(p for p in re.split(r"[.\[\]]+", path) if p)
        errors.setdefault(_name(tuple(int(p) if p.isdigit() else p for p in loc)), message)
    return errors


def to_fields(facts: Mapping[str, Any]) -> FactsForm:
    """A stored case's facts as form values, to edit them."""
    form = FactsForm(title=str(facts.get("title", "")), facts=dict(facts))
    values: dict[str, str] = {}
    period = facts.get("conduct_period")
    if period:
        values["conduct_start"], values["conduct_end"] = str(period["start"]), str(period["end"])
    elif facts.get("conduct_date"):
        values["conduct_start"] = str(facts["conduct_date"])
    for key in ("forum", "decision_date"):
        if facts.get(key):
            values[key] = str(facts[key])
    for i, item in enumerate(facts.get("conduct", [])):
        values[f"conduct-{i}-offence"] = item["offence"]
        for fact in item.get("facts", []):
            values[f"conduct-{i}-fact-{fact}"] = "yes"
        for fact in item.get("not_facts", []):
            values[f"conduct-{i}-fact-{fact}"] = "no"
    for section in ROWS:
        for i, row in enumerate(facts.get(section, [])):
            flat = dict(row)
            flat.update(flat.pop("urgency", None) or {})
            for name in ROWS[section]:
                value = flat.get(name)
                if value is None:
                    continue
                if isinstance(value, bool):
                    values[f"{section}-{i}-{name}"] = "yes" if value else "no"
                elif isinstance(value, list | tuple):
                    values[f"{section}-{i}-{name}"] = ", ".join(value)
                else:
                    values[f"{section}-{i}-{name}"] = str(value)
    for a in facts.get("anonymity", []):
        values[f"anonymity-{a}"] = "on"
    form.values = values
    form.rows = {s: len(facts.get(s, [])) + 1 for s in (*ROWS, "conduct")}
    return form
