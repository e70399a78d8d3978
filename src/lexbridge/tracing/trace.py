"""Trace tainted funds from seeds to the services that received them, and to their jurisdictions.

``trace(chain, seeds, policy)`` runs the compiled forward scan and sorts every tainted satoshi
into exactly one place: a service (a sink), an unspent output, a miner's fee, a burned output,
the frontier where the hop limit stopped the trace, or floor rounding. For conserving policies
those places add up to the seed amount (minus taint that reached another seed and was replaced
by it), and the result says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict

from lexbridge.engine.routes import RouteOption
from lexbridge.tracing.chain import OutputKind, UtxoChain
from lexbridge.tracing.kernels import scan
from lexbridge.tracing.policies import Policy
from lexbridge.tracing.tags import ANONYMITY_CATEGORIES, SINK_CATEGORIES, AddressIndex, Attribution

RESULT_VERSION = "1"


class TraceError(ValueError):
    """A seed or option that cannot be traced; the message names it."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Seed(_Model):
    seed: str
    outputs: int
    amount: int


class Flow(_Model):
    """Tainted value that reached one service."""

    service: str
    label: str
    categories: list[str]
    jurisdictions: list[str]
    amount: int
    share: float
    hops: int
    first_time: int
    last_time: int
    outputs: int
    addresses: list[str]
    tag_sources: list[str]
    by_seed: dict[str, int]
    paths: list[list[str]]


class Place(_Model):
    """One tainted output outside any service (unspent, or where the hop limit stopped)."""

    output: str
    address: str | None
    amount: int
    hops: int


class Balance(_Model):
    """Where every tainted unit went; for conserving policies the parts sum to ``injected``."""

    seeded: int
    replaced_at_seeds: int
    injected: int
    services: int
    unspent: int
    fees: int
    burned: int
    beyond_limit: int
    rounding: int
    conserved: bool


class Lead(_Model):
    """A jurisdiction the taint reached, and the routes from the forum to freeze it or identify its holder."""

    state: str
    amount: int
    services: list[str]
    routes: dict[str, list[RouteOption]]


class TraceResult(_Model):
    """The answer to one trace, in a stable shape (``version``) that the casework stores."""

    version: str = RESULT_VERSION
    policy: str
    seeds: list[Seed]
    max_hops: int | None
    max_height: int | None
    follow_fees: bool
    sink_categories: list[str]
    services: list[Flow]
    unspent: list[Place]
    beyond_limit: list[Place]
    anonymity: list[str]
    balance: Balance
    forum: str | None = None
    leads: list[Lead] = []

    def jurisdictions(self) -> dict[str, int]:
        """Tainted amount received per jurisdiction (a service in several counts in each)."""
        totals: dict[str, int] = {}
        for flow in self.services:
            for code in flow.jurisdictions:
                totals[code] = totals.get(code, 0) + flow.amount
        return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


@dataclass(frozen=True)
class Taint:
    """The raw per-output arrays of a scan, for callers that want more than the summary."""

    taint: np.ndarray
    hops: np.ndarray
    parent: np.ndarray
    consumed: np.ndarray
    iv_first: np.ndarray
    iv_count: np.ndarray
    iv_lo: np.ndarray
    iv_hi: np.ndarray
    iv_label: np.ndarray
    rounding: int
    reseeded: int


def resolve_seeds(chain: UtxoChain, seeds: Sequence[str]) -> np.ndarray:
    """``seed_label[o]``: the index of the seed that names output ``o`` (first seed wins), else -1."""
    if not seeds:
        raise TraceError("give at least one seed: an address or TXID:VOUT")
    label = np.full(chain.n_outputs, -1, dtype=np.int32)
    spendable = (chain.out_kind == OutputKind.REGULAR) | (chain.out_kind == OutputKind.EXTERNAL)
    for number, seed in enumerate(seeds):
        text = seed.strip()
        if ":" in text:
            tx_hash, _, vout = text.rpartition(":")
            if not vout.isdigit():
                raise TraceError(
                    f"seed {seed!r}: the output number after ':' must be a whole number"
                )
            o = chain.outpoint(tx_hash, int(vout))
            if o < 0:
                raise TraceError(
                    f"seed {seed!r}: no loaded transaction has output {vout} of {tx_hash}"
                )
            hits = np.array([o])
        else:
            a = chain.address_id(text)
            if a < 0:
                raise TraceError(f"seed {seed!r}: no loaded output pays this address")
            hits = np.flatnonzero((chain.out_address == a) & spendable)
        fresh = hits[label[hits] < 0]
        label[fresh] = number
    return label


