"""``lexbridge trace``: follow tainted funds to the services that received them, and their jurisdictions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lexbridge.cli._output import console, err_console, fail, print_json
from lexbridge.tracing import (
    Attribution,
    ChainError,
    TagError,
    TraceError,
    flow_svg,
    load_chain,
    parse_policy,
    trace,
)
from lexbridge.tracing.tags import SINK_CATEGORIES


def _btc(amount: int) -> str:
    return f"{amount / 100_000_000:,.8f}"


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
            chain = load_chain(txfile)
            progress.update(task, advance=1, description="reading tags")
            attribution = Attribution()
            for path in tags or []:
                attribution.add(path)
            progress.update(
                task,
                advance=1,
                description=f"propagating over {chain.n_edges:,} inputs and outputs",
            )
            result = trace(
                chain,
                seed,
                chosen,
                attribution=attribution if tags else None,
                sink_categories=frozenset(sinks),
                max_hops=max_hops,
                max_height=max_height,
                follow_fees=follow_fees,
            )
            progress.update(task, advance=1)
        except (ChainError, TagError, TraceError) as error:
            fail(str(error))
    if picture is not None:
        picture.write_text(flow_svg(result), encoding="utf-8")
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    b = result.balance
    console.print(
        f"[bold]Trace[/] under the {result.policy} policy from {len(result.seeds)} seed(s): {_btc(b.injected)} BTC tainted"
    )
    table = Table(
        "service", "jurisdictions", "BTC", "share", "hops", "categories", title="Services reached"
    )
    for flow in result.services:
        table.add_row(
            flow.service,
            ", ".join(flow.jurisdictions) or "unknown",
            _btc(flow.amount),
            f"{flow.share:.1%}",
            str(flow.hops),
            ", ".join(flow.categories),
        )
    console.print(table if result.services else "No attributed service was reached.")
    console.print(
        f"Unspent {_btc(b.unspent)} · fees {_btc(b.fees)} · beyond the limit {_btc(b.beyond_limit)} · "
        f"burned {_btc(b.burned)} · rounding {b.rounding} sat"
    )
    if result.anonymity:
        console.print(f"[yellow]Anonymity services on the way:[/] {', '.join(result.anonymity)}")
    by_state = result.jurisdictions()
    if by_state:
        console.print(
            "Freeze or production requests go to: "
            + ", ".join(f"{k} ({_btc(v)} BTC)" for k, v in by_state.items())
        )
    if picture is not None:
        console.print(f"Flow picture written to {picture}")
