"""Account-chain tracing: pools per account, per token, with exchanges and their jurisdictions."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexbridge.tracing.accounts import load_transfers, trace_accounts
from lexbridge.tracing.chain import ChainError
from lexbridge.tracing.policies import Policy
from lexbridge.tracing.tags import Attribution, Tag
from lexbridge.tracing.trace import TraceError
from tests.tracing.chains import write_csv

VICTIM, ONE, TWO, CLEAN, EXCHANGE = "0xvictim", "0xaaa", "0xbbb", "0xccc", "0xexchange"


@pytest.fixture
def transfers(tmp_path: Path):
    """The victim pays 100 to A; A sends 60 to B, receives 100 clean, then sends 50 to an exchange."""
    path = write_csv(
        tmp_path / "t.csv",
        ["from", "to", "value", "token", "block", "time", "tx_hash", "log_index"],
        [
            [VICTIM, ONE, 100, "usdt", 1, 10, "0x01", 0],
            [ONE, TWO, 60, "usdt", 2, 20, "0x02", 0],
            [CLEAN, ONE, 100, "usdt", 3, 30, "0x03", 0],
            [ONE, EXCHANGE, 50, "usdt", 4, 40, "0x04", 0],
            [ONE, EXCHANGE, 7, "dai", 4, 40, "0x04", 1],
        ],
    )
    return load_transfers([path])


@pytest.fixture
def exchange_tags(tmp_path: Path) -> Attribution:
    attribution = Attribution()
    attribution.add(
        write_csv(
            tmp_path / "tags.csv",
            ["address", "label", "actor", "category", "jurisdictions", "source"],
            [
                [
                    EXCHANGE,
                    "Example Exchange",
                    "example",
                    "exchange",
                    "SC",
                    "unit's own case file 2026/17",
                ]
            ],
        )
    )
    return attribution


@pytest.mark.parametrize(
    ("policy", "at_exchange", "held"),
    [
        (Policy.HAIRCUT, 14, 86),
        (Policy.FIFO, 40, 60),
        (Policy.LIFO, 0, 100),
        (Policy.POISON, 50, None),
    ],
)
def test_each_policy_sends_its_share_to_the_exchange(
    transfers, exchange_tags, policy, at_exchange, held
) -> None:
    result = trace_accounts(transfers, ["0x01"], policy, attribution=exchange_tags, currency=None)
    reached = {f.service: f for f in result.services}
    assert (reached["example"].amount if "example" in reached else 0) == at_exchange
    if at_exchange:
        assert reached["example"].jurisdictions == ["SC"]
        assert reached["example"].hops == 1
    if held is not None:
        assert result.balance.unspent == held
        assert result.balance.conserved


def test_taint_does_not_cross_tokens(transfers, exchange_tags) -> None:
    result = trace_accounts(
        transfers, [ONE], Policy.POISON, attribution=exchange_tags, currency=None
    )
    assert result.seeds[0].amount == 200, (
        "both USDT deposits into A are seeds when A itself is the seed"
    )
    dai = trace_accounts(
        transfers, ["0x04:1"], Policy.HAIRCUT, attribution=exchange_tags, currency=None
    )
    assert dai.services[0].amount == 7


def test_values_beyond_64_bits_need_a_unit(tmp_path: Path) -> None:
    header = [
        "token_address",
        "from_address",
        "to_address",
        "value",
        "transaction_hash",
        "log_index",
        "block_number",
    ]
    path = write_csv(
        tmp_path / "erc20.csv", header, [["0xToken", VICTIM, ONE, str(5 * 10**24), "0x09", 3, 100]]
    )
    with pytest.raises(ChainError, match=r"exceeds 64 bits.*unit_decimals"):
        load_transfers([path])
    loaded = load_transfers([path], unit_decimals=9)
    assert int(loaded.value[0]) == 5 * 10**15
    assert (
        trace_accounts(loaded, ["0x09:3"], Policy.FIFO, currency=None).balance.unspent == 5 * 10**15
    )


def test_bad_account_seeds_and_policies_are_named(transfers) -> None:
    with pytest.raises(TraceError, match="'0xnobody'"):
        trace_accounts(transfers, ["0xnobody"], Policy.HAIRCUT)
    with pytest.raises(TraceError, match="highest"):
        trace_accounts(transfers, ["0x01"], Policy.TIHO)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 10**6)),
        min_size=1,
        max_size=40,
    ),
    st.data(),
    st.sampled_from([Policy.HAIRCUT, Policy.FIFO, Policy.LIFO]),
)
def test_account_tracing_conserves_the_seed(rows, data, policy) -> None:
    accounts = [f"0x{i:040x}" for i in range(6)]
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(
            Path(folder) / "t.csv",
            ["from", "to", "value", "block", "tx_hash", "log_index"],
            [[accounts[a], accounts[b], v, k, f"0x{k:x}", 0] for k, (a, b, v) in enumerate(rows)],
        )
        transfers = load_transfers([path])
    k = data.draw(st.integers(0, len(rows) - 1))
    exchange = data.draw(st.sampled_from(accounts))
    attribution = Attribution(
        tags=[
            Tag(
                address=exchange,
                label="X",
                actor="x",
                category="exchange",
                currency=None,
                source=None,
                confidence=None,
                pack="t",
            )
        ]
    )
    if rows[k][2] == 0:
        return
    result = trace_accounts(
        transfers, [f"0x{k:x}:0"], policy, attribution=attribution, currency=None
    )
    b = result.balance
    assert b.conserved, b
    assert b.services + b.unspent + b.rounding == b.injected == rows[k][2]
