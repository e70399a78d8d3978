"""The forward taint scan, compiled with numba: one pass over the transactions in height order.

This is BlockSci's algorithm (``src/heuristics/taint.cpp``): start at the first transaction that
spends a seed, and for each later transaction with a tainted input share that taint among its
outputs by the policy. Arrays only; the Python reference in :mod:`lexbridge.tracing.reference`
computes the same numbers one object at a time, and the tests hold the two equal.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from lexbridge.tracing.policies import Policy

_POISON = int(Policy.POISON)
_HAIRCUT = int(Policy.HAIRCUT)
_FIFO = int(Policy.FIFO)
_LIFO = int(Policy.LIFO)
_TIHO = int(Policy.TIHO)
_FEE_KIND = 1
_MASK32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)


@nb.njit(cache=True, inline="always")
def _mul128(a: np.uint64, b: np.uint64) -> tuple[np.uint64, np.uint64]:
    a_lo, a_hi = a & _MASK32, a >> _S32
    b_lo, b_hi = b & _MASK32, b >> _S32
    p0 = a_lo * b_lo
    p1 = a_lo * b_hi
    p2 = a_hi * b_lo
    p3 = a_hi * b_hi
    mid = (p0 >> _S32) + (p1 & _MASK32) + (p2 & _MASK32)
    lo = (p0 & _MASK32) | ((mid & _MASK32) << _S32)
    hi = p3 + (p1 >> _S32) + (p2 >> _S32) + (mid >> _S32)
    return hi, lo


@nb.njit(cache=True)
def muldiv(a: int, b: int, c: int) -> int:
    """``floor(a*b/c)`` exactly for 0 <= a, b, c < 2**63, c > 0, without 128-bit integers."""
    if a == 0 or b == 0:
        return 0
    ua, ub, uc = np.uint64(a), np.uint64(b), np.uint64(c)
    ph, pl = _mul128(ua, ub)
    q = np.int64(float(a) * (float(b) / float(c)))
    if q < 0:
        q = np.int64(0)
    while True:
        qh, ql = _mul128(np.uint64(q), uc)
        if qh > ph or (qh == ph and ql > pl):
            q -= 1
            continue
        nh, nl = _mul128(np.uint64(q + 1), uc)
        if nh < ph or (nh == ph and nl <= pl):
            q += 1
            continue
        return int(q)


@nb.njit(cache=True)
def _grow(arr: np.ndarray, need: int) -> np.ndarray:
    if need <= len(arr):
        return arr
    size = max(need, 2 * len(arr) + 16)
    bigger = np.empty(size, dtype=arr.dtype)
    bigger[: len(arr)] = arr
    return bigger


@nb.njit(cache=True)
def scan(
    policy: int,
    tx_coinbase: np.ndarray,
    tx_height: np.ndarray,
    in_ptr: np.ndarray,
    out_ptr: np.ndarray,
    in_out: np.ndarray,
    out_value: np.ndarray,
    out_kind: np.ndarray,
    out_spender: np.ndarray,
    stop: np.ndarray,
    seed_label: np.ndarray,
    end_tx: int,
    max_hops: int,
    follow_fees: bool,
) -> tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    int,
    int,
]:
    """Propagate taint from the seed outputs (``seed_label >= 0``) over transactions before ``end_tx``.

    Only transactions that spend a tainted output are visited, in chain order (each tainted
    output marks its spender, ``out_spender``, which always comes later), which gives the forward
    scan's result without reading the untainted rest of the chain's inputs and outputs.

    Returns ``taint`` (per output), ``hops`` (defined where taint > 0), ``parent`` (the tainted output whose
    spending passed the most taint on, -1 for seeds), ``consumed`` (tainted and passed on), the
    FIFO/LIFO ranges (``iv_first``, ``iv_count``, ``iv_lo``, ``iv_hi``, ``iv_label``), the
    satoshi lost to floor rounding and the taint that reached a seed and was replaced by it.
    """
    n_out = len(out_value)
    ranges = policy in (_FIFO, _LIFO)
    taint = np.zeros(n_out, dtype=np.int64)
    # hops and parent are meaningful only where taint > 0: left uninitialised, never read elsewhere
    hops = np.empty(n_out, dtype=np.int32)
    parent = np.empty(n_out, dtype=np.int64)
    consumed = np.zeros(n_out, dtype=np.bool_)
    iv_first = np.zeros(n_out if ranges else 0, dtype=np.int64)
    iv_count = np.zeros(n_out if ranges else 0, dtype=np.int32)
    iv_lo = np.empty(1024 if ranges else 0, dtype=np.int64)
    iv_hi = np.empty(1024 if ranges else 0, dtype=np.int64)
    iv_label = np.empty(1024 if ranges else 0, dtype=np.int32)
    n_iv = 0
    tmp_lo = np.empty(64, dtype=np.int64)
    tmp_hi = np.empty(64, dtype=np.int64)
    tmp_label = np.empty(64, dtype=np.int32)
    rounding = 0
    reseeded = 0

    for o in range(n_out):
        if seed_label[o] >= 0:
            taint[o] = out_value[o]
            hops[o] = 0
            parent[o] = -1
            if ranges:
                iv_lo = _grow(iv_lo, n_iv + 1)
                iv_hi = _grow(iv_hi, n_iv + 1)
                iv_label = _grow(iv_label, n_iv + 1)
                iv_first[o] = n_iv
                iv_count[o] = 1
                iv_lo[n_iv] = 0
                iv_hi[n_iv] = out_value[o]
                iv_label[n_iv] = seed_label[o]
                n_iv += 1

    # a transaction is visited when it spends taint; those it makes taint for always come later
    queued = np.zeros(len(tx_height), dtype=np.bool_)
    first = end_tx
    for o in range(n_out):
        if seed_label[o] >= 0:
            s = out_spender[o]
            if 0 <= s < end_tx:
                queued[s] = True
                first = min(first, s)
    for t in range(first, end_tx):
        if not queued[t]:
            continue
        c0, c1 = out_ptr[t], out_ptr[t + 1]
        fee_inputs = tx_coinbase[t] and follow_fees
        block_start = np.searchsorted(tx_height, tx_height[t]) if fee_inputs else t
        # --- the taint coming in, and the pot it comes from
        total_taint = 0
        pot = 0
        best_hop = -1
        best_in = -1
        best_taint = 0
        if fee_inputs:
            for u in range(block_start, t):
                if not tx_coinbase[u]:
                    f = out_ptr[u + 1] - 1
                    if taint[f] > 0 and not (stop[f] and seed_label[f] < 0):
                        total_taint += taint[f]
                        if best_hop < 0 or hops[f] < best_hop:
                            best_hop = hops[f]
                        if taint[f] > best_taint:
                            best_taint, best_in = taint[f], f
            for o in range(c0, c1):
                pot += out_value[o]
        else:
            for k in range(in_ptr[t], in_ptr[t + 1]):
                o = in_out[k]
                pot += out_value[o]
                if taint[o] > 0 and not (stop[o] and seed_label[o] < 0):
                    total_taint += taint[o]
                    if best_hop < 0 or hops[o] < best_hop:
                        best_hop = hops[o]
                    if taint[o] > best_taint:
                        best_taint, best_in = taint[o], o
        if total_taint == 0:
            continue
        if best_hop + 1 > max_hops:
            continue
        # --- the inputs' taint is passed on
        if fee_inputs:
            for u in range(block_start, t):
                if not tx_coinbase[u]:
                    f = out_ptr[u + 1] - 1
                    if taint[f] > 0 and not (stop[f] and seed_label[f] < 0):
                        consumed[f] = True
        else:
            for k in range(in_ptr[t], in_ptr[t + 1]):
                o = in_out[k]
                if taint[o] > 0 and not (stop[o] and seed_label[o] < 0):
                    consumed[o] = True
        has_fee = (not tx_coinbase[t]) and c1 > c0 and out_kind[c1 - 1] == _FEE_KIND
        last_real = c1 - 1 if has_fee else c1

        if policy == _POISON:
            for o in range(c0, c1):
                taint[o] = out_value[o]
        elif policy == _HAIRCUT:
            given = 0
            for o in range(c0, last_real):
                share = muldiv(out_value[o], total_taint, pot) if pot > 0 else 0
                if share > out_value[o]:
                    share = out_value[o]
                taint[o] = share
                given += share
            rest = total_taint - given
            if has_fee:
                fee_share = rest if rest < out_value[c1 - 1] else out_value[c1 - 1]
                taint[c1 - 1] = fee_share
                rest -= fee_share
            rounding += rest
        elif policy == _TIHO:
            m = last_real - c0
            values = out_value[c0:last_real]
            idx = np.argsort(-values, kind="mergesort")
            rest = total_taint
            for j in range(m):
                o = c0 + idx[j]
                share = out_value[o] if out_value[o] < rest else rest
                taint[o] = share
                rest -= share
            if has_fee:
                fee_share = rest if rest < out_value[c1 - 1] else out_value[c1 - 1]
                taint[c1 - 1] = fee_share
                rest -= fee_share
            rounding += rest
        else:
            # FIFO / LIFO: lay the inputs' tainted ranges on one line of satoshi, then cut it.
            n_tmp = 0
            offset = 0
            if fee_inputs:
                subsidy = pot
                for u in range(block_start, t):
                    if not tx_coinbase[u]:
                        subsidy -= out_value[out_ptr[u + 1] - 1]
                if subsidy < 0:
                    subsidy = 0
                offset = subsidy
                n_src = 0
                for u in range(block_start, t):
                    if not tx_coinbase[u]:
                        n_src += 1
            else:
                n_src = in_ptr[t + 1] - in_ptr[t]
            u_cursor = block_start
            for j in range(n_src):
                if fee_inputs:
                    while tx_coinbase[u_cursor]:
                        u_cursor += 1
                    o = out_ptr[u_cursor + 1] - 1
                    u_cursor += 1
                else:
                    k = in_ptr[t] + (n_src - 1 - j if policy == _LIFO else j)
                    o = in_out[k]
                if taint[o] > 0 and not (stop[o] and seed_label[o] < 0):
                    cnt = iv_count[o]
                    tmp_lo = _grow(tmp_lo, n_tmp + cnt)
                    tmp_hi = _grow(tmp_hi, n_tmp + cnt)
                    tmp_label = _grow(tmp_label, n_tmp + cnt)
                    for q in range(iv_first[o], iv_first[o] + cnt):
                        tmp_lo[n_tmp] = offset + iv_lo[q]
                        tmp_hi[n_tmp] = offset + iv_hi[q]
                        tmp_label[n_tmp] = iv_label[q]
                        n_tmp += 1
                offset += out_value[o]
            start = 0
            p = 0
            for o in range(c0, c1):
                end = start + out_value[o]
                iv_first[o] = n_iv
                taint[o] = 0
                got = 0
                while p < n_tmp and tmp_hi[p] <= start:
                    p += 1
                q = p
                while q < n_tmp and tmp_lo[q] < end:
                    lo = tmp_lo[q] if tmp_lo[q] > start else start
                    hi = tmp_hi[q] if tmp_hi[q] < end else end
                    if hi > lo:
                        if (
                            got > 0
                            and iv_hi[n_iv - 1] == lo - start
                            and iv_label[n_iv - 1] == tmp_label[q]
                        ):
                            iv_hi[n_iv - 1] = hi - start
                        else:
                            iv_lo = _grow(iv_lo, n_iv + 1)
                            iv_hi = _grow(iv_hi, n_iv + 1)
                            iv_label = _grow(iv_label, n_iv + 1)
                            iv_lo[n_iv] = lo - start
                            iv_hi[n_iv] = hi - start
                            iv_label[n_iv] = tmp_label[q]
                            n_iv += 1
                            got += 1
                        taint[o] += hi - lo
                    q += 1
                iv_count[o] = got
                start = end
        # --- hops, parents, the next transactions to visit, and seeds met on the way
        for o in range(c0, c1):
            if taint[o] > 0:
                hops[o] = best_hop + 1
                parent[o] = best_in
                if not (stop[o] and seed_label[o] < 0):
                    nxt = out_spender[o]
                    if out_kind[o] == _FEE_KIND and follow_fees:
                        nxt = np.searchsorted(tx_height, tx_height[t], side="right") - 1
                        if not tx_coinbase[nxt]:
                            nxt = -1
                    if 0 <= nxt < end_tx:
                        queued[nxt] = True
            if seed_label[o] >= 0:
                reseeded += taint[o]
                if ranges:
                    # the first label wins: fill only the gaps between the ranges already there
                    first, cnt = iv_first[o], iv_count[o]
                    gaps_lo = np.empty(cnt + 1, dtype=np.int64)
                    gaps_hi = np.empty(cnt + 1, dtype=np.int64)
                    n_gaps = 0
                    at = 0
                    for q in range(first, first + cnt):
                        if iv_lo[q] > at:
                            gaps_lo[n_gaps], gaps_hi[n_gaps] = at, iv_lo[q]
                            n_gaps += 1
                        at = iv_hi[q]
                    if at < out_value[o]:
                        gaps_lo[n_gaps], gaps_hi[n_gaps] = at, out_value[o]
                        n_gaps += 1
                    # rewrite this output's ranges at the end, in order
                    new_first = n_iv
                    iv_lo = _grow(iv_lo, n_iv + cnt + n_gaps)
                    iv_hi = _grow(iv_hi, n_iv + cnt + n_gaps)
                    iv_label = _grow(iv_label, n_iv + cnt + n_gaps)
                    gi = 0
                    qi = first
                    while gi < n_gaps or qi < first + cnt:
                        if qi < first + cnt and (gi >= n_gaps or iv_lo[qi] < gaps_lo[gi]):
                            iv_lo[n_iv], iv_hi[n_iv], iv_label[n_iv] = (
                                iv_lo[qi],
                                iv_hi[qi],
                                iv_label[qi],
                            )
                            qi += 1
                        else:
                            iv_lo[n_iv], iv_hi[n_iv], iv_label[n_iv] = (
                                gaps_lo[gi],
                                gaps_hi[gi],
                                seed_label[o],
                            )
                            gi += 1
                        n_iv += 1
                    iv_first[o] = new_first
                    iv_count[o] = n_iv - new_first
                taint[o] = out_value[o]
                hops[o] = 0
                parent[o] = -1
    return (
        taint,
        hops,
        parent,
        consumed,
        iv_first,
        iv_count,
        iv_lo[:n_iv],
        iv_hi[:n_iv],
        iv_label[:n_iv],
        rounding,
        reseeded,
    )
