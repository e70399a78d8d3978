"""Multi-input clustering: addresses spent together in one transaction belong to one entity.

The co-spend heuristic (Nakamoto, "Bitcoin", 2008, §10; Meiklejohn et al., "A Fistful of
Bitcoins", IMC 2013, heuristic 1), as GraphSense applies it: coinbase transactions are skipped,
CoinJoin-looking transactions are skipped unless asked otherwise (a CoinJoin joins the inputs of
several people on purpose), and multisig inputs, which have no single owner, are left out. Every
merge is recorded with the transaction that caused it, so any two addresses of a cluster can be
shown to belong together, transaction by transaction (explainable clustering).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numba as nb
import numpy as np
import pyarrow.compute as pc

from lexbridge.tracing.chain import UtxoChain


@nb.njit(cache=True)
def _looks_like_coinjoin(
    in_ptr: np.ndarray,
    out_ptr: np.ndarray,
    in_out: np.ndarray,
    out_value: np.ndarray,
    out_address: np.ndarray,
    out_kind: np.ndarray,
    tx_coinbase: np.ndarray,
) -> np.ndarray:
    """BlockSci's CoinJoin test (``src/heuristics/tx_identification.cpp``, as ported by graphsense-lib):
    at least 2 inputs and 3 outputs; ``p = (outputs + 1) // 2`` participants, no more than the
    inputs or the distinct input addresses; the most common output value (ties: the lowest) occurs
    exactly ``p`` times and is not a dust amount (546 or 2730 satoshi)."""
    n_tx = len(in_ptr) - 1
    flags = np.zeros(n_tx, dtype=np.bool_)
    for t in range(n_tx):
        if tx_coinbase[t]:
            continue
        n_in = in_ptr[t + 1] - in_ptr[t]
        c0, c1 = out_ptr[t], out_ptr[t + 1]
        n_out = 0
        for o in range(c0, c1):
            if out_kind[o] != 1:
                n_out += 1
        if n_in < 2 or n_out < 3:
            continue
        participants = (n_out + 1) // 2
        if participants > n_in:
            continue
        addrs = np.sort(out_address[in_out[in_ptr[t] : in_ptr[t + 1]]])
        distinct = 1
        for k in range(1, len(addrs)):
            if addrs[k] != addrs[k - 1]:
                distinct += 1
        if participants > distinct:
            continue
        values = np.empty(n_out, dtype=np.int64)
        j = 0
        for o in range(c0, c1):
            if out_kind[o] != 1:
                values[j] = out_value[o]
                j += 1
        values.sort()
        best_value, best_count, run = values[0], 1, 1
        for k in range(1, n_out):
            run = run + 1 if values[k] == values[k - 1] else 1
            if run > best_count:
                best_value, best_count = values[k], run
        if best_count == participants and best_value != 546 and best_value != 2730:
            flags[t] = True
    return flags


@nb.njit(cache=True)
def _find(parent: np.ndarray, a: int) -> int:
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


@nb.njit(cache=True)
def _union_inputs(
    n_addresses: int,
    in_ptr: np.ndarray,
    in_out: np.ndarray,
    out_address: np.ndarray,
    usable_address: np.ndarray,
    skip_tx: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    parent = np.arange(n_addresses, dtype=np.int64)
    m_a = np.empty(1024, dtype=np.int64)
    m_b = np.empty(1024, dtype=np.int64)
    m_t = np.empty(1024, dtype=np.int64)
    n_m = 0
    for t in range(len(in_ptr) - 1):
        if skip_tx[t]:
            continue
        first = -1
        for k in range(in_ptr[t], in_ptr[t + 1]):
            a = out_address[in_out[k]]
            if a < 0 or not usable_address[a]:
                continue
            if first < 0:
                first = a
                continue
            ra, rb = _find(parent, a), _find(parent, first)
            if ra != rb:
                if ra < rb:
                    parent[rb] = ra
                else:
                    parent[ra] = rb
                if n_m == len(m_a):
                    m_a = np.concatenate((m_a, np.empty(len(m_a), dtype=np.int64)))
                    m_b = np.concatenate((m_b, np.empty(len(m_b), dtype=np.int64)))
                    m_t = np.concatenate((m_t, np.empty(len(m_t), dtype=np.int64)))
                m_a[n_m], m_b[n_m], m_t[n_m] = a, first, t
                n_m += 1
    for a in range(n_addresses):
        parent[a] = _find(parent, a)
    return parent, m_a[:n_m], m_b[:n_m], m_t[:n_m]


@dataclass(frozen=True)
class Clustering:
    """``cluster[a]``: the cluster of address ``a`` (its smallest member's id); the merges that made it."""

    cluster: np.ndarray
    merge_a: np.ndarray
    merge_b: np.ndarray
    merge_tx: np.ndarray
    coinjoin: np.ndarray

    def members(self, address: int) -> np.ndarray:
        return np.flatnonzero(self.cluster == self.cluster[address])

    def explain(self, chain: UtxoChain, a: int, b: int) -> list[tuple[str, str, str]]:
        """The chain of co-spends linking address ``a`` to ``b``: ``(address, address, tx_hash)`` steps.

        Empty when ``a == b``; ``ValueError`` when the two are not in one cluster.
        """
        if self.cluster[a] != self.cluster[b]:
            raise ValueError("the two addresses are not in one cluster")
        if a == b:
            return []
        root = self.cluster[a]
        inside = np.flatnonzero(self.cluster[self.merge_a] == root)
        neighbours: dict[int, list[tuple[int, int]]] = {}
        for m in inside:
            x, y, t = int(self.merge_a[m]), int(self.merge_b[m]), int(self.merge_tx[m])
            neighbours.setdefault(x, []).append((y, t))
            neighbours.setdefault(y, []).append((x, t))
        came: dict[int, tuple[int, int]] = {a: (-1, -1)}
        queue = deque([a])
        while queue:
            x = queue.popleft()
            if x == b:
                break
            for y, t in neighbours.get(x, []):
                if y not in came:
                    came[y] = (x, t)
                    queue.append(y)
        steps: list[tuple[str, str, str]] = []
        x = b
        while x != a:
            prev, t = came[x]
            steps.append(
                (str(chain.addresses[prev]), str(chain.addresses[x]), str(chain.tx_hash[t]))
            )
            x = prev
        return list(reversed(steps))


def cluster_addresses(chain: UtxoChain, *, skip_coinjoin: bool = True) -> Clustering:
    """Co-spend clusters over every loaded transaction; CoinJoins (flagged in the data or by
    BlockSci's test) are skipped unless ``skip_coinjoin`` is false."""
    detected = _looks_like_coinjoin(
        chain.in_ptr,
        chain.out_ptr,
        chain.in_out,
        chain.out_value,
        chain.out_address,
        chain.out_kind,
        chain.tx_coinbase,
    )
    coinjoin = chain.tx_coinjoin | detected
    skip = chain.tx_coinbase | (coinjoin if skip_coinjoin else np.zeros_like(coinjoin))
    multisig = pc.match_substring(chain.addresses, "+").to_numpy(zero_copy_only=False)
    usable = ~np.asarray(multisig, dtype=np.bool_)
    parent, m_a, m_b, m_t = _union_inputs(
        len(chain.addresses),
        chain.in_ptr,
        chain.in_out,
        chain.out_address,
        usable,
        skip,
    )
    return Clustering(cluster=parent, merge_a=m_a, merge_b=m_b, merge_tx=m_t, coinjoin=coinjoin)
