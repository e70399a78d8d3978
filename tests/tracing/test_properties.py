"""The compiled scan equals the plain-Python reference, and conserving policies lose nothing."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexbridge.tracing.policies import Policy
from lexbridge.tracing.readers import chain_from_legs
from lexbridge.tracing.reference import reference_scan
from lexbridge.tracing.tags import Attribution, Tag
from lexbridge.tracing.trace import resolve_seeds, run_scan, trace
from tests.tracing.chains import RandomChain, random_chains

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _draw_seeds(data: st.DataObject, chain: RandomChain) -> list[str]:
    picks = data.draw(
        st.lists(st.sampled_from(chain.outpoints), min_size=1, max_size=3, unique=True)
    )
    return [f"{h}:{n}" for h, n in picks]


def _outpoint_rows(chain, random_chain: RandomChain) -> dict[tuple[str, int], int]:
    rows = {}
    for point in random_chain.values:
        tx_hash, n = point
        t = chain.tx_index(tx_hash)
        start, end = int(chain.out_ptr[t]), int(chain.out_ptr[t + 1])
        rows[point] = end - 1 if n == -1 else chain.outpoint(tx_hash, n)
        assert start <= rows[point] < end
    return rows


@SETTINGS
@given(
    random_chains(),
    st.data(),
    st.sampled_from(list(Policy)),
    st.one_of(st.none(), st.integers(0, 4)),
)
def test_scan_equals_the_reference(
    random_chain: RandomChain, data: st.DataObject, policy: Policy, max_hops: int | None
) -> None:
    chain = chain_from_legs(random_chain.legs)
    seeds = _draw_seeds(data, random_chain)
    stops = data.draw(st.lists(st.sampled_from(random_chain.outpoints), max_size=3))
    rows = _outpoint_rows(chain, random_chain)
    stop = np.zeros(chain.n_outputs, dtype=np.bool_)
    stop[[rows[p] for p in stops]] = True

    got = run_scan(chain, resolve_seeds(chain, seeds), policy, stop=stop, max_hops=max_hops)
    seed_points = {}
    for label, seed in enumerate(seeds):
        tx_hash, _, n = seed.rpartition(":")
        seed_points.setdefault((tx_hash, int(n)), label)
    want = reference_scan(
        random_chain.txs, random_chain.values, seed_points, policy, stops, max_hops
    )

    for point, row in rows.items():
        assert int(got.taint[row]) == want.taint.get(point, 0), (point, policy)
        if policy.uses_ranges and want.taint.get(point, 0) > 0:
            first, count = int(got.iv_first[row]), int(got.iv_count[row])
            ranges = [
                (int(got.iv_lo[q]), int(got.iv_hi[q]), int(got.iv_label[q]))
                for q in range(first, first + count)
            ]
            assert ranges == want.ranges[point], point
    assert got.rounding == want.rounding


@SETTINGS
@given(
    random_chains(),
    st.data(),
    st.sampled_from([p for p in Policy if p.conserving]),
    st.one_of(st.none(), st.integers(0, 3)),
)
def test_conserving_policies_account_for_every_tainted_unit(
    random_chain: RandomChain, data: st.DataObject, policy: Policy, max_hops: int | None
) -> None:
    chain = chain_from_legs(random_chain.legs)
    seeds = _draw_seeds(data, random_chain)
    exchange = data.draw(
        st.sets(
            st.sampled_from(sorted(set(random_chain.legs.column("address").to_pylist()) - {None})),
            max_size=2,
        )
    )
    attribution = Attribution(
        tags=[
            Tag(
                address=a,
                label="Exchange",
                actor="ex",
                category="exchange",
                currency=None,
                source="test",
                confidence=None,
                pack="t",
            )
            for a in exchange
        ]
    )
    result = trace(chain, seeds, policy, attribution=attribution, max_hops=max_hops)
    b = result.balance
    assert b.conserved, b
    assert b.services + b.unspent + b.fees + b.burned + b.beyond_limit + b.rounding == b.injected
    assert b.injected <= b.seeded
    if policy in (Policy.FIFO, Policy.LIFO, Policy.TIHO):
        assert b.rounding == 0
    if result.services:
        assert sum(f.amount for f in result.services) == b.services