def run_scan(
    chain: UtxoChain,
    seed_label: np.ndarray,
    policy: Policy,
    *,
    stop: np.ndarray | None = None,
    max_hops: int | None = None,
    max_height: int | None = None,
    follow_fees: bool = False,
) -> Taint:
    """The compiled scan over the chain; ``stop`` marks outputs whose taint is not passed on."""
    if stop is None:
        stop = np.zeros(chain.n_outputs, dtype=np.bool_)
    seeded = np.flatnonzero(seed_label >= 0)
    if len(seeded) == 0:
        raise TraceError("no seed output was found in the loaded transactions")
    end_tx = _end_tx(chain, max_height)
    hops_limit = np.iinfo(np.int32).max - 1 if max_hops is None else max_hops
    parts = scan(
        int(policy),
        chain.tx_coinbase,
        chain.tx_height,
        chain.in_ptr,
        chain.out_ptr,
        chain.in_out,
        chain.out_value,
        chain.out_kind,
        chain.out_spender,
        stop,
        seed_label,
        end_tx,
        hops_limit,
        follow_fees,
    )
    return Taint(*parts)


def _end_tx(chain: UtxoChain, max_height: int | None) -> int:
    """One past the last transaction at or below ``max_height`` (all of them without a limit)."""
    if max_height is None:
        return chain.n_tx
    return int(np.searchsorted(chain.tx_height, max_height, side="right"))


def _spent_within(chain: UtxoChain, max_height: int | None) -> np.ndarray:
    end_tx = _end_tx(chain, max_height)
    spent = np.zeros(chain.n_outputs, dtype=np.bool_)
    spent[chain.in_out[: chain.in_ptr[end_tx]]] = True
    return spent


def _path(chain: UtxoChain, parent: np.ndarray, o: int, limit: int = 64) -> list[str]:
    steps = [chain.label_output(o)]
    while parent[o] >= 0 and len(steps) < limit:
        o = int(parent[o])
        steps.append(chain.label_output(o))
    return list(reversed(steps))


def _places(chain: UtxoChain, taint: Taint, mask: np.ndarray, limit: int) -> list[Place]:
    picks = np.flatnonzero(mask)
    picks = picks[np.argsort(-taint.taint[picks], kind="stable")][:limit]
    return [
        Place(
            output=chain.label_output(int(o)),
            address=chain.address_of(int(o)),
            amount=int(taint.taint[o]),
            hops=int(taint.hops[o]),
        )
        for o in picks
    ]


