"""THE REASONING: pure functions over the law dataset and case facts.

Every answer carries its status (``yes``, ``no``, ``unknown``), reasons with sources, the facts
it assumed, and the facts that would decide it. No I/O, no database, no web.
"""

from lexbridge.engine.conduct import Conduct, FactView, view_of
from lexbridge.engine.criminality import Criminality, StatuteAssessment, criminality
from lexbridge.engine.dual_criminality import DualCriminality, LawDates, dual_criminality
from lexbridge.engine.measures import Measure
from lexbridge.engine.reasons import DecidingFacts, LawQueryError, Reason
from lexbridge.engine.status import Status, all_of, any_of

__all__ = [
    "Conduct",
    "Criminality",
    "DecidingFacts",
    "DualCriminality",
    "FactView",
    "LawDates",
    "LawQueryError",
    "Measure",
    "Reason",
    "Status",
    "StatuteAssessment",
    "all_of",
    "any_of",
    "criminality",
    "dual_criminality",
    "view_of",
]
