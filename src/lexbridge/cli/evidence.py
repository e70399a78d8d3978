"""``lexbridge evidence``: intake, custody, verification, hand-over, CASE/UCO, reports, weight."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from sqlalchemy import select
from sqlalchemy.orm import Session

from lexbridge.casework import audit
from lexbridge.casework.config import instance_dir
from lexbridge.casework.db import make_engine, session_factory, transaction
from lexbridge.casework.models import Case, Role, User
from lexbridge.cli._output import console, fail
from lexbridge.evidence import keys
from lexbridge.evidence.caseuco import export_case, import_into
from lexbridge.evidence.ledger import KINDS, Ledger, verify_case
from lexbridge.evidence.report import render_html, render_pdf
from lexbridge.evidence.transfer import BundleError, export_bundle, import_bundle
from lexbridge.evidence.weight import weigh

app = typer.Typer(help="Evidence and its chain of custody.", no_args_is_help=True)
keys_app = typer.Typer(help="Authorities' signing keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

HANDLERS = {
    Role.INVESTIGATOR,
    Role.PROSECUTOR,
    Role.FORENSIC_EXAMINER,
    Role.FINANCIAL_INVESTIGATOR,
    Role.FOREIGN_LIAISON,
}
By = Annotated[str, typer.Option("--by", help="Your username: the acting officer.")]
Place = Annotated[str, typer.Option(help="Where it happens.")]


@contextmanager
def _ledger() -> Iterator[tuple[Session, Ledger]]:
    engine = make_engine()
    try:
        with transaction(session_factory(engine)) as session:
            yield session, Ledger(session, instance_dir())
    finally:
        engine.dispose()


def _officer(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active:
        fail(f"unknown user {username!r}")
    if Role(user.role) not in HANDLERS:
        fail(
            f"role {user.role!r} does not handle evidence; roles that do: {', '.join(sorted(r.value for r in HANDLERS))}"
        )
    return user


def _case(session: Session, case_id: int, user: User) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.authority_id != user.authority_id:
        fail(f"no case {case_id} in {user.authority.code}")
    return case


def _log(session: Session, user: User, action: str, case_id: int, **detail: object) -> None:
    audit.record(
        session,
        action=action,
        object_type="evidence",
        object_id=case_id,
        user_id=user.id,
        authority_id=user.authority_id,
        detail=detail,
    )


@app.command("add")
def add(
    case_id: Annotated[int, typer.Argument(help="The case.")],
    files: Annotated[
        list[Path], typer.Argument(help="The files to take in.", exists=True, dir_okay=False)
    ],
    by: By,
    place: Place,
    source: Annotated[
        str, typer.Option(help="Where the files come from (device, provider, seizure).")
    ],
    purpose: Annotated[
        str, typer.Option(help="Why they are collected.")
    ] = "collection for the case",
    request: Annotated[
        int | None, typer.Option(help="The casework request that authorised the collection.")
    ] = None,
    tool: Annotated[str | None, typer.Option(help="The acquisition tool.")] = None,
    tool_version: Annotated[str | None, typer.Option(help="Its version.")] = None,
    sha512: Annotated[bool, typer.Option("--sha512", help="Also compute SHA-512.")] = False,
) -> None:
    """Stream files into the store (hashed in one pass) and open each chain of custody."""
    with _ledger() as (session, ledger):
        user = _officer(session, by)
        case = _case(session, case_id, user)
        with Progress(
            *Progress.get_default_columns()[:1],
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=console,
        ) as bar:
            for path in files:
                task = bar.add_task(path.name, total=path.stat().st_size)
                item = ledger.add_item(
                    case,
                    path,
                    collected_by=by,
                    authority=user.authority.code,
                    place=place,
                    purpose=purpose,
                    origin=source,
                    request_id=request,
                    tool=tool,
                    tool_version=tool_version,
                    sha512=sha512,
                    progress=partial(bar.advance, task),
                )
                _log(
                    session,
                    user,
                    "evidence_added",
                    case_id,
                    exhibit=item.exhibit,
                    sha256=item.sha256,
                )
                console.print(f"{item.exhibit}: {path.name} sha256 {item.sha256}")


@app.command("log")
def log_event(
    case_id: int,
    exhibit: str,
    kind: Annotated[str, typer.Argument(help=", ".join(KINDS))],
    by: By,
    place: Place,
    purpose: Annotated[str, typer.Option(help="Why.")],
    tool: Annotated[str | None, typer.Option()] = None,
    tool_version: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Add a custody event (sealed, accessed, examined, copied, returned, disposed, ...)."""
    with _ledger() as (session, ledger):
        user = _officer(session, by)
        _case(session, case_id, user)
        try:
            item = ledger.item(case_id, exhibit)
            event = ledger.append(
                item,
                kind,
                actor=by,
                authority=user.authority.code,
                place=place,
                purpose=purpose,
                tool=tool,
                tool_version=tool_version,
            )
        except (LookupError, ValueError) as error:
            fail(str(error))
        _log(session, user, "custody_event", case_id, exhibit=exhibit, kind=kind)
        console.print(f"{exhibit}: event {event.seq} ({kind}) signed with key {event.key_id}")


