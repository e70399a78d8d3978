"""Gap analysis: where the safe havens are, for which offences, and what a reform would change.

All pairs of counted jurisdictions on a date, vectorised over per-state vectors
(``matrices``); the safe-haven index per state and offence (``index``); hypothetical changes
and their difference (``whatif``); the same over time (``growth``); JSON-ready summaries for the
command line and the web page (``summary``). ``reference`` holds the plain per-pair loop over
the engine's functions that every matrix equals. Definitions: docs/gaps.md.
"""

from lexbridge.engine.gaps.cases import OffenderKind
from lexbridge.engine.gaps.counted import Counted, counted_jurisdictions
from lexbridge.engine.gaps.growth import GrowthPoint, growth
from lexbridge.engine.gaps.index import HavenIndex, Shares, haven_index
from lexbridge.engine.gaps.matrices import (
    EXTRADITION_CODE,
    GapModel,
    RouteGaps,
    deadline_hours,
    gap_model,
    three_valued,
)
from lexbridge.engine.gaps.summary import (
    gap_summary,
    gaps_report,
    growth_report,
    what_if_report,
    what_if_summary,
)
from lexbridge.engine.gaps.whatif import (
    Change,
    ChangeSet,
    Enact,
    ExtraditeNationals,
    Ratify,
    WhatIf,
    apply_changes,
    changed_model,
    what_if,
)
from lexbridge.engine.route_matrix import NO, UNKNOWN, YES

__all__ = [
    "EXTRADITION_CODE",
    "NO",
    "UNKNOWN",
    "YES",
    "Change",
    "ChangeSet",
    "Counted",
    "Enact",
    "ExtraditeNationals",
    "GapModel",
    "GrowthPoint",
    "HavenIndex",
    "OffenderKind",
    "Ratify",
    "RouteGaps",
    "Shares",
    "WhatIf",
    "apply_changes",
    "changed_model",
    "counted_jurisdictions",
    "deadline_hours",
    "gap_model",
    "gap_summary",
    "gaps_report",
    "growth",
    "growth_report",
    "haven_index",
    "three_valued",
    "what_if",
    "what_if_report",
    "what_if_summary",
]
