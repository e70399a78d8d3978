"""How often the dataset gives a definite answer: the share of yes or no rather than unknown."""

from __future__ import annotations

from datetime import date

from lexbridge.engine.conduct import Conduct
from lexbridge.engine.criminality import criminality
from lexbridge.engine.status import Status
from lexbridge.law import LawDataset
from lexbridge.law.stats import CORE_OFFENCES


def decisiveness(law: LawDataset, day: date) -> dict[str, float]:
    """Per core offence, over the states with statutes: the share answered yes or no on ``day``.

    Each offence is asked with its core elements taken as established, as a prosecutor asking
    "is hacking a crime there?" would; a state without official statutes answers unknown.
    """
    covered = [code for code, state in law.states.items() if state.statutes]
    shares: dict[str, float] = {}
    for offence in CORE_OFFENCES:
        conduct = Conduct.of([offence])
        definite = sum(
            1
            for code in covered
            if criminality(code, conduct, day, law=law).status is not Status.UNKNOWN
        )
        shares[offence] = round(definite / len(covered), 3) if covered else 0.0
    return shares
