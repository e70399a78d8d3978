"""Taint policies: how a transaction shares the tainted satoshi of its inputs among its outputs.

Notation (``../shared/reference/tracing.md`` §3): a transaction has ordered inputs with values
``v(i)`` and taint ``τ(i)``, ordered outputs ``v(o)`` and a fee ``f``; ``T = Σ τ(i)``, ``V = Σ v(i)``.
All amounts are integer base units (satoshi). The fee is the last "output" of every transaction.
"""

from __future__ import annotations

from enum import IntEnum


class Policy(IntEnum):
    """The taint policies LexBridge implements; the number is the kernel's code for it."""

    POISON = 0
    """Every output of a transaction with any tainted input is wholly tainted, the fee too.
    Taint grows, so it is not conserved. Möser, Böhme, Breuker, "Towards Risk Scoring of Bitcoin
    Transactions", FC 2014 Workshops, LNCS 8438, doi:10.1007/978-3-662-44774-1_2; BlockSci
    ``poison_tainted_outputs``."""

    HAIRCUT = 1
    """Each output takes ``floor(v(o)·T/V)``; the fee takes the residual ``min(T - Σ τ(o), f)``,
    and what floor rounding leaves beyond that is reported as rounding loss. Möser et al. 2014;
    BlockSci ``haircut_tainted_outputs`` (integer implementation)."""

    FIFO = 2
    """First in, first out (Clayton's Case, 1816): the inputs' satoshi are queued in input order and
    the outputs draw from the front in output order, the fee last. Taint is kept as labelled ranges
    of satoshi, so a later hop knows where in an output the tainted satoshi sit; when a seed meets
    satoshi already tainted by another seed, the first label is kept. Anderson, Shumailov, Ahmed,
    Rietmann, "Bitcoin Redemption" (2018); TaintChain ``bootstrap_taint_fifo.rs``."""

    LIFO = 3
    """Last in, first out, as FIFO over the inputs taken in reverse order (last input first, each
    input's own satoshi in their order). Named beside FIFO by Tironsakkul et al. (2019); the exact
    convention there was not read, so this one is stated here and in ``docs/tracing.md``."""

    TIHO = 4
    """Taint in, highest out: ``T`` goes to the highest-value output first, any remainder to the next
    highest (ties in output order), and the fee takes only what is left after every output.
    Tironsakkul, Maarek, Eross, Just, "Probing the Mystery of Cryptocurrency Theft", arXiv
    1906.05754 (2019), as operationalised in ``../shared/reference/tracing.md`` §3.5."""

    @property
    def conserving(self) -> bool:
        """Whether tainted satoshi are neither created nor lost (all but poison)."""
        return self is not Policy.POISON

    @property
    def uses_ranges(self) -> bool:
        return self in (Policy.FIFO, Policy.LIFO)


def parse_policy(name: str) -> Policy:
    """The policy called ``name`` (case-insensitive; ``highest-output`` is TIHO)."""
    key = name.strip().upper().replace("-", "_")
    aliases = {"HIGHEST_OUTPUT": "TIHO", "PROPORTIONAL": "HAIRCUT"}
    key = aliases.get(key, key)
    try:
        return Policy[key]
    except KeyError:
        names = ", ".join(p.name.lower() for p in Policy)
        raise ValueError(f"unknown taint policy {name!r}: use one of {names}") from None
