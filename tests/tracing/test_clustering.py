"""Co-spend clustering against GraphSense's reference clusters, and its explanations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lexbridge.tracing.clustering import cluster_addresses
from lexbridge.tracing.readers import chain_from_legs
from tests.tracing.chains import chain_of, tx
from tests.tracing.conftest import GRAPHSENSE, graphsense_fixture_legs


def _reference_partition(name: str) -> set[frozenset[str]]:
    ids = {}
    for line in (GRAPHSENSE / "reference" / "address_ids.json").read_text().splitlines():
        row = json.loads(line)
        ids[row["addressId"]] = row["address"]
    groups: dict[int, set[str]] = {}
    for line in (GRAPHSENSE / "reference" / name).read_text().splitlines():
        row = json.loads(line)
        if ids.get(row["addressId"], "coinbase") != "coinbase":
            groups.setdefault(row["clusterId"], set()).add(ids[row["addressId"]])
    return {frozenset(g) for g in groups.values()}


def _our_partition(skip_coinjoin: bool) -> set[frozenset[str]]:
    chain = chain_from_legs(graphsense_fixture_legs())
    clustering = cluster_addresses(chain, skip_coinjoin=skip_coinjoin)
    addresses = chain.addresses.to_pylist()
    groups: dict[int, set[str]] = {}
    for a, root in enumerate(clustering.cluster):
        if "+" not in addresses[a]:
            groups.setdefault(int(root), set()).add(addresses[a])
    return {frozenset(g) for g in groups.values()}


@pytest.mark.usefixtures("shared_data")
def test_clusters_equal_graphsense_reference_with_coinjoin_filtering() -> None:
    assert _our_partition(skip_coinjoin=True) == _reference_partition("address_cluster.json")


@pytest.mark.usefixtures("shared_data")
def test_clusters_equal_graphsense_reference_without_coinjoin_filtering() -> None:
    assert _our_partition(skip_coinjoin=False) == _reference_partition(
        "address_cluster_with_coinjoin.json"
    )


def _chain(*txs: tuple[str, list[tuple[str, int]], list[tuple[str, int]]]):
    """One transaction a block, in order."""
    return chain_of(
        *(
            tx(h, height, tuple(ins), tuple(outs))
            for height, (h, ins, outs) in enumerate(txs, start=1)
        )
    )


def test_minimal_union_find_and_its_explanation() -> None:
    """A spends {a1, a2}, B spends {a2, a3}: one cluster, explained by A then B; a coinbase to a4 stays alone."""
    chain = _chain(
        ("f1", [], [("a1", 10), ("a2", 10), ("a2", 10), ("a3", 10)]),
        ("a0", [("f1", 0), ("f1", 1)], [("x", 20)]),
        ("b0", [("f1", 2), ("f1", 3)], [("y", 20)]),
        ("c0", [], [("a4", 50)]),
    )
    clustering = cluster_addresses(chain)
    a1, a3, a4 = (chain.address_id(a) for a in ("a1", "a3", "a4"))
    assert clustering.cluster[a1] == clustering.cluster[a3]
    assert len(clustering.members(a4)) == 1
    assert clustering.explain(chain, a1, a3) == [("a1", "a2", "a0"), ("a2", "a3", "b0")]
    with pytest.raises(ValueError, match="not in one cluster"):
        clustering.explain(chain, a1, a4)


def test_a_coinjoin_does_not_merge_its_participants() -> None:
    """Two inputs, equal outputs of 5 and two change outputs: BlockSci's test finds the CoinJoin."""
    chain = _chain(
        ("f1", [], [("b1", 8), ("c1", 9)]),
        ("cj", [("f1", 0), ("f1", 1)], [("p", 5), ("q", 5), ("r", 3), ("s", 4)]),
    )
    b1, c1 = chain.address_id("b1"), chain.address_id("c1")
    filtered = cluster_addresses(chain)
    assert bool(filtered.coinjoin[chain.tx_index("cj")])
    assert filtered.cluster[b1] != filtered.cluster[c1]
    assert (
        cluster_addresses(chain, skip_coinjoin=False).cluster[b1]
        == cluster_addresses(chain, skip_coinjoin=False).cluster[c1]
    )
    assert not np.any(filtered.merge_tx == chain.tx_index("cj"))
