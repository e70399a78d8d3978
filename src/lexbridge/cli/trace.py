"""``lexbridge trace``: follow tainted funds to the services that received them, and their jurisdictions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from lexbridge.cli._output import console, err_console, fail, parse_date, print_json
from lexbridge.engine import LawQueryError
from lexbridge.tracing import (
    Attribution,
    ChainError,
    Policy,
    TagError,
    TraceError,
    TraceResult,
    flow_svg,
    load_chain,
    parse_policy,
    trace,
)
from lexbridge.tracing.accounts import load_transfers, trace_accounts
from lexbridge.tracing.leads import with_leads
from lexbridge.tracing.tags import SINK_CATEGORIES


def _btc(amount: int) -> str:
    return f"{amount / 100_000_000:,.8f}"


def _run(
    txfile: list[Path],
    seeds: list[str],
    policy: Policy,
    tags: list[Path],
    sinks: frozenset[str],
    progress: Progress,
    task: TaskID,
    *,
    accounts: bool,
    unit_decimals: int,
    currency: str | None,
    max_hops: int | None,
    max_height: int | None,
    follow_fees: bool,
) -> TraceResult:
    attribution = Attribution()
    if accounts:
        transfers = load_transfers(txfile, unit_decimals=unit_decimals)
        size = f"{transfers.n:,} transfers"
    else:
        chain = load_chain(txfile)
        size = f"{chain.n_edges:,} inputs and outputs"
    progress.update(task, advance=1, description="reading tags")
    for path in tags:
        attribution.add(path)
    progress.update(task, advance=1, description=f"propagating over {size}")
    known = attribution if tags else None
    if accounts:
        return trace_accounts(
            transfers,
            seeds,
            policy,
            attribution=known,
            currency=currency or "ETH",
            sink_categories=sinks,
        )
    return trace(
        chain,
        seeds,
        policy,
        attribution=known,
        currency=currency or "BTC",
        sink_categories=sinks,
        max_hops=max_hops,
        max_height=max_height,
        follow_fees=follow_fees,
    )


def trace_command(
    txfile: Annotated[
        list[Path],
        typer.Argument(
            help="Transaction files or folders (legs CSV/Parquet/JSONL, bitcoin-etl JSONL, Bitcoin Core RPC JSON)."
        ),
    ],
    seed: Annotated[
        list[str], typer.Option("--seed", help="An address, or TXID:VOUT; repeat for several.")
    ],
    policy: Annotated[
        str, typer.Option(help="poison, haircut, fifo, lifo or tiho (taint in, highest out).")
    ] = "haircut",
    tags: Annotated[
        list[Path] | None,
        typer.Option("--tags", help="A TagPack, ActorPack or CSV tag file; repeat for several."),
    ] = None,
    max_hops: Annotated[
        int | None, typer.Option(help="Stop after this many transactions from a seed.")
    ] = None,
    max_height: Annotated[int | None, typer.Option(help="Stop at this block height.")] = None,
    follow_fees: Annotated[
        bool, typer.Option(help="Follow fee taint into the miners' coinbase.")
    ] = False,
    through_mixers: Annotated[
        bool, typer.Option(help="Do not stop at mixers (they are flagged either way).")
    ] = False,
    picture: Annotated[
        Path | None, typer.Option(help="Write the flow picture to this SVG file.")
    ] = None,
    accounts: Annotated[
        bool,
        typer.Option(
            "--accounts",
            help="The files hold account transfers (Ethereum, ERC-20), not UTXO transactions.",
        ),
    ] = False,
    unit_decimals: Annotated[
        int, typer.Option(help="With --accounts: divide values by 10**N (9: wei to gwei).")
    ] = 0,
    currency: Annotated[
        str | None,
        typer.Option(help="Only tags of this currency (default BTC; ETH with --accounts)."),
    ] = None,
    forum: Annotated[
        str | None,
        typer.Option(help="The state investigating: list its routes to each jurisdiction reached."),
    ] = None,
    request_date: Annotated[
        str | None, typer.Option(help="With --forum: the date of the requests (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Trace seeds forward through the transactions to exchanges and other services, and their states."""
    try:
        chosen = parse_policy(policy)
    except ValueError as error:
        fail(str(error))
    sinks = SINK_CATEGORIES - ({"mixing_service", "coinjoin"} if through_mixers else set())
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=as_json or not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("reading transactions", total=3)
        try:
            result = _run(
                txfile,
                seed,
                chosen,
                tags or [],
                frozenset(sinks),
                progress,
                task,
                accounts=accounts,
                unit_decimals=unit_decimals,
                currency=currency,
                max_hops=max_hops,
                max_height=max_height,
                follow_fees=follow_fees,
            )
            progress.update(task, advance=1)
        except (ChainError, TagError, TraceError) as error:
            fail(str(error))
    if forum is not None:
        day = parse_date(request_date, "--request-date") if request_date else date.today()
        try:
            result = with_leads(result, forum.upper(), day)
        except LawQueryError as error:
            fail(str(error))
    if picture is not None:
        picture.write_text(flow_svg(result), encoding="utf-8")
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    unit = (
        f"base units (1e-{unit_decimals})"
        if accounts and unit_decimals
        else ("base units" if accounts else "BTC")
    )
    fmt = (lambda a: f"{a:,}") if accounts else _btc
    b = result.balance
    console.print(
        f"[bold]Trace[/] under the {result.policy} policy from {len(result.seeds)} seed(s): {fmt(b.injected)} {unit} tainted"
    )
    table = Table(
        "service", "jurisdictions", unit, "share", "hops", "categories", title="Services reached"
    )
    for flow in result.services:
        table.add_row(
            flow.service,
            ", ".join(flow.jurisdictions) or "unknown",
            fmt(flow.amount),
            f"{flow.share:.1%}",
            str(flow.hops),
            ", ".join(flow.categories),
        )
    console.print(table if result.services else "No attributed service was reached.")
    console.print(
        f"Unspent {fmt(b.unspent)} · fees {fmt(b.fees)} · beyond the limit {fmt(b.beyond_limit)} · "
        f"burned {fmt(b.burned)} · rounding {b.rounding} {'base units' if accounts else 'sat'}"
    )
    if result.anonymity:
        console.print(f"[yellow]Anonymity services on the way:[/] {', '.join(result.anonymity)}")
    by_state = result.jurisdictions()
    if by_state:
        console.print(
            "Freeze or production requests go to: "
            + ", ".join(f"{k} ({fmt(v)} {unit})" for k, v in by_state.items())
        )
    for lead in result.leads:
        console.print(
            f"[bold]{result.forum} → {lead.state}[/] ({fmt(lead.amount)} {unit} at {', '.join(lead.services)}):"
        )
        for measure, options in lead.routes.items():
            shown = [f"{o.title} {o.article}: {o.available.value}" for o in options]
            console.print(
                f"  {measure.replace('_', ' ')}: "
                + ("; ".join(shown) if shown else "no route in the dataset")
            )
    if picture is not None:
        console.print(f"Flow picture written to {picture}")
