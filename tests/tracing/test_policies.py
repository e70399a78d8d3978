"""The worked test vector of ../shared/reference/tracing.md §3.6, and the further cases it lists."""

from __future__ import annotations

import pytest

from lexbridge.tracing.policies import Policy, parse_policy
from lexbridge.tracing.trace import TraceError, resolve_seeds, run_scan, trace
from tests.tracing.chains import chain_of, tx

BTC = 100_000_000


def _vector(swap: bool = False):
    """i1 = 3 BTC tainted, i2 = 7 BTC clean; o1 = 4 BTC, o2 = 5.9 BTC; fee 0.1 BTC."""
    first, second = (1, 0) if swap else (0, 1)
    return chain_of(
        tx("aa", 1, outputs=(("victim-pay", 3 * BTC), ("clean", 7 * BTC)), time=10),
        tx(
            "bb",
            2,
            inputs=(("aa", first), ("aa", second)),
            outputs=(("o1", 4 * BTC), ("o2", 590_000_000)),
            time=20,
        ),
    )


def _outputs_of_bb(chain, policy: Policy) -> tuple[int, int, int]:
    scanned = run_scan(chain, resolve_seeds(chain, ["aa:0"]), policy)
    start = int(chain.out_ptr[chain.tx_index("bb")])
    o1, o2, fee = (int(v) for v in scanned.taint[start : start + 3])
    return o1, o2, fee


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (Policy.POISON, (400_000_000, 590_000_000, 10_000_000)),
        (Policy.HAIRCUT, (120_000_000, 177_000_000, 3_000_000)),
        (Policy.FIFO, (300_000_000, 0, 0)),
        (Policy.LIFO, (0, 290_000_000, 10_000_000)),
        (Policy.TIHO, (0, 300_000_000, 0)),
    ],
)
def test_worked_vector(policy: Policy, expected: tuple[int, int, int]) -> None:
    assert _outputs_of_bb(_vector(), policy) == expected


def test_swapped_inputs_move_fifo_taint_to_the_second_output_and_the_fee() -> None:
    assert _outputs_of_bb(_vector(swap=True), Policy.FIFO) == (0, 290_000_000, 10_000_000)
    assert _outputs_of_bb(_vector(swap=True), Policy.HAIRCUT) == (
        120_000_000,
        177_000_000,
        3_000_000,
    )


def test_a_tainted_output_never_spent_stays_unspent_and_the_fee_is_a_sink() -> None:
    result = trace(_vector(), ["victim-pay"], Policy.HAIRCUT)
    assert result.balance.unspent == 297_000_000
    assert result.balance.fees == 3_000_000
    assert result.balance.conserved
    assert [p.output for p in result.unspent] == ["bb:1", "bb:0"]


def test_op_return_output_gets_no_taint() -> None:
    chain = chain_of(
        tx("aa", 1, outputs=(("a", 10),)),
        tx("bb", 2, inputs=(("aa", 0),), outputs=((None, 0, False), ("b", 10))),
    )
    for policy in Policy:
        scanned = run_scan(chain, resolve_seeds(chain, ["aa:0"]), policy)
        assert int(scanned.taint[chain.outpoint("bb", 0)]) == 0
        assert int(scanned.taint[chain.outpoint("bb", 1)]) == 10


def test_haircut_taint_diffuses_below_one_satoshi_and_floors_to_zero() -> None:
    """1 tainted sat mixed with 99 clean, then again: the second hop floors to 0 and is counted as rounding."""
    chain = chain_of(
        tx("s", 1, outputs=(("seed", 1), ("clean", 99))),
        tx("h1", 2, inputs=(("s", 0), ("s", 1)), outputs=(("x", 50), ("y", 50))),
    )
    result = trace(chain, ["s:0"], Policy.HAIRCUT)
    assert result.balance.unspent == 0
    assert result.balance.rounding == 1
    assert result.balance.conserved


def test_fifo_collision_keeps_the_first_label() -> None:
    """Seed A's satoshi reach an output that is itself seed B: A's satoshi keep A's label."""
    chain = chain_of(
        tx("a", 1, outputs=(("first-victim", 4),)),
        tx("b", 1, outputs=(("other", 6),)),
        tx("m", 2, inputs=(("a", 0), ("b", 0)), outputs=(("second-victim", 10),)),
    )
    scanned = run_scan(chain, resolve_seeds(chain, ["a:0", "m:0"]), Policy.FIFO)
    o = chain.outpoint("m", 0)
    start, count = int(scanned.iv_first[o]), int(scanned.iv_count[o])
    ranges = [
        (int(scanned.iv_lo[q]), int(scanned.iv_hi[q]), int(scanned.iv_label[q]))
        for q in range(start, start + count)
    ]
    assert ranges == [(0, 4, 0), (4, 10, 1)]
    assert scanned.reseeded == 4


def test_fee_taint_follows_into_the_coinbase_when_asked() -> None:
    """BlockSci's taint_fee: the coinbase spends [subsidy, fees of the block in order]."""
    chain = chain_of(
        tx("aa", 1, outputs=(("a", 100),)),
        tx("bb", 2, inputs=(("aa", 0),), outputs=(("b", 90),)),
        tx("cb", 2, outputs=(("miner", 60),)),
    )
    kept = trace(chain, ["aa:0"], Policy.FIFO)
    followed = trace(chain, ["aa:0"], Policy.FIFO, follow_fees=True)
    assert kept.balance.fees == 10
    assert followed.balance.fees == 0
    assert followed.balance.unspent == 100
    assert any(p.address == "miner" and p.amount == 10 for p in followed.unspent)


def test_hop_limit_stops_the_trace_and_says_where() -> None:
    chain = chain_of(
        tx("t0", 1, outputs=(("a", 10),)),
        tx("t1", 2, inputs=(("t0", 0),), outputs=(("b", 10),)),
        tx("t2", 3, inputs=(("t1", 0),), outputs=(("c", 10),)),
    )
    result = trace(chain, ["a"], Policy.HAIRCUT, max_hops=1)
    assert result.balance.beyond_limit == 10
    assert [p.output for p in result.beyond_limit] == ["t1:0"]
    assert trace(chain, ["a"], Policy.HAIRCUT).unspent[0].output == "t2:0"


def test_bad_seeds_and_policies_are_named() -> None:
    chain = _vector()
    with pytest.raises(TraceError, match="'nowhere'"):
        trace(chain, ["nowhere"], Policy.FIFO)
    with pytest.raises(TraceError, match="'aa:9'"):
        trace(chain, ["aa:9"], Policy.FIFO)
    with pytest.raises(ValueError, match=r"'median'.*poison, haircut, fifo, lifo, tiho"):
        parse_policy("median")
    assert parse_policy("highest-output") is Policy.TIHO
