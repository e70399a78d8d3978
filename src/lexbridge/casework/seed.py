"""The demo seed that ``make run`` uses: two units, their users, the ransomware case, a
preservation request awaiting approval, an evidence item with its custody chain and the traced
ransom payment. Idempotent: a second run finds the seed and changes nothing (a demo seeded before
traces existed gets its traced payment).

Passwords are made at first run and written to ``demo-credentials.txt`` in the instance folder,
readable by its owner only; none is in the repository.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lexbridge.casework import service, trails
from lexbridge.casework.db import session_factory, transaction
from lexbridge.casework.models import Authority, Case, CooperationRequest, Role, User
from lexbridge.casework.workflow import Status
from lexbridge.evidence import keys
from lexbridge.evidence.ledger import Ledger
from lexbridge.law import LawDataset

CASE_FILE = Path(__file__).parent / "demo" / "ransomware_case.yaml"
EVIDENCE_FILE = Path(__file__).parent / "demo" / "c2-server-log.txt"
TRACE_FILE = Path(__file__).parent / "demo" / "ransom-payment.csv"
DEMO_TAGS = Path(__file__).parent / "demo" / "tags"
RANSOM_ADDRESS = "bc1qdemoransomaddress"
"""The address the ransom note named: the seed of the demo's trace (``demo/README.md``)."""
UNIT = "demo-de-cyber"
OTHER_UNIT = "demo-fr-cyber"
USERS = (
    ("ermittler", Role.INVESTIGATOR, UNIT),
    ("staatsanwalt", Role.PROSECUTOR, UNIT),
    ("liaison", Role.FOREIGN_LIAISON, UNIT),
    ("datenschutz", Role.DATA_PROTECTION_OFFICER, UNIT),
    ("admin", Role.ADMIN, UNIT),
    ("enqueteur", Role.INVESTIGATOR, OTHER_UNIT),
)
POINTS = {
    "legitimate_aim": "Prosecution of a ransomware attack on two companies (StGB §§ 202a, 303a, 303b, 253).",
    "offence_and_penalty": "Computer sabotage against a business (StGB § 303b(2)): up to five years.",
    "necessity": "The server logs are the only trace of the intruders' connections and may be overwritten.",
    "data_category": "Preservation only: no data is disclosed until a production request follows.",
    "scope": "The logs of the two command-and-control servers, 20 April to 15 May 2023.",
    "less_intrusive_alternatives": "None: the hosting provider keeps logs for a short time.",
    "third_parties_and_privilege": "Other customers of the host are not covered; no privileged data expected.",
}


@dataclass(frozen=True)
class DemoSeed:
    created: bool
    case_id: int
    request_id: int
    credentials: Path


def _credentials(instance: Path) -> tuple[Path, dict[str, str]]:
    path = instance / "demo-credentials.txt"
    if path.exists():
        pairs = dict(line.split(" ", 1) for line in path.read_text().splitlines() if line)
        return path, pairs
    pairs = {name: secrets.token_urlsafe(12) for name, _, _ in USERS}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("".join(f"{name} {password}\n" for name, password in pairs.items()))
    return path, pairs


def seed_demo(engine: Engine, law: LawDataset, instance: Path) -> DemoSeed:
    factory = session_factory(engine)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    path, passwords = _credentials(instance)
    with transaction(factory) as session:
        unit = session.execute(select(Authority).where(Authority.code == UNIT)).scalar_one_or_none()
        if unit is not None:
            case = (
                session.execute(select(Case).where(Case.authority_id == unit.id).order_by(Case.id))
                .scalars()
                .first()
            )
            request = (
                session.execute(select(CooperationRequest).order_by(CooperationRequest.id))
                .scalars()
                .first()
            )
            officer = session.execute(
                select(User).where(User.username == "ermittler")
            ).scalar_one_or_none()
            traced = (
                case is not None
                and session.execute(
                    select(trails.Trace.id).where(trails.Trace.case_id == case.id)
                ).first()
            )
            if case is not None and officer is not None and not traced:
                _demo_trace(service.Context(session, officer, law), case.id, instance)
            return DemoSeed(False, case.id if case else 0, request.id if request else 0, path)
        for code, name, state in (
            (UNIT, "Cybercrime unit (demo), Germany", "DE"),
            (OTHER_UNIT, "Cybercrime unit (demo), France", "FR"),
        ):
            service.add_authority(session, code, name, state, law)
            keys.create_key(session, code, instance)
        users = {
            name: service.add_user(session, name, passwords[name], role.value, unit_code)
            for name, role, unit_code in USERS
        }
        investigator = service.Context(session, users["ermittler"], law)
        facts = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))
        case = service.create_case(investigator, facts["title"], facts)
        for name in ("staatsanwalt", "liaison"):
            service.add_member(investigator, case.id, name)
        request = service.draft_request(
            investigator,
            case.id,
            measure="preservation",
            instrument="budapest",
            article="Art. 29",
            requested_state="NL",
            identifiers=["203.0.113.17 (command-and-control server)", "203.0.113.18"],
        )
        service.assess_proportionality(investigator, request.id, POINTS, "system_interference", 60)
        service.transition(investigator, request.id, Status.AWAITING_APPROVAL.value)
        _demo_evidence(session, case, request.id, instance)
        _demo_trace(investigator, case.id, instance)
        return DemoSeed(True, case.id, request.id, path)


def _demo_trace(investigator: service.Context, case_id: int, instance: Path) -> None:
    """The ransom followed from the address of the ransom note to the exchange that received it,
    with the GraphSense tags installed as the unit's tag files."""
    target = trails.tags_folder(instance) / "graphsense"
    if not target.exists():
        shutil.copytree(DEMO_TAGS, target)
    trails.run_trace(
        investigator,
        case_id,
        [trails.Named(TRACE_FILE, TRACE_FILE.name)],
        [RANSOM_ADDRESS],
        trails.TraceOptions(policy="haircut"),
        folder=instance,
    )


def _demo_evidence(session: Session, case: Case, request_id: int, instance: Path) -> None:
    """The server log of the demo, collected, sealed and examined."""
    ledger = Ledger(session, instance)
    item = ledger.add_item(
        case,
        EVIDENCE_FILE,
        collected_by="ermittler",
        authority=UNIT,
        place="Frankfurt am Main, cybercrime unit",
        purpose="log of the command-and-control server, received from the hosting provider",
        origin="hosting provider in the Netherlands (demo)",
        request_id=request_id,
        tool="sha256sum (GNU coreutils)",
        tool_version="9.1",
    )
    ledger.append(
        item,
        "sealed",
        actor="ermittler",
        authority=UNIT,
        place="Frankfurt am Main, evidence room",
        purpose="sealed copy kept for the court",
    )
    ledger.append(
        item,
        "examined",
        actor="ermittler",
        authority=UNIT,
        place="Frankfurt am Main, forensic laboratory",
        purpose="connections of the victims' systems and the operator's panel log-ins",
        tool="grep (GNU grep)",
        tool_version="3.8",
    )