@app.command("verify")
def verify(
    case_id: int,
    checkpoint: Annotated[
        Path | None, typer.Option(help="A checkpoint kept outside the server.", exists=True)
    ] = None,
) -> None:
    """Re-hash every file and check every link and signature; exit 1 naming the first break."""
    anchor = json.loads(checkpoint.read_text()) if checkpoint else None
    with _ledger() as (_, ledger):
        verdicts = verify_case(ledger, case_id, anchor)
    broken = [v for v in verdicts if not v.ok]
    for v in verdicts:
        console.print(
            f"{v.exhibit}: "
            + ("intact" if v.ok else f"[red]{v.problem}[/]")
            + (f" ({'; '.join(v.notes)})" if v.notes else "")
        )
    if broken:
        raise typer.Exit(1)


@app.command("checkpoint")
def checkpoint(
    case_id: int, by: By, output: Annotated[Path, typer.Option("-o", "--output")]
) -> None:
    """Export the signed heads of the case's chains: keep the file outside the server."""
    with _ledger() as (session, ledger):
        user = _officer(session, by)
        _case(session, case_id, user)
        document = ledger.checkpoint(case_id, user.authority.code)
        _log(session, user, "checkpoint", case_id, heads=len(document["heads"]))
    output.write_text(json.dumps(document, indent=2))
    console.print(f"checkpoint of {len(document['heads'])} chains written to {output}")


@app.command("export")
def export(case_id: int, output: Annotated[Path, typer.Option("-o", "--output")]) -> None:
    """The case's evidence and custody as CASE/UCO JSON-LD (check it with case_validate)."""
    with _ledger() as (session, ledger):
        case = session.get(Case, case_id)
        if case is None:
            fail(f"no case {case_id}")
        document = export_case(ledger, case)
    output.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    console.print(f"CASE/UCO graph of {len(document['@graph'])} nodes written to {output}")


@app.command("import")
def import_case(
    bundle: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    by: By,
    files: Annotated[
        Path | None, typer.Option(help="A folder with the files (by SHA-256 or name).")
    ] = None,
) -> None:
    """Take in a CASE/UCO JSON-LD file made elsewhere, as a new case."""
    from lexbridge.evidence.caseuco import read_bundle

    with _ledger() as (session, ledger):
        user = _officer(session, by)
        title = read_bundle(bundle)["title"]
        case = Case(
            authority_id=user.authority_id, title=title, facts={"title": title}, created_by=user.id
        )
        session.add(case)
        session.flush()
        items = import_into(ledger, bundle, case, signer=user.authority.code, files=files)
        _log(session, user, "evidence_imported", case.id, items=len(items), source=bundle.name)
    console.print(f"case {case.id}: {len(items)} items imported from {bundle.name}")


@app.command("handover")
def handover(
    case_id: int,
    exhibits: list[str],
    to: Annotated[str, typer.Option(help="The receiving authority.")],
    legal_basis: Annotated[str, typer.Option(help="The instrument and article of the transfer.")],
    by: By,
    place: Place,
    output: Annotated[Path, typer.Option("-o", "--output")],
) -> None:
    """Hand items over: record the transfer and write a bundle the receiver verifies."""
    with _ledger() as (session, ledger):
        user = _officer(session, by)
        case = _case(session, case_id, user)
        try:
            export_bundle(
                ledger,
                case,
                exhibits,
                output,
                to=to,
                actor=by,
                authority=user.authority.code,
                place=place,
                legal_basis=legal_basis,
            )
        except (LookupError, BundleError) as error:
            fail(str(error))
        _log(session, user, "handover", case_id, exhibits=exhibits, to=to)
    console.print(f"bundle of {len(exhibits)} items written to {output}")


@app.command("receive")
def receive(
    bundle: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    case_id: Annotated[int, typer.Option("--case")],
    by: By,
    place: Place,
) -> None:
    """Verify a bundle from a partner authority and continue each chain with a received event."""
    with _ledger() as (session, ledger):
        user = _officer(session, by)
        case = _case(session, case_id, user)
        try:
            items = import_bundle(
                ledger, bundle, case, actor=by, authority=user.authority.code, place=place
            )
        except BundleError as error:
            fail(f"bundle refused: {error}")
        _log(session, user, "received", case_id, exhibits=[i.exhibit for i in items])
    console.print(f"{len(items)} items received into case {case_id}, chains verified and continued")


