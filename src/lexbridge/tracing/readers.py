"""Read transaction files into a :class:`UtxoChain`.

Accepted, chosen by content:
- the flat leg format (one row per input or output) as CSV, Parquet or JSON lines;
- bitcoin-etl's ``transactions`` export (JSON lines with nested ``inputs`` and ``outputs``);
- Bitcoin Core RPC responses: ``getblock`` at verbosity 2 (or 3, whose inputs carry ``prevout``),
  with ``getrawtransaction`` (verbose) responses for outputs spent from outside the loaded blocks.

Files are read by DuckDB; only the RPC responses, which are small by nature, are parsed in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from lexbridge.tracing.build import LEG_COLUMNS, build_chain
from lexbridge.tracing.chain import ChainError, UtxoChain

_SATOSHI = Decimal(100_000_000)

LEG_SCHEMA = pa.schema(
    [
        ("tx_hash", pa.string()),
        ("height", pa.int64()),
        ("time", pa.int64()),
        ("side", pa.string()),
        ("n", pa.int64()),
        ("address", pa.string()),
        ("value", pa.int64()),
        ("spent_tx_hash", pa.string()),
        ("spent_n", pa.int64()),
        ("spendable", pa.bool_()),
        ("coinjoin", pa.bool_()),
    ]
)

_ADDRESS_OF_LIST = (
    "CASE WHEN len({0}) = 1 THEN {0}[1] "
    "WHEN len({0}) > 1 THEN array_to_string(list_sort({0}), '+') END"
)
"""A multisig script with several addresses becomes one address, its members joined by '+'."""


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _json_kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(65536).lstrip()
    if head.startswith(b"{") and b'"tx"' in head and b'"height"' in head:
        return "rpc"
    if head.startswith(b"{") and (b'"vout"' in head and b'"txid"' in head):
        return "rawtx"
    first = head.split(b"\n", 1)[0]
    try:
        record = json.loads(first)
    except ValueError:
        return "unknown"
    if isinstance(record, dict) and "side" in record:
        return "legs"
    if isinstance(record, dict) and "outputs" in record and "hash" in record:
        return "bitcoin_etl"
    return "unknown"


def _legs_select(source: str, columns: set[str]) -> str:
    optional = [
        f"{c}::BOOLEAN AS {c}" if c in columns else f"NULL::BOOLEAN AS {c}"
        for c in ("spendable", "coinjoin")
    ]
    return (
        "SELECT lower(tx_hash::VARCHAR) AS tx_hash, height::BIGINT AS height, time::BIGINT AS time, "
        "lower(side::VARCHAR) AS side, n::BIGINT AS n, address::VARCHAR AS address, value::BIGINT AS value, "
        "lower(spent_tx_hash::VARCHAR) AS spent_tx_hash, spent_n::BIGINT AS spent_n, "
        + ", ".join(optional)
        + f" FROM {source}"
    )


def _bitcoin_etl_select(source: str) -> str:
    address = _ADDRESS_OF_LIST.format("CAST(o.addresses AS VARCHAR[])")
    in_address = _ADDRESS_OF_LIST.format("CAST(i.addresses AS VARCHAR[])")
    return f"""
        SELECT lower(hash) AS tx_hash, block_number AS height, block_timestamp AS time, 'out' AS side,
               o.index AS n, {address} AS address, o.value AS value, NULL AS spent_tx_hash,
               NULL::BIGINT AS spent_n, coalesce(o.type, '') <> 'nulldata' AS spendable, NULL::BOOLEAN AS coinjoin
        FROM (SELECT hash, block_number, block_timestamp, unnest(outputs) AS o FROM {source})
        UNION ALL
        SELECT lower(hash), block_number, block_timestamp, 'in', i.index, {in_address}, i.value::BIGINT,
               lower(i.spent_transaction_hash::VARCHAR), i.spent_output_index, NULL, NULL
        FROM (SELECT hash, block_number, block_timestamp, unnest(inputs) AS i FROM {source})"""


def _rpc_payload(path: Path) -> Any:
    document = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    if (
        isinstance(document, dict)
        and "result" in document
        and ("error" in document or "id" in document)
    ):
        document = document["result"]
    return document


def _address_of(script: dict[str, Any]) -> str | None:
    if "address" in script:
        return str(script["address"])
    listed = script.get("addresses") or []
    if len(listed) == 1:
        return str(listed[0])
    if len(listed) > 1:
        return "+".join(sorted(str(a) for a in listed))
    return None


def _satoshi(value: Any, where: str) -> int:
    amount = Decimal(str(value)) * _SATOSHI
    if amount != amount.to_integral_value():
        raise ChainError(f"{where}: value {value} is not a whole number of satoshi")
    return int(amount)


def rpc_legs(blocks: Sequence[Path], raw_transactions: Sequence[Path] = ()) -> pa.Table:
    """Legs from ``getblock`` (verbosity 2 or 3) responses and verbose ``getrawtransaction`` ones."""
    prevouts: dict[tuple[str, int], tuple[str | None, int]] = {}
    for path in raw_transactions:
        raw = _rpc_payload(path)
        for out in raw.get("vout", []):
            where = f"{path.name}: {raw['txid']}:{out['n']}"
            prevouts[(raw["txid"], int(out["n"]))] = (
                _address_of(out["scriptPubKey"]),
                _satoshi(out["value"], where),
            )
    rows: dict[str, list[Any]] = {name: [] for name in LEG_SCHEMA.names}

    def add(**row: Any) -> None:
        for name in LEG_SCHEMA.names:
            rows[name].append(row.get(name))

    for path in blocks:
        block = _rpc_payload(path)
        if not isinstance(block, dict) or "tx" not in block:
            raise ChainError(f"{path.name} is not a getblock response (no 'tx' list)")
        height, time = int(block["height"]), int(block["time"])
        for tx in block["tx"]:
            if isinstance(tx, str):
                raise ChainError(
                    f"{path.name} was fetched at verbosity 1: ask getblock for verbosity 2"
                )
            txid = tx["txid"].lower()
            for n, vin in enumerate(tx["vin"]):
                if "coinbase" in vin:
                    continue
                key = (vin["txid"].lower(), int(vin["vout"]))
                address, value = None, None
                if "prevout" in vin:
                    address = _address_of(vin["prevout"]["scriptPubKey"])
                    value = _satoshi(vin["prevout"]["value"], f"{path.name}: {txid} input {n}")
                elif key in prevouts:
                    address, value = prevouts[key]
                add(
                    tx_hash=txid,
                    height=height,
                    time=time,
                    side="in",
                    n=n,
                    address=address,
                    value=value,
                    spent_tx_hash=key[0],
                    spent_n=key[1],
                )
            for out in tx["vout"]:
                script = out["scriptPubKey"]
                add(
                    tx_hash=txid,
                    height=height,
                    time=time,
                    side="out",
                    n=int(out["n"]),
                    address=_address_of(script),
                    value=_satoshi(out["value"], f"{path.name}: {txid}:{out['n']}"),
                    spendable=script.get("type") != "nulldata",
                )
    return pa.table(rows, schema=LEG_SCHEMA)


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Named files as given; in a named folder, the files whose content is recognised."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for member in sorted(path.rglob("*")):
                if member.suffix in {".csv", ".parquet", ".tsv"} or (
                    member.suffix in {".json", ".jsonl"} and _json_kind(member) != "unknown"
                ):
                    found.append(member)
        elif path.exists():
            found.append(path)
        else:
            raise ChainError(f"no such transaction file: {path}")
    return found


def open_legs(paths: Sequence[Path | str]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding the table ``legs`` read from ``paths`` (files or folders)."""
    files = _expand(Path(p) for p in paths)
    if not files:
        raise ChainError("no transaction file given")
    con = duckdb.connect()
    selects: list[str] = []
    blocks: list[Path] = []
    raws: list[Path] = []
    for number, path in enumerate(files):
        name = path.name.lower()
        if name.endswith(".parquet"):
            source = f"read_parquet({_sql_path(path)})"
        elif name.endswith((".csv", ".csv.gz", ".tsv")):
            source = f"read_csv({_sql_path(path)}, header = true, all_varchar = true)"
        else:
            kind = _json_kind(path)
            if kind == "rpc":
                blocks.append(path)
                continue
            if kind == "rawtx":
                raws.append(path)
                continue
            if kind == "bitcoin_etl":
                selects.append(
                    _bitcoin_etl_select(
                        f"read_json({_sql_path(path)}, format = 'newline_delimited')"
                    )
                )
                continue
            if kind != "legs":
                raise ChainError(
                    f"{path} is neither a leg file, a bitcoin-etl transactions export nor a Bitcoin Core RPC response"
                )
            source = f"read_json({_sql_path(path)}, format = 'newline_delimited')"
        view = f"_src{number}"
        con.execute(f"CREATE TEMP VIEW {view} AS SELECT * FROM {source}")
        columns = {r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()}
        missing = [c for c in LEG_COLUMNS if c not in columns]
        if missing:
            raise ChainError(f"{path} lacks the column(s) {', '.join(missing)}")
        selects.append(_legs_select(view, columns))
    if blocks:
        con.register("_rpc", rpc_legs(blocks, raws))
        selects.append(_legs_select("_rpc", set(LEG_SCHEMA.names)))
    elif raws and not selects:
        raise ChainError(
            "only getrawtransaction responses were given: add the getblock responses that spend them"
        )
    union = " UNION ALL ".join(f"({s})" for s in selects)
    con.execute(f"CREATE TEMP TABLE legs AS SELECT *, row_number() OVER () AS pos FROM ({union})")
    return con


def load_chain(paths: Sequence[Path | str]) -> UtxoChain:
    """Read transaction files (see the module docstring) into a chain."""
    try:
        con = open_legs(paths)
        return build_chain(con)
    except duckdb.Error as error:
        raise ChainError(f"cannot read the transaction files: {error}") from error


def chain_from_legs(legs: pa.Table) -> UtxoChain:
    """A chain from an in-memory leg table (the columns of :data:`LEG_COLUMNS`)."""
    con = duckdb.connect()
    con.register("_mem", legs)
    columns = set(legs.column_names)
    missing = [c for c in LEG_COLUMNS if c not in columns]
    if missing:
        raise ChainError(f"the leg table lacks the column(s) {', '.join(missing)}")
    con.execute(
        f"CREATE TEMP TABLE legs AS SELECT *, row_number() OVER () AS pos FROM ({_legs_select('_mem', columns)})"
    )
    try:
        return build_chain(con)
    except duckdb.Error as error:
        raise ChainError(f"cannot build the chain: {error}") from error
