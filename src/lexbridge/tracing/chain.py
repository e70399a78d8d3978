"""A UTXO chain held as columnar arrays: transactions in height order, inputs and outputs in CSR form.

The layout follows BlockSci (Kalodner et al., USENIX Security 2020): dense integer ids for
transactions, outputs and addresses, and every input linked to the output it spends, so that a
forward scan in height order reads memory almost sequentially. No Python object is made per
input or output: every field is one numpy array.

Three kinds of row are added to the outputs so that every satoshi has a place:
- a **fee output** closes every non-coinbase transaction (its value is inputs minus outputs), so
  that a policy can send taint to the miner's fee (BlockSci's ``taint_fee``) and the sums balance;
- an **external output** stands for an output spent by a loaded transaction but created outside
  the loaded data: it has a value and an address but no creating transaction;
- an output whose script cannot be spent (OP_RETURN) is kept with its value but marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class OutputKind(IntEnum):
    """What an output row stands for."""

    REGULAR = 0
    FEE = 1
    UNSPENDABLE = 2
    EXTERNAL = 3


class ChainError(ValueError):
    """A transaction file that cannot become a consistent chain; the message names the row."""


@dataclass(frozen=True, eq=False)
class UtxoChain:
    """Transactions ordered by (height, coinbase last, position), with CSR inputs and outputs.

    ``out_ptr[t]:out_ptr[t+1]`` are the outputs of transaction ``t`` (its fee output last), and
    ``in_ptr[t]:in_ptr[t+1]`` its inputs in their order; ``in_out[k]`` is the output input ``k``
    spends. External outputs follow the last transaction's outputs.
    """

    tx_hash: pa.Array
    tx_height: np.ndarray
    tx_time: np.ndarray
    tx_coinbase: np.ndarray
    tx_coinjoin: np.ndarray
    in_ptr: np.ndarray
    out_ptr: np.ndarray
    in_out: np.ndarray
    out_value: np.ndarray
    out_address: np.ndarray
    out_kind: np.ndarray
    out_vout: np.ndarray
    addresses: pa.Array
    external_tx_hash: pa.Array

    @property
    def n_tx(self) -> int:
        return len(self.tx_height)

    @property
    def n_outputs(self) -> int:
        return len(self.out_value)

    @property
    def n_inputs(self) -> int:
        return len(self.in_out)

    @property
    def n_edges(self) -> int:
        """Inputs plus outputs: the records a scan reads (fee and external rows included)."""
        return self.n_inputs + self.n_outputs

    @property
    def nbytes(self) -> int:
        arrays = (
            self.tx_height,
            self.tx_time,
            self.tx_coinbase,
            self.tx_coinjoin,
            self.in_ptr,
            self.out_ptr,
            self.in_out,
            self.out_value,
            self.out_address,
            self.out_kind,
            self.out_vout,
            self.out_spender,
        )
        return int(sum(a.nbytes for a in arrays) + self.tx_hash.nbytes + self.addresses.nbytes)

    @cached_property
    def out_spender(self) -> np.ndarray:
        """The transaction that spends each output (-1: unspent in the loaded data)."""
        index_type = np.int32 if self.n_tx < 2**31 - 1 else np.int64
        spender = np.full(self.n_outputs, -1, dtype=index_type)
        spender[self.in_out] = np.repeat(
            np.arange(self.n_tx, dtype=index_type), np.diff(self.in_ptr)
        )
        return spender

    def output_tx(self, outputs: np.ndarray) -> np.ndarray:
        """The creating transaction of each output (-1 for external outputs)."""
        tx = np.searchsorted(self.out_ptr, outputs, side="right") - 1
        return np.where(outputs >= self.out_ptr[-1], -1, tx)

    def address_id(self, address: str) -> int:
        """The dense id of an address, or -1 if no loaded output pays it."""
        found = pc.index(self.addresses, address).as_py()
        return int(found)

    def tx_index(self, tx_hash: str) -> int:
        return int(pc.index(self.tx_hash, tx_hash.lower()).as_py())

    def outpoint(self, tx_hash: str, vout: int) -> int:
        """The output row of ``tx_hash:vout`` (loaded or external), or -1."""
        t = self.tx_index(tx_hash)
        if t >= 0:
            start, end = int(self.out_ptr[t]), int(self.out_ptr[t + 1])
            hits = np.flatnonzero(self.out_vout[start:end] == vout)
            return start + int(hits[0]) if len(hits) else -1
        ext = np.flatnonzero(
            pc.equal(self.external_tx_hash, tx_hash.lower()).to_numpy(zero_copy_only=False)
        )
        base = int(self.out_ptr[-1])
        for e in ext:
            if int(self.out_vout[base + e]) == vout:
                return base + int(e)
        return -1

    def label_output(self, o: int) -> str:
        """``txid:vout`` of an output row, or ``txid:fee`` for a fee output."""
        base = int(self.out_ptr[-1])
        if o >= base:
            return f"{self.external_tx_hash[o - base].as_py()}:{int(self.out_vout[o])}"
        t = int(self.output_tx(np.array([o]))[0])
        kind = OutputKind(int(self.out_kind[o]))
        suffix = "fee" if kind is OutputKind.FEE else str(int(self.out_vout[o]))
        return f"{self.tx_hash[t].as_py()}:{suffix}"

    def address_of(self, o: int) -> str | None:
        a = int(self.out_address[o])
        return None if a < 0 else str(self.addresses[a].as_py())
