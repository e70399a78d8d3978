"""Follow the money: UTXO chains as columnar arrays, taint policies, attribution to services and states."""

from lexbridge.tracing.chain import ChainError, OutputKind, UtxoChain
from lexbridge.tracing.clustering import Clustering, cluster_addresses
from lexbridge.tracing.picture import flow_svg
from lexbridge.tracing.policies import Policy, parse_policy
from lexbridge.tracing.readers import chain_from_legs, load_chain
from lexbridge.tracing.tags import Attribution, TagError
from lexbridge.tracing.trace import TraceError, TraceResult, trace

__all__ = [
    "Attribution",
    "ChainError",
    "Clustering",
    "OutputKind",
    "Policy",
    "TagError",
    "TraceError",
    "TraceResult",
    "UtxoChain",
    "chain_from_legs",
    "cluster_addresses",
    "flow_svg",
    "load_chain",
    "parse_policy",
    "trace",
]