@app.command("report")
def report(
    case_id: int,
    exhibit: str,
    by: By,
    html: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
    pdf: Annotated[Path | None, typer.Option(help="Write the PDF report here.")] = None,
) -> None:
    """The admissibility report of an item: checklist, chain, signed checkpoint."""
    with _ledger() as (session, ledger):
        user = _officer(session, by)
        case = _case(session, case_id, user)
        try:
            item = ledger.item(case_id, exhibit)
        except LookupError as error:
            fail(str(error))
        page = render_html(
            ledger, case, item, ledger.checkpoint(case_id, user.authority.code, {exhibit})
        )
        _log(session, user, "report", case_id, exhibit=exhibit)
    if html:
        html.write_text(page, encoding="utf-8")
    if pdf:
        render_pdf(page, pdf)
    console.print(
        f"admissibility report of {exhibit} written"
        + (f" to {html}" if html else "")
        + (f" and {pdf}" if pdf else "")
    )


@app.command("weight")
def weight(
    true_positives: Annotated[
        int, typer.Option(help="Validation: matches found among true pairs.")
    ],
    positives: Annotated[int, typer.Option(help="Validation: true pairs tested.")],
    false_positives: Annotated[int, typer.Option(help="Validation: matches among false pairs.")],
    negatives: Annotated[int, typer.Option(help="Validation: false pairs tested.")],
    observations: Annotated[int, typer.Option(help="Matching observations in this case.")] = 1,
    correlation: Annotated[float, typer.Option(help="Dependence between them, 0 to 1.")] = 0.0,
    anonymity_set: Annotated[int, typer.Option(help="Users who could have produced the flow.")] = 2,
    prior: Annotated[
        list[float] | None, typer.Option(help="A prior probability to illustrate (repeatable).")
    ] = None,
) -> None:
    """The likelihood ratio of a traffic-correlation or timing match, with its assumptions."""
    try:
        result = weigh(
            true_positives=true_positives,
            positives_tested=positives,
            false_positives=false_positives,
            negatives_tested=negatives,
            observations=observations,
            correlation=correlation,
            anonymity_set=anonymity_set,
            priors=tuple(prior or ()),
        )
    except ValueError as error:
        fail(str(error))
    low, high = result.sensitivity
    console.print(
        f"Likelihood ratio: {result.likelihood_ratio:,.3g} (log10 {result.log10_lr:.2f}); 95 % sensitivity range {low:,.3g} to {high:,.3g}"
    )
    for line in result.assumptions:
        console.print(f"  assumes: {line}")
    for p, posterior in result.illustrations:
        console.print(
            f"  illustration only: with a prior of {p:g}, the posterior would be {posterior:.4g}"
        )
    console.print(result.explanation)


@keys_app.command("export")
def keys_export(authority: Annotated[str, typer.Option(help="Your authority's code.")]) -> None:
    """Print the authority's current public key, to give to a partner authority."""
    with _ledger() as (session, ledger):
        key = keys.ensure_key(session, authority, ledger.folder)
        print(
            json.dumps(
                {"authority": key.authority, "key_id": key.key_id, "public_key": key.public_key}
            )
        )


@keys_app.command("import")
def keys_import(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Register a partner authority's public key (as printed by its `keys export`)."""
    document = json.loads(file.read_text())
    with _ledger() as (session, _):
        try:
            key = keys.import_partner_key(session, document["authority"], document["public_key"])
        except (KeyError, ValueError) as error:
            fail(f"not a public key document: {error}")
        audit.record(
            session,
            action="partner_key_imported",
            object_type="key",
            object_id=key.key_id,
            detail={"authority": key.authority},
        )
    console.print(f"partner key {key.key_id} of {key.authority} registered")


@keys_app.command("rotate")
def keys_rotate(by: By) -> None:
    """Make a new key for your authority; the old one is retired but still verifies."""
    with _ledger() as (session, ledger):
        user = _officer(session, by)
        old = keys.current_key(session, user.authority.code)
        key = keys.create_key(session, user.authority.code, ledger.folder)
        audit.record(
            session,
            action="key_rotated",
            object_type="key",
            object_id=key.key_id,
            user_id=user.id,
            authority_id=user.authority_id,
            detail={"retired": old.key_id if old else None},
        )
    console.print(
        f"new key {key.key_id} for {user.authority.code}"
        + (f"; {old.key_id} retired" if old else "")
    )