def trace(
    chain: UtxoChain,
    seeds: Sequence[str],
    policy: Policy,
    *,
    attribution: Attribution | None = None,
    currency: str | None = "BTC",
    sink_categories: frozenset[str] = SINK_CATEGORIES,
    max_hops: int | None = None,
    max_height: int | None = None,
    follow_fees: bool = False,
    top_paths: int = 3,
    listed: int = 50,
) -> TraceResult:
    """Follow ``seeds`` (addresses or ``TXID:VOUT``) forward under ``policy``."""
    if max_hops is not None and max_hops < 0:
        raise TraceError(f"max hops {max_hops} must be zero or more")
    seed_label = resolve_seeds(chain, seeds)
    index: AddressIndex | None = (
        attribution.index(chain.addresses, currency) if attribution else None
    )
    has_address = chain.out_address >= 0
    service_tag = np.full(chain.n_outputs, -1, dtype=np.int64)
    if index is not None:
        service_tag[has_address] = index.tag_of[chain.out_address[has_address]]
    sink_by_address = (
        index.sink_mask(sink_categories) if index is not None else np.zeros(0, dtype=np.bool_)
    )
    stop = np.zeros(chain.n_outputs, dtype=np.bool_)
    if index is not None:
        stop[has_address] = sink_by_address[chain.out_address[has_address]]
    taint = run_scan(
        chain,
        seed_label,
        policy,
        stop=stop,
        max_hops=max_hops,
        max_height=max_height,
        follow_fees=follow_fees,
    )

    tainted = taint.taint > 0
    kind = chain.out_kind
    is_sink = stop & (seed_label < 0)
    fees = tainted & (kind == OutputKind.FEE) & ~taint.consumed
    burned = tainted & (kind == OutputKind.UNSPENDABLE)
    at_services = tainted & is_sink & ~burned
    open_outputs = tainted & ~taint.consumed & ~fees & ~burned & ~at_services
    spent = _spent_within(chain, max_height)
    beyond = open_outputs & spent
    unspent = open_outputs & ~spent

    seeded_amount = int(chain.out_value[seed_label >= 0].sum())
    injected = seeded_amount - int(taint.reseeded)
    totals = {
        "services": int(taint.taint[at_services].sum()),
        "unspent": int(taint.taint[unspent].sum()),
        "fees": int(taint.taint[fees].sum()),
        "burned": int(taint.taint[burned].sum()),
        "beyond_limit": int(taint.taint[beyond].sum()),
    }
    balance = Balance(
        seeded=seeded_amount,
        replaced_at_seeds=int(taint.reseeded),
        injected=injected,
        rounding=int(taint.rounding),
        conserved=sum(totals.values()) + int(taint.rounding) == injected,
        **totals,
    )

    services = _flows(
        chain,
        taint,
        seeds,
        at_services,
        service_tag,
        index,
        injected,
        top_paths,
        ranges=policy.uses_ranges,
    )
    anonymity: list[str] = []
    if index is not None:
        touched = tainted & (service_tag >= 0)
        for tag_id in np.unique(service_tag[touched]):
            tag = index.tags[int(tag_id)]
            if set(index.attribution.categories(tag)) & ANONYMITY_CATEGORIES:
                anonymity.append(index.attribution.service_name(tag))
    return TraceResult(
        policy=policy.name.lower(),
        seeds=[
            Seed(
                seed=s,
                outputs=int((seed_label == i).sum()),
                amount=int(chain.out_value[seed_label == i].sum()),
            )
            for i, s in enumerate(seeds)
        ],
        max_hops=max_hops,
        max_height=max_height,
        follow_fees=follow_fees,
        sink_categories=sorted(sink_categories),
        services=services,
        unspent=_places(chain, taint, unspent, listed),
        beyond_limit=_places(chain, taint, beyond, listed),
        anonymity=sorted(set(anonymity)),
        balance=balance,
    )


def _flows(
    chain: UtxoChain,
    taint: Taint,
    seeds: Sequence[str],
    at_services: np.ndarray,
    service_tag: np.ndarray,
    index: AddressIndex | None,
    injected: int,
    top_paths: int,
    *,
    ranges: bool,
) -> list[Flow]:
    if index is None or not at_services.any():
        return []
    outputs = np.flatnonzero(at_services)
    names = np.array(
        [index.attribution.service_name(index.tags[int(t)]) for t in service_tag[outputs]],
        dtype=object,
    )
    flows: list[Flow] = []
    times = chain.tx_time[chain.output_tx(outputs).clip(min=0)]
    for name in sorted(set(names.tolist())):
        mine = outputs[names == name]
        mine_times = times[names == name]
        amounts = taint.taint[mine]
        order = np.argsort(-amounts, kind="stable")
        tags = [index.tags[int(t)] for t in np.unique(service_tag[mine])]
        first = tags[0]
        by_seed: dict[str, int] = {}
        if ranges:
            for o in mine:
                start, count = int(taint.iv_first[o]), int(taint.iv_count[o])
                for q in range(start, start + count):
                    key = seeds[int(taint.iv_label[q])]
                    by_seed[key] = by_seed.get(key, 0) + int(taint.iv_hi[q] - taint.iv_lo[q])
        amount = int(amounts.sum())
        flows.append(
            Flow(
                service=str(name),
                label=first.label,
                categories=list(index.attribution.categories(first)),
                jurisdictions=list(index.attribution.jurisdictions(first)),
                amount=amount,
                share=amount / injected if injected else 0.0,
                hops=int(taint.hops[mine].min()),
                first_time=int(mine_times.min()),
                last_time=int(mine_times.max()),
                outputs=len(mine),
                addresses=sorted({a for a in (chain.address_of(int(o)) for o in mine) if a}),
                tag_sources=sorted({f"{t.pack}: {t.source}" if t.source else t.pack for t in tags}),
                by_seed=by_seed,
                paths=[_path(chain, taint.parent, int(mine[i])) for i in order[:top_paths]],
            )
        )
    flows.sort(key=lambda f: -f.amount)
    return flows
