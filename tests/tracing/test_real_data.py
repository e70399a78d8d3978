"""Real Bitcoin blocks (bitcoin-etl fixtures) and real attribution packs (GraphSense), both MIT."""

from __future__ import annotations

import json
from functools import cache

import pytest
import yaml

from lexbridge.tracing.policies import Policy
from lexbridge.tracing.readers import load_chain
from lexbridge.tracing.tags import Attribution
from lexbridge.tracing.trace import trace
from tests.tracing.chains import chain_of, tx
from tests.tracing.conftest import BITCOIN_ETL, TAGPACKS

pytestmark = pytest.mark.usefixtures("shared_data")

STREAM = BITCOIN_ETL / "stream_50001_50002"
SPEND_TWO_COINBASES = "7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a"
COINBASE_A = "76a8d70a757be5055f60be076b683897cadaad6b7bdf78c43e39b9d59cb4a6ea"
KUCOIN_WALLET = "bc1qgrxsrmrhsapvh9addyx6sh8j4rw0sn9xtur9uq"


def _blocks_50001_50002():
    files = sorted(STREAM.glob("rpc_response_getblock_*_2.json")) + sorted(
        STREAM.glob("rpc_response_getrawtransaction_*.json")
    )
    return load_chain(files)


def test_real_blocks_load_with_bitcoin_etls_values_and_addresses() -> None:
    chain = _blocks_50001_50002()
    expected = [
        json.loads(line)
        for line in (STREAM / "expected_transactions.json").read_text().splitlines()
    ]
    assert sorted(chain.tx_hash.to_pylist()) == sorted(t["hash"] for t in expected)
    for row in expected:
        for out in row["outputs"]:
            o = chain.outpoint(row["hash"], out["index"])
            assert int(chain.out_value[o]) == out["value"]
            assert chain.address_of(o) == out["addresses"][0]
    t = chain.tx_index(SPEND_TWO_COINBASES)
    assert int(chain.in_ptr[t + 1] - chain.in_ptr[t]) == 2
    assert int(chain.out_value[int(chain.out_ptr[t + 1]) - 1]) == 0, "fee of 7940cd… is zero"


def test_a_real_block_traces_the_spent_coinbase_to_its_recipient() -> None:
    chain = _blocks_50001_50002()
    result = trace(chain, [f"{COINBASE_A}:0"], Policy.HAIRCUT)
    assert result.seeds[0].amount == 50 * 100_000_000
    assert [(p.address, p.amount) for p in result.unspent] == [
        ("1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ", 50 * 100_000_000)
    ]
    assert result.balance.conserved


def test_blocks_0_and_1_load_from_getblock_alone() -> None:
    chain = load_chain(sorted(BITCOIN_ETL.glob("block_[01]/rpc_response_getblock_*.json")))
    assert chain.n_tx == 2
    assert chain.tx_coinbase.all()
    assert (
        chain.address_of(
            chain.outpoint("0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098", 0)
        )
        == "12c6DSiU4Rq3P4ZxziKxzrL5LmMBrzjrJX"
    )


@cache
def _packs() -> Attribution:
    attribution = Attribution()
    for path in sorted((TAGPACKS / "packs").glob("*.yaml")):
        attribution.add(path)
    attribution.add(TAGPACKS / "actors" / "graphsense.actorpack.yaml")
    return attribution


def _actor(actor_id: str) -> dict[str, object]:
    actors = yaml.safe_load((TAGPACKS / "actors" / "graphsense.actorpack.yaml").read_text())[
        "actors"
    ]
    return next(a for a in actors if a["id"] == actor_id)


def test_real_tags_attribute_exchange_addresses_to_their_jurisdictions() -> None:
    """A ransom traced into a real KuCoin reserve wallet lands in KuCoin's jurisdiction (the ActorPack's)."""
    chain = chain_of(
        tx("ransom", 1, outputs=(("victim-paid-here", 10**8),)),
        tx(
            "hop",
            2,
            inputs=(("ransom", 0),),
            outputs=((KUCOIN_WALLET, 6 * 10**7), ("change", 4 * 10**7)),
        ),
    )
    result = trace(chain, ["victim-paid-here"], Policy.FIFO, attribution=_packs())
    [flow] = result.services
    assert flow.service == "kucoin"
    assert flow.jurisdictions == _actor("kucoin")["jurisdictions"] == ["SC"]
    assert flow.amount == 6 * 10**7
    assert flow.hops == 1
    assert flow.paths == [["ransom:0", "hop:0"]]
    assert any("exchange-wallets-kucoin.yaml" in s for s in flow.tag_sources)
    assert result.jurisdictions() == {"SC": 6 * 10**7}
    assert result.balance.services + result.balance.unspent == 10**8


def test_tags_with_an_actor_take_its_categories_and_jurisdictions() -> None:
    attribution = _packs()
    bitstamp = [t for t in attribution.tags if t.actor == "bitstamp"]
    assert bitstamp, "hacks.yaml tags Bitstamp's cold wallets"
    assert attribution.jurisdictions(bitstamp[0]) == tuple(_actor("bitstamp")["jurisdictions"])
    assert "exchange" in attribution.categories(bitstamp[0])
