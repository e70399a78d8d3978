"""Loading the law dataset: YAML files into typed models and in-memory indexes.

The dataset is read once; every query after that is a dictionary look-up. Loading validates
the whole dataset and raises :class:`DatasetError` naming every bad file and field.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from lexbridge.law._problems import DatasetError, Problem, field_path
from lexbridge.law.instruments import Instrument
from lexbridge.law.jurisdictions import Jurisdiction, JurisdictionsFile, build_jurisdictions
from lexbridge.law.offences import Catalogue, ElementFact, Offence
from lexbridge.law.providers import Provider
from lexbridge.law.state import StateLaw
from lexbridge.law.statutes import Finding, Statute

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LawDataset:
    """The whole dataset, with indexes built once at load."""

    version: str
    jurisdictions: dict[str, Jurisdiction]
    elements: dict[str, ElementFact]
    offences: dict[str, Offence]
    states: dict[str, StateLaw]
    instruments: dict[str, Instrument]
    providers: dict[str, Provider] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """Dataset key (``state:GB``, ``instrument:budapest``) to its file, relative to the data dir."""
    _statutes: dict[tuple[str, str], tuple[Statute, ...]] = field(default_factory=dict)
    _findings: dict[tuple[str, str], tuple[Finding, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        statutes: dict[tuple[str, str], list[Statute]] = defaultdict(list)
        findings: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for code, law in self.states.items():
            for statute in law.statutes:
                for offence in statute.offences:
                    statutes[code, offence].append(statute)
            for finding in law.findings:
                findings[code, finding.offence].append(finding)
        self._statutes.update({k: tuple(v) for k, v in statutes.items()})
        self._findings.update({k: tuple(v) for k, v in findings.items()})

    def statutes_for(self, state: str, offence: str) -> tuple[Statute, ...]:
        """Every recorded version of every provision of ``state`` covering ``offence``."""
        return self._statutes.get((state, offence), ())

    def statutes_on(
        self, state: str, offence: str, day: date
    ) -> tuple[tuple[Statute, bool | None], ...]:
        """Provisions in force on ``day`` (True) or perhaps in force (None: start not recorded)."""
        found = ((s, s.in_force_on(day)) for s in self.statutes_for(state, offence))
        return tuple((s, force) for s, force in found if force is not False)

    def findings_for(self, state: str, offence: str, day: date) -> tuple[Finding, ...]:
        return tuple(f for f in self._findings.get((state, offence), ()) if f.holds_on(day))

    def has_state_law(self, state: str) -> bool:
        return state in self.states

    def all_statutes(self) -> Iterator[tuple[str, Statute]]:
        for code, law in self.states.items():
            for statute in law.statutes:
                yield code, statute


_UNREADABLE = object()


def _read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    """The file's content, or ``_UNREADABLE`` after recording why it could not be read."""
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
        if isinstance(raw, dict):
            # `x-` keys only hold YAML anchors shared inside the file (docs/dataset.md).
            raw = {k: v for k, v in raw.items() if not str(k).startswith("x-")}
        return raw
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problems.append(Problem(rel, where, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
    except ValueError as exc:  # PyYAML builds dates itself and raises on 2005-02-30
        problems.append(
            Problem(rel, "", f"holds an impossible value: {exc} (dates are YYYY-MM-DD)")
        )
    except OSError as exc:
        problems.append(Problem(rel, "", f"cannot be read: {exc.strerror}"))
    return _UNREADABLE


def _describe(raw: Any, loc: tuple[str | int, ...]) -> str:
    """Name the entry an error sits in by its id or citation, when it has one."""
    node = raw
    label = ""
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            ident = node.get("id") or node.get("state") or node.get("name") or node.get("code")
            if isinstance(ident, str):
                label = ident
    return f" (in {label})" if label else ""


def _parse(model: type[M], raw: Any, rel: str, problems: list[Problem]) -> M | None:
    if raw is _UNREADABLE:
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            message = err["msg"]
            if err["type"] == "missing" and loc and loc[-1] == "source":
                message = "missing: every fact needs a source (title, pinpoint, url, checked, tier)"
            elif err["type"] == "extra_forbidden":
                message = "unknown field: see docs/dataset.md for the accepted fields"
            elif "input" in err and err["type"] not in ("missing",):
                message = f"{message} (got {err['input']!r})"
            problems.append(Problem(rel, field_path(loc), message + _describe(raw, loc)))
        return None


def _read_folder(
    data_dir: Path,
    folder: str,
    model: type[M],
    key_field: str,
    files: dict[str, str],
    problems: list[Problem],
) -> dict[str, M]:
    """Every ``folder/*.yaml`` file parsed as ``model``, keyed by ``key_field``; duplicates are problems."""
    kind = folder.rstrip("s")
    found: dict[str, M] = {}
    for path in sorted((data_dir / folder).glob("*.yaml")):
        rel = f"{folder}/{path.name}"
        parsed = _parse(model, _read_yaml(path, rel, problems), rel, problems)
        if parsed is None:
            continue
        ident = str(getattr(parsed, key_field))
        if ident in found:
            problems.append(Problem(rel, key_field, f"{ident} is already in another file"))
        found[ident] = parsed
        files[f"{kind}:{ident}"] = rel
    return found


def read_dataset(data_dir: Path = DATA_DIR) -> tuple[LawDataset | None, list[Problem]]:
    """Read and validate every file; return the dataset (if it parsed) and all problems."""
    from lexbridge.law.validate import cross_check

    problems: list[Problem] = []
    meta = _read_yaml(data_dir / "dataset.yaml", "dataset.yaml", problems)
    version = str(meta.get("version", "unversioned")) if isinstance(meta, dict) else "unversioned"

    catalogue = _parse(
        Catalogue,
        _read_yaml(data_dir / "offences.yaml", "offences.yaml", problems),
        "offences.yaml",
        problems,
    )
    extra = _parse(
        JurisdictionsFile,
        _read_yaml(data_dir / "jurisdictions.yaml", "jurisdictions.yaml", problems),
        "jurisdictions.yaml",
        problems,
    )
    files: dict[str, str] = {}
    states = _read_folder(data_dir, "states", StateLaw, "state", files, problems)
    instruments = _read_folder(data_dir, "instruments", Instrument, "id", files, problems)
    providers = _read_folder(data_dir, "providers", Provider, "id", files, problems)
    if catalogue is None or extra is None:
        return None, problems

    instruments = _with_members(instruments, extra, problems)
    dataset = LawDataset(
        version=version,
        jurisdictions=build_jurisdictions(extra),
        elements={e.name: e for e in catalogue.elements},
        offences={o.id: o for o in catalogue.offences},
        states=states,
        instruments=instruments,
        providers=providers,
        files=files,
    )
    problems.extend(cross_check(dataset, catalogue))
    return dataset, problems


def _with_members(
    instruments: dict[str, Instrument], extra: JurisdictionsFile, problems: list[Problem]
) -> dict[str, Instrument]:
    """Fill each members-only instrument with the states ever members of its organisation."""
    members = {o.code: tuple(m.state for m in o.members) for o in extra.organisations}
    result = {}
    for key, instrument in instruments.items():
        scope = instrument.members_only
        if scope is not None:
            if not members.get(scope.organisation):
                problems.append(
                    Problem(
                        f"instruments/{key}.yaml",
                        "members_only.organisation",
                        f"members_only names {scope.organisation!r}, whose members jurisdictions.yaml does not list",
                    )
                )
                continue
            instrument = instrument.model_copy(
                update={
                    "members_only": scope.model_copy(
                        update={"ever_members": members[scope.organisation]}
                    )
                }
            )
        result[key] = instrument
    return result


def load(data_dir: Path = DATA_DIR) -> LawDataset:
    """The validated dataset; raises :class:`DatasetError` if any file has a problem."""
    dataset, problems = read_dataset(data_dir)
    if problems or dataset is None:
        raise DatasetError(problems)
    return dataset


@cache
def default_dataset() -> LawDataset:
    """The bundled dataset, loaded once per process."""
    return load(DATA_DIR)
