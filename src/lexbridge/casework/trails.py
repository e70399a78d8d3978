"""The money trails of a case: every trace the case ran, kept with the files it read.

A trace reads transaction files (the UTXO formats of ``lexbridge trace``: flat legs as CSV,
Parquet or JSON lines, bitcoin-etl exports, Bitcoin Core RPC responses), follows the seeds under a
taint policy (``docs/tracing.md``) and attributes the receiving addresses to services and their
jurisdictions with the unit's tag files: GraphSense TagPacks and ActorPacks, or CSV tags, kept in
``<instance>/tags``, plus any tag file given with the run.

Each run is one row of ``traces`` (append-only, like the custody ledger): the seeds, the policy,
the options, the name, SHA-256 and size of every file read, and the versioned ``TraceResult``
JSON. The files themselves go to a content-addressed store in ``<instance>/traces``, so a court
can be shown exactly what was read and the trace can be run again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from lexbridge.casework.access import Action
from lexbridge.casework.errors import InvalidInputError, NotFoundError
from lexbridge.casework.models import Base, utcnow
from lexbridge.casework.service import Context, open_case
from lexbridge.evidence.store import Store
from lexbridge.tracing import (
    Attribution,
    ChainError,
    TagError,
    TraceError,
    TraceResult,
    load_chain,
    parse_policy,
    trace,
)
from lexbridge.tracing.tags import SINK_CATEGORIES

TAGS_FOLDER = "tags"
STORE_FOLDER = "traces"
TAG_SUFFIXES = frozenset({".yaml", ".yml", ".csv"})
MIXERS = frozenset({"mixing_service", "coinjoin"})


class Trace(Base):
    """One trace a case ran: what was read, how it was followed, and where the money went."""

    __tablename__ = "traces"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    policy: Mapped[str] = mapped_column(String(16))
    seeds: Mapped[dict[str, Any]]
    """``{"items": [...]}``: the addresses and ``TXID:VOUT`` outputs followed."""
    options: Mapped[dict[str, Any]]
    """``max_hops`` and ``through_mixers``, as given."""
    files: Mapped[dict[str, Any]]
    """``{"transactions": [...], "tags": [...]}``, each ``{"name", "sha256", "size"}``."""
    result: Mapped[dict[str, Any]]
    """The :class:`~lexbridge.tracing.TraceResult` as JSON (it carries its own ``version``)."""

    def answer(self) -> TraceResult:
        return TraceResult.model_validate(self.result)


@dataclass(frozen=True)
class TraceOptions:
    policy: str = "haircut"
    max_hops: int | None = None
    through_mixers: bool = False


@dataclass(frozen=True)
class Named:
    """A file to read and the name it is shown and recorded under (an upload's own name)."""

    path: Path
    name: str


def tags_folder(folder: Path) -> Path:
    return folder / TAGS_FOLDER


def unit_tag_files(folder: Path) -> list[Named]:
    """The unit's tag files: every YAML and CSV file under ``<instance>/tags``."""
    root = tags_folder(folder)
    if not root.is_dir():
        return []
    return [
        Named(path, str(path.relative_to(root)))
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.suffix.lower() in TAG_SUFFIXES
    ]


def _shown(message: str, files: Sequence[Named]) -> str:
    """The message with each file's full path replaced by the name its reader knows it by."""
    for file in sorted(files, key=lambda f: -len(str(f.path))):
        message = message.replace(str(file.path), file.name)
    return message


def _seed_field(message: str) -> str:
    return "max_hops" if message.startswith("max hops") else "seeds"


def run_trace(
    ctx: Context,
    case_id: int,
    transactions: Sequence[Named],
    seeds: Sequence[str],
    options: TraceOptions,
    *,
    folder: Path,
    extra_tags: Sequence[Named] = (),
) -> Trace:
    """Trace ``seeds`` through ``transactions`` for the case, keep the run and audit it.

    Bad input raises :class:`InvalidInputError` naming the file, seed or option, in the words of
    the tracing library, with each file under the name its reader gave it.
    """
    open_case(ctx, case_id, Action.EDIT_CASE)
    try:
        policy = parse_policy(options.policy)
    except ValueError as error:
        raise InvalidInputError("policy", str(error)) from None
    seeds = [s.strip() for s in seeds if s.strip()]
    if not seeds:
        raise InvalidInputError("seeds", "give at least one seed: an address or TXID:VOUT")
    if not transactions:
        raise InvalidInputError("transactions", "give at least one transaction file")
    tags = [*unit_tag_files(folder), *extra_tags]
    everything = [*transactions, *tags]
    try:
        chain = load_chain([t.path for t in transactions])
    except ChainError as error:
        raise InvalidInputError("transactions", _shown(str(error), everything)) from None
    attribution = Attribution()
    try:
        for tag in tags:
            attribution.add(tag.path)
    except TagError as error:
        raise InvalidInputError("tags", _shown(str(error), everything)) from None
    sinks = SINK_CATEGORIES - MIXERS if options.through_mixers else SINK_CATEGORIES
    try:
        result = trace(
            chain,
            seeds,
            policy,
            attribution=attribution if tags else None,
            currency="BTC",
            sink_categories=frozenset(sinks),
            max_hops=options.max_hops,
        )
    except TraceError as error:
        message = _shown(str(error), everything)
        raise InvalidInputError(_seed_field(message), message) from None
    store = Store(folder / STORE_FOLDER)

    def kept(files: Sequence[Named]) -> list[dict[str, Any]]:
        stored = [(f.name, store.add(f.path)) for f in files]
        return [{"name": n, "sha256": s.sha256, "size": s.size} for n, s in stored]

    record = Trace(
        case_id=case_id,
        created_by=ctx.user.id,
        policy=result.policy,
        seeds={"items": seeds},
        options={"max_hops": options.max_hops, "through_mixers": options.through_mixers},
        files={"transactions": kept(transactions), "tags": kept(tags)},
        result=result.model_dump(mode="json"),
    )
    ctx.session.add(record)
    ctx.session.flush()
    ctx.log(
        "trace",
        "trace",
        record.id,
        case=case_id,
        policy=result.policy,
        seeds=len(seeds),  # the count only: the audit, which oversight reads, holds no case data
        files=[f["sha256"] for f in record.files["transactions"]],
    )
    return record


def case_traces(ctx: Context, case_id: int) -> list[Trace]:
    """The case's traces, newest first."""
    open_case(ctx, case_id)
    found = list(
        ctx.session.execute(
            select(Trace).where(Trace.case_id == case_id).order_by(Trace.id.desc())
        ).scalars()
    )
    ctx.log("list", "trace", case=case_id, count=len(found))
    return found


def read_trace(ctx: Context, case_id: int, trace_id: int) -> Trace:
    open_case(ctx, case_id)
    found = ctx.session.get(Trace, trace_id)
    if found is None or found.case_id != case_id:
        raise NotFoundError(f"case {case_id} has no trace {trace_id}")
    ctx.log("read", "trace", trace_id, case=case_id)
    return found
