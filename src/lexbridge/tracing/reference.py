"""A plain-Python taint reference: one dict per transaction, Python integers, no numpy.

It exists to check the compiled scan (tests compare the two on random chains) and as the
baseline of ``benchmarks/bench_tracing.py``. It reads the policies' definitions as literally as
possible (``../shared/reference/tracing.md`` §3) and is slow on purpose-free grounds: clarity first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lexbridge.tracing.policies import Policy

Outpoint = tuple[str, int]
"""``(tx_hash, vout)``; the fee of a transaction is ``(tx_hash, -1)``."""


@dataclass
class RefTx:
    tx_hash: str
    height: int
    inputs: list[Outpoint]
    outputs: list[int]
    coinbase: bool = False
    fee: int = 0


@dataclass
class RefResult:
    taint: dict[Outpoint, int] = field(default_factory=dict)
    ranges: dict[Outpoint, list[tuple[int, int, int]]] = field(default_factory=dict)
    rounding: int = 0
    consumed: set[Outpoint] = field(default_factory=set)


def reference_scan(
    txs: Sequence[RefTx],
    values: Mapping[Outpoint, int],
    seeds: Mapping[Outpoint, int],
    policy: Policy,
    stop: Iterable[Outpoint] = (),
    max_hops: int | None = None,
) -> RefResult:
    """Taint per outpoint after scanning ``txs`` (already in height order) from ``seeds``.

    ``values`` holds every output's value (external outputs included); ``seeds`` maps a seed
    outpoint to its label. Fees are not followed into coinbases.
    """
    stops = set(stop) - set(seeds)
    result = RefResult()
    hops: dict[Outpoint, int] = {}
    for point, label in seeds.items():
        result.taint[point] = values[point]
        result.ranges[point] = [(0, values[point], label)]
        hops[point] = 0
    for tx in txs:
        live = [p for p in tx.inputs if result.taint.get(p, 0) > 0 and p not in stops]
        total = sum(result.taint[p] for p in live)
        if total == 0:
            continue
        hop = min(hops[p] for p in live) + 1
        if max_hops is not None and hop > max_hops:
            continue
        result.consumed.update(live)
        pot = sum(values[p] for p in tx.inputs)
        outs: list[tuple[Outpoint, int]] = [((tx.tx_hash, n), v) for n, v in enumerate(tx.outputs)]
        fee = None if tx.coinbase else ((tx.tx_hash, -1), tx.fee)
        shares: dict[Outpoint, int] = {}
        if policy is Policy.POISON:
            shares = dict(outs)
            if fee:
                shares[fee[0]] = fee[1]
        elif policy is Policy.HAIRCUT:
            shares = {p: min(v, v * total // pot) for p, v in outs}
            rest = total - sum(shares.values())
            if fee:
                shares[fee[0]] = min(rest, fee[1])
                rest -= shares[fee[0]]
            result.rounding += rest
        elif policy is Policy.TIHO:
            rest = total
            for p, v in sorted(outs, key=lambda pv: -pv[1]):
                shares[p] = min(v, rest)
                rest -= shares[p]
            if fee:
                shares[fee[0]] = min(rest, fee[1])
                rest -= shares[fee[0]]
            result.rounding += rest
        else:
            line: list[tuple[int, int, int]] = []
            offset = 0
            order = list(reversed(tx.inputs)) if policy is Policy.LIFO else tx.inputs
            for p in order:
                if p in live:
                    line.extend(
                        (offset + lo, offset + hi, label) for lo, hi, label in result.ranges[p]
                    )
                offset += values[p]
            start = 0
            for p, v in [*outs, *([fee] if fee else [])]:
                end = start + v
                cut: list[tuple[int, int, int]] = []
                for lo, hi, label in line:
                    a, b = max(lo, start), min(hi, end)
                    if b > a:
                        if cut and cut[-1][1] == a - start and cut[-1][2] == label:
                            cut[-1] = (cut[-1][0], b - start, label)
                        else:
                            cut.append((a - start, b - start, label))
                result.ranges[p] = cut
                shares[p] = sum(b - a for a, b, _ in cut)
                start = end
        for p, amount in shares.items():
            if p in seeds:
                # a seed met by taint: the first label keeps its satoshi, the seed fills the rest
                if policy.uses_ranges:
                    merged, at = [], 0
                    for lo, hi, label in result.ranges[p]:
                        if lo > at:
                            merged.append((at, lo, seeds[p]))
                        merged.append((lo, hi, label))
                        at = hi
                    if at < values[p]:
                        merged.append((at, values[p], seeds[p]))
                    result.ranges[p] = merged
                continue
            result.taint[p] = amount
            if amount > 0:
                hops[p] = hop
    return result
