"""Account chains (Ethereum and its tokens): transfers between accounts, traced pool by pool.

An account has one balance, so a policy decides which part of each outgoing transfer carries the
account's taint (``../shared/reference/tracing.md`` §3, applied per account as Anderson et al.
apply Clayton's Case to a bank account):
- poison: once an account received taint, everything it sends is tainted;
- haircut: each transfer out carries ``floor(v·τ/B)`` of the account's taint ``τ`` and balance ``B``;
- FIFO / LIFO: the account's deposits queue up; a transfer out draws the oldest (FIFO) or the
  newest (LIFO) satoshi-equivalents first.
Funds an account sends beyond the balance the loaded transfers show came from before the data:
they are counted as clean. Taint never crosses tokens; each token is traced on its own.

Files: CSV, Parquet or JSON lines with ``from, to, value, token, block, time`` (optionally
``log_index`` and ``tx_hash``), or ethereum-etl's ``token_transfers`` export (``token_address,
from_address, to_address, value, transaction_hash, log_index, block_number``). Values are integer
base units; ``unit_decimals`` divides them (e.g. 9 for wei to gwei) where they exceed 64 bits.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numba as nb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lexbridge.tracing.chain import ChainError
from lexbridge.tracing.kernels import muldiv
from lexbridge.tracing.policies import Policy
from lexbridge.tracing.tags import SINK_CATEGORIES, Attribution
from lexbridge.tracing.trace import Balance, Flow, Place, Seed, TraceError, TraceResult

_INT64_MAX = 2**63 - 1


@dataclass(frozen=True, eq=False)
class Transfers:
    """Transfers in chain order (block, then log index), as columns; accounts and tokens as ids."""

    sender: np.ndarray
    receiver: np.ndarray
    value: np.ndarray
    token: np.ndarray
    block: np.ndarray
    time: np.ndarray
    tx_hash: pa.Array
    log_index: np.ndarray
    accounts: pa.Array
    tokens: pa.Array
    unit_decimals: int = 0

    @property
    def n(self) -> int:
        return len(self.value)


def _source(path: Path) -> str:
    quoted = "'" + str(path).replace("'", "''") + "'"
    name = path.name.lower()
    if name.endswith(".parquet"):
        return f"read_parquet({quoted})"
    if name.endswith((".csv", ".csv.gz")):
        return f"read_csv({quoted}, header = true, all_varchar = true)"
    return f"read_json({quoted}, format = 'newline_delimited')"


def load_transfers(paths: Sequence[Path | str], unit_decimals: int = 0) -> Transfers:
    """Read transfer files through DuckDB into columns (see the module docstring)."""
    if not paths:
        raise ChainError("no transfer file given")
    con = duckdb.connect()
    selects = []
    for number, raw in enumerate(paths):
        path = Path(raw)
        if not path.exists():
            raise ChainError(f"no such transfer file: {path}")
        view = f"_t{number}"
        con.execute(f"CREATE TEMP VIEW {view} AS SELECT * FROM {_source(path)}")
        cols = {r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()}
        if {"from_address", "to_address", "token_address"} <= cols:
            selects.append(
                f"SELECT lower(from_address::VARCHAR) AS s, lower(to_address::VARCHAR) AS r, value::VARCHAR AS v, "
                f"lower(token_address::VARCHAR) AS token, block_number::BIGINT AS block, "
                f"{'block_timestamp::BIGINT' if 'block_timestamp' in cols else '0'} AS time, "
                f"lower(transaction_hash::VARCHAR) AS tx_hash, log_index::BIGINT AS log_index FROM {view}"
            )
        elif {"from", "to", "value", "block"} <= cols:
            token = "lower(token::VARCHAR)" if "token" in cols else "'native'"
            selects.append(
                f'SELECT lower("from"::VARCHAR) AS s, lower("to"::VARCHAR) AS r, value::VARCHAR AS v, {token} AS token, '
                f"block::BIGINT AS block, {'time::BIGINT' if 'time' in cols else '0'} AS time, "
                f"{'lower(tx_hash::VARCHAR)' if 'tx_hash' in cols else 'NULL'} AS tx_hash, "
                f"{'log_index::BIGINT' if 'log_index' in cols else 'NULL::BIGINT'} AS log_index FROM {view}"
            )
        else:
            raise ChainError(
                f"{path} has neither from/to/value/block nor ethereum-etl's token transfer columns"
            )
    union = " UNION ALL ".join(f"({s})" for s in selects)
    scale = 10**unit_decimals
    try:
        con.execute(f"CREATE TEMP TABLE t AS SELECT *, row_number() OVER () AS pos FROM ({union})")
        bad = con.execute(
            "SELECT v FROM t WHERE TRY_CAST(v AS HUGEINT) IS NULL OR CAST(v AS HUGEINT) < 0 LIMIT 1"
        ).fetchone()
        if bad:
            raise ChainError(
                f"transfer value {bad[0]!r} is not a whole, non-negative number of base units"
            )
        big = con.execute(
            f"SELECT token, v FROM t WHERE CAST(v AS HUGEINT) // {scale} > {_INT64_MAX} LIMIT 1"
        ).fetchone()
        if big:
            raise ChainError(
                f"a {big[0]} transfer of {big[1]} base units exceeds 64 bits: pass unit_decimals "
                f"(--unit-decimals), e.g. 9 to count wei as gwei"
            )
        table = con.sql(f"""
            SELECT s, r, (CAST(v AS HUGEINT) // {scale})::BIGINT AS value, token, block, time, tx_hash,
                   coalesce(log_index, pos) AS log_index
            FROM t ORDER BY block, coalesce(log_index, pos), pos""").to_arrow_table()
    except duckdb.Error as error:
        raise ChainError(f"cannot read the transfer files: {error}") from error
    both = pa.chunked_array(table.column("s").chunks + table.column("r").chunks).combine_chunks()
    accounts = pc.unique(both)
    tokens = pc.unique(table.column("token").combine_chunks())
    return Transfers(
        sender=pc.index_in(table.column("s"), value_set=accounts).to_numpy().astype(np.int64),
        receiver=pc.index_in(table.column("r"), value_set=accounts).to_numpy().astype(np.int64),
        value=table.column("value").to_numpy().astype(np.int64),
        token=pc.index_in(table.column("token"), value_set=tokens).to_numpy().astype(np.int64),
        block=table.column("block").to_numpy().astype(np.int64),
        time=table.column("time").to_numpy().astype(np.int64),
        tx_hash=table.column("tx_hash").combine_chunks(),
        log_index=table.column("log_index").to_numpy().astype(np.int64),
        accounts=accounts,
        tokens=tokens,
        unit_decimals=unit_decimals,
    )


@nb.njit(cache=True)
def _pool_scan(
    poison: bool,
    sender: np.ndarray,
    receiver: np.ndarray,
    value: np.ndarray,
    seed: np.ndarray,
    stop: np.ndarray,
    n_accounts: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Poison or haircut over one token's transfers; returns per-transfer taint and per-account state."""
    balance = np.zeros(n_accounts, dtype=np.int64)
    taint = np.zeros(n_accounts, dtype=np.int64)
    hops = np.full(n_accounts, -1, dtype=np.int64)
    moved = np.zeros(len(value), dtype=np.int64)
    received = np.zeros(n_accounts, dtype=np.int64)
    rounding = 0
    for k in range(len(value)):
        a, b, v = sender[k], receiver[k], value[k]
        if balance[a] < v:
            balance[a] = v  # funds from before the loaded data: clean
        t = 0
        if seed[k]:
            t = v
        elif taint[a] > 0 and not stop[a]:
            if poison:
                t = v
            else:
                t = muldiv(v, taint[a], balance[a])
                if t > taint[a]:
                    t = taint[a]
        if not seed[k] and not poison and not stop[a]:
            taint[a] -= t
        balance[a] -= v
        balance[b] += v
        if poison and taint[a] > 0:
            taint[a] = balance[a]
        if t > 0:
            moved[k] = t
            received[b] += t
            if poison:
                taint[b] = balance[b]
            else:
                taint[b] += t
            h = 0 if seed[k] else hops[a] + 1
            if hops[b] < 0 or h < hops[b]:
                hops[b] = h
        elif poison and taint[b] > 0:
            taint[b] = balance[b]
    return moved, taint, balance, hops, received, rounding


def _queue_scan(
    lifo: bool,
    sender: np.ndarray,
    receiver: np.ndarray,
    value: np.ndarray,
    seed: np.ndarray,
    stop: np.ndarray,
    n_accounts: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """FIFO or LIFO: each account a queue of (amount, tainted) deposits; only tainted accounts keep one."""
    queues: dict[int, deque[list[int]]] = {}
    balance = np.zeros(n_accounts, dtype=np.int64)
    hops = np.full(n_accounts, -1, dtype=np.int64)
    moved = np.zeros(len(value), dtype=np.int64)
    received = np.zeros(n_accounts, dtype=np.int64)
    for k in range(len(value)):
        a, b, v = int(sender[k]), int(receiver[k]), int(value[k])
        t = 0
        if seed[k]:
            t = v
            if a in queues:
                _draw(queues[a], v, lifo, balance[a])
        elif a in queues and not stop[a]:
            t = _draw(queues[a], v, lifo, balance[a])
        balance[a] = max(int(balance[a]) - v, 0)
        balance[b] += v
        if t > 0 or b in queues:
            queue = queues.setdefault(
                b, deque([[int(balance[b]) - v, 0]] if balance[b] > v else [])
            )
            if t:
                queue.append([t, 1])
            if v - t:
                queue.append([v - t, 0])
        if t > 0:
            moved[k] = t
            received[b] += t
            h = 0 if seed[k] else int(hops[a]) + 1
            if hops[b] < 0 or h < hops[b]:
                hops[b] = h
    taint = np.zeros(n_accounts, dtype=np.int64)
    for account, queue in queues.items():
        taint[account] = sum(amount for amount, tainted in queue if tainted)
    return moved, taint, balance, hops, received, 0


def _draw(queue: deque[list[int]], amount: int, lifo: bool, balance: int) -> int:
    """Take ``amount`` from the queue's front (FIFO) or back (LIFO); return the tainted part."""
    tainted = 0
    while amount > 0 and queue:
        chunk = queue[-1] if lifo else queue[0]
        take = min(chunk[0], amount)
        tainted += take if chunk[1] else 0
        chunk[0] -= take
        amount -= take
        if chunk[0] == 0:
            queue.pop() if lifo else queue.popleft()
    return tainted  # what the queue cannot cover came from before the data: clean


def trace_accounts(
    transfers: Transfers,
    seeds: Sequence[str],
    policy: Policy,
    *,
    attribution: Attribution | None = None,
    currency: str | None = "ETH",
    sink_categories: frozenset[str] = SINK_CATEGORIES,
    listed: int = 50,
) -> TraceResult:
    """Follow ``seeds`` (a receiving address, a ``tx_hash`` or ``tx_hash:log_index``) forward."""
    if policy is Policy.TIHO:
        raise TraceError(
            "taint in, highest out needs several outputs: it does not apply to account transfers"
        )
    if not seeds:
        raise TraceError("give at least one seed: an address, a tx hash or tx_hash:log_index")
    seed = np.zeros(transfers.n, dtype=np.bool_)
    found: list[Seed] = []
    hashes = transfers.tx_hash
    for text in seeds:
        key = text.strip().lower()
        if ":" in key:
            h, _, log_text = key.rpartition(":")
            if not log_text.isdigit():
                raise TraceError(f"seed {text!r}: the log index after ':' must be a whole number")
            same_tx = pc.fill_null(pc.equal(hashes, h), False).to_numpy(zero_copy_only=False)
            mask = np.asarray(same_tx, dtype=np.bool_) & (transfers.log_index == int(log_text))
        else:
            account = int(pc.index(transfers.accounts, key).as_py())
            by_hash = np.asarray(
                pc.fill_null(pc.equal(hashes, key), False).to_numpy(zero_copy_only=False),
                dtype=np.bool_,
            )
            mask = by_hash | (transfers.receiver == account) if account >= 0 else by_hash
        if not mask.any():
            raise TraceError(f"seed {text!r}: no loaded transfer matches it")
        seed |= mask
        found.append(
            Seed(seed=text, outputs=int(mask.sum()), amount=int(transfers.value[mask].sum()))
        )
    n_accounts = len(transfers.accounts)
    stop = np.zeros(n_accounts, dtype=np.bool_)
    tag_of = np.full(n_accounts, -1, dtype=np.int64)
    index = attribution.index(transfers.accounts, currency) if attribution else None
    if index is not None:
        stop = index.sink_mask(sink_categories)
        tag_of = index.tag_of
    flows: list[Flow] = []
    held: list[tuple[int, int, int]] = []
    totals = {"services": 0, "held": 0, "rounding": 0}
    injected = int(transfers.value[seed].sum())
    for token in np.unique(transfers.token[seed]):
        mine = transfers.token == token
        args = (
            transfers.sender[mine],
            transfers.receiver[mine],
            transfers.value[mine],
            seed[mine],
            stop,
            n_accounts,
        )
        if policy in (Policy.POISON, Policy.HAIRCUT):
            moved, taint, _, hops, received, rounding = _pool_scan(policy is Policy.POISON, *args)
        else:
            moved, taint, _, hops, received, rounding = _queue_scan(policy is Policy.LIFO, *args)
        totals["rounding"] += int(rounding)
        at_services = stop & (received > 0)
        totals["services"] += int(received[at_services].sum())
        kept = (~stop) & (taint > 0)
        totals["held"] += int(taint[kept].sum())
        held.extend((int(a), int(taint[a]), int(hops[a])) for a in np.flatnonzero(kept))
        if index is not None:
            rows = np.flatnonzero(mine)
            times = transfers.time[rows]
            for service in np.flatnonzero(at_services):
                a = int(service)
                tag = index.tags[int(tag_of[a])]
                into = (transfers.receiver[rows] == a) & (moved > 0)
                flows.append(
                    Flow(
                        service=index.attribution.service_name(tag),
                        label=tag.label,
                        categories=list(index.attribution.categories(tag)),
                        jurisdictions=list(index.attribution.jurisdictions(tag)),
                        amount=int(received[a]),
                        share=int(received[a]) / injected if injected else 0.0,
                        hops=int(hops[a]),
                        first_time=int(times[into].min()),
                        last_time=int(times[into].max()),
                        outputs=int(into.sum()),
                        addresses=[str(transfers.accounts[int(a)])],
                        tag_sources=[f"{tag.pack}: {tag.source}" if tag.source else tag.pack],
                        by_seed={},
                        paths=[],
                    )
                )
    conserving = policy.conserving
    balance = Balance(
        seeded=injected,
        replaced_at_seeds=0,
        injected=injected,
        services=totals["services"],
        unspent=totals["held"],
        fees=0,
        burned=0,
        beyond_limit=0,
        rounding=totals["rounding"],
        conserved=conserving
        and totals["services"] + totals["held"] + totals["rounding"] == injected,
    )
    held.sort(key=lambda x: -x[1])
    return TraceResult(
        policy=policy.name.lower(),
        seeds=found,
        max_hops=None,
        max_height=None,
        follow_fees=False,
        sink_categories=sorted(sink_categories),
        services=sorted(flows, key=lambda f: -f.amount),
        unspent=[
            Place(
                output=str(transfers.accounts[a]),
                address=str(transfers.accounts[a]),
                amount=t,
                hops=h,
            )
            for a, t, h in held[:listed]
        ],
        beyond_limit=[],
        anonymity=[],
        balance=balance,
    )
