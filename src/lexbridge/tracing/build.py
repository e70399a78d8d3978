"""Turn a table of transaction legs into a :class:`UtxoChain`, with DuckDB doing the joins.

A *leg* is one input or one output of a transaction, one row each (the flat transaction format
of ``docs/tracing.md``): ``tx_hash, height, time, side ('in' | 'out'), n, address, value,
spent_tx_hash, spent_n`` and, optionally, ``spendable`` and ``coinjoin``. DuckDB orders the
transactions, numbers the outputs, links each input to the output it spends and finds the
inconsistencies; only whole columns come back to Python.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from lexbridge.tracing.chain import ChainError, OutputKind, UtxoChain

LEG_COLUMNS = (
    "tx_hash",
    "height",
    "time",
    "side",
    "n",
    "address",
    "value",
    "spent_tx_hash",
    "spent_n",
)
"""The columns every flat transaction file must have; ``spendable`` and ``coinjoin`` are optional."""

_FEE_ORDER = 1 << 40


def _first(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[object, ...] | None:
    row = con.execute(sql).fetchone()
    return None if row is None else tuple(row)


def _check(con: duckdb.DuckDBPyConnection) -> None:
    """Raise :class:`ChainError` naming the first inconsistent row."""
    checks = [
        (
            "SELECT tx_hash FROM legs WHERE tx_hash IS NULL OR height IS NULL OR side NOT IN ('in','out') OR n IS NULL LIMIT 1",
            "a row has no tx_hash, height or n, or a side other than 'in' or 'out' (transaction {0})",
        ),
        (
            "SELECT tx_hash, n FROM legs WHERE side = 'out' AND (value IS NULL OR value < 0) LIMIT 1",
            "output {0}:{1} has no value or a negative one",
        ),
        (
            "SELECT tx_hash, count(DISTINCT height) FROM legs GROUP BY tx_hash HAVING count(DISTINCT height) > 1 LIMIT 1",
            "transaction {0} is given at {1} different heights",
        ),
        (
            "SELECT tx_hash, side, n FROM legs GROUP BY tx_hash, side, n HAVING count(*) > 1 LIMIT 1",
            "transaction {0} has two '{1}' rows numbered {2}",
        ),
        (
            "SELECT tx_hash, n FROM legs WHERE side = 'in' AND (spent_tx_hash IS NULL OR spent_n IS NULL) LIMIT 1",
            "input {0}/{1} does not name the output it spends (spent_tx_hash, spent_n)",
        ),
        (
            "SELECT spent_tx_hash, spent_n FROM legs WHERE side = 'in' GROUP BY spent_tx_hash, spent_n HAVING count(*) > 1 LIMIT 1",
            "output {0}:{1} is spent twice",
        ),
    ]
    for sql, message in checks:
        row = _first(con, sql)
        if row is not None:
            raise ChainError(message.format(*row))


def build_chain(con: duckdb.DuckDBPyConnection) -> UtxoChain:
    """Build the chain from the ``legs`` view of ``con`` (columns :data:`LEG_COLUMNS`)."""
    columns = {r[0] for r in con.execute("DESCRIBE legs").fetchall()}
    missing = [c for c in LEG_COLUMNS if c not in columns]
    if missing:
        raise ChainError(f"the transaction file lacks the column(s) {', '.join(missing)}")
    spendable = "coalesce(spendable, true)" if "spendable" in columns else "true"
    coinjoin = "coalesce(bool_or(coinjoin), false)" if "coinjoin" in columns else "false"
    _check(con)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _tx AS
        SELECT tx_hash, min(height) AS height, coalesce(min(time), 0) AS time, min(pos) AS pos,
               count(*) FILTER (WHERE side = 'in') = 0 AS coinbase, {coinjoin} AS coinjoin
        FROM legs GROUP BY tx_hash""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _txo AS
        SELECT *, (row_number() OVER (ORDER BY height, coinbase, pos) - 1) AS t FROM _tx""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _in AS
        SELECT x.t, l.n AS vin, l.spent_tx_hash, l.spent_n,
               l.address, l.value, o.value AS spent_value, ox.t AS spent_t
        FROM legs l JOIN _txo x USING (tx_hash)
        LEFT JOIN legs o ON o.side = 'out' AND o.tx_hash = l.spent_tx_hash AND o.n = l.spent_n
        LEFT JOIN _txo ox ON ox.tx_hash = o.tx_hash
        WHERE l.side = 'in'""")
    row = _first(
        con,
        "SELECT spent_tx_hash, spent_n FROM _in WHERE spent_value IS NULL AND value IS NULL LIMIT 1",
    )
    if row is not None:
        raise ChainError(
            f"output {row[0]}:{row[1]} is spent by a loaded transaction but neither loaded nor given a value in the input row"
        )
    row = _first(
        con,
        "SELECT x.tx_hash, i.spent_tx_hash FROM _in i JOIN _txo x USING (t) WHERE i.spent_t >= i.t LIMIT 1",
    )
    if row is not None:
        raise ChainError(
            f"transaction {row[0]} spends {row[1]}, which does not come before it in height order"
        )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _out AS
        SELECT x.t, l.n AS ord, l.n AS vout, l.tx_hash, l.address, l.value,
               CASE WHEN {spendable} THEN {int(OutputKind.REGULAR)} ELSE {int(OutputKind.UNSPENDABLE)} END AS kind
        FROM legs l JOIN _txo x USING (tx_hash) WHERE l.side = 'out'
        UNION ALL
        SELECT x.t, {_FEE_ORDER}, -1, x.tx_hash, NULL,
               coalesce(si.s, 0) - coalesce(so.s, 0), {int(OutputKind.FEE)}
        FROM _txo x
        LEFT JOIN (SELECT t, sum(coalesce(spent_value, value)) AS s FROM _in GROUP BY t) si USING (t)
        LEFT JOIN (SELECT tx_hash, sum(value) AS s FROM legs WHERE side = 'out' GROUP BY tx_hash) so USING (tx_hash)
        WHERE NOT x.coinbase""")
    row = _first(con, "SELECT tx_hash, value FROM _out WHERE kind = 1 AND value < 0 LIMIT 1")
    if row is not None:
        raise ChainError(f"transaction {row[0]} pays out {-int(row[1])} more than its inputs hold")  # type: ignore[call-overload]
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _ext AS
        SELECT spent_tx_hash AS tx_hash, spent_n AS vout, any_value(address) AS address, any_value(value) AS value
        FROM _in WHERE spent_value IS NULL GROUP BY spent_tx_hash, spent_n""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _allout AS
        SELECT (row_number() OVER (ORDER BY grp, t, ord, tx_hash) - 1) AS oid, * FROM (
            SELECT 0 AS grp, t, ord, vout, tx_hash, address, value, kind FROM _out
            UNION ALL
            SELECT 1, -1, vout, vout, tx_hash, address, value, {int(OutputKind.EXTERNAL)} FROM _ext)""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _addr AS
        SELECT address, (row_number() OVER (ORDER BY address) - 1) AS aid
        FROM (SELECT DISTINCT address FROM _allout WHERE address IS NOT NULL)""")

    tx = con.sql(
        "SELECT tx_hash, height, time, coinbase, coinjoin FROM _txo ORDER BY t"
    ).to_arrow_table()
    outs = con.execute("""
        SELECT o.t, o.vout, o.value, coalesce(a.aid, -1) AS aid, o.kind, o.tx_hash
        FROM _allout o LEFT JOIN _addr a USING (address) ORDER BY o.oid""").fetchnumpy()
    ins = con.execute("""
        SELECT i.t, o.oid FROM _in i JOIN _allout o
          ON o.tx_hash = i.spent_tx_hash AND o.vout = i.spent_n AND o.kind <> 1
        ORDER BY i.t, i.vin""").fetchnumpy()
    addresses = con.sql("SELECT address FROM _addr ORDER BY aid").to_arrow_table().column(0)

    n_tx = tx.num_rows
    regular = outs["t"] >= 0
    n_out = len(outs["t"])
    index_type = np.int32 if n_out < 2**31 - 1 else np.int64
    out_ptr = np.zeros(n_tx + 1, dtype=np.int64)
    np.cumsum(np.bincount(outs["t"][regular], minlength=n_tx), out=out_ptr[1:])
    in_ptr = np.zeros(n_tx + 1, dtype=np.int64)
    np.cumsum(np.bincount(ins["t"], minlength=n_tx), out=in_ptr[1:])
    tx_hashes = outs["tx_hash"]
    external = np.asarray(tx_hashes[~regular], dtype=object)
    return UtxoChain(
        tx_hash=tx.column("tx_hash").combine_chunks(),
        tx_height=tx.column("height").to_numpy().astype(np.int32),
        tx_time=tx.column("time").to_numpy().astype(np.int64),
        tx_coinbase=tx.column("coinbase").to_numpy().astype(np.bool_),
        tx_coinjoin=tx.column("coinjoin").to_numpy().astype(np.bool_),
        in_ptr=in_ptr,
        out_ptr=out_ptr,
        in_out=np.asarray(ins["oid"], dtype=index_type),
        out_value=np.asarray(outs["value"], dtype=np.int64),
        out_address=np.asarray(outs["aid"], dtype=np.int32),
        out_kind=np.asarray(outs["kind"], dtype=np.uint8),
        out_vout=np.asarray(outs["vout"], dtype=np.int32),
        addresses=addresses.combine_chunks()
        if isinstance(addresses, pa.ChunkedArray)
        else addresses,
        external_tx_hash=pa.array(external.tolist(), type=pa.string()),
    )
