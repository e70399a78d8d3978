"""Which jurisdictions a figure counts (LEGAL-SEMANTICS §2: "say which set a figure counts").

The issue asks for the 193 UN members plus named others. The dataset does not hold the UN's
member list (it could not be read from the UN's own page, and a list typed from memory is not a
sourced fact), so by default every jurisdiction of the dataset is counted, and every figure says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lexbridge.engine.reasons import LawQueryError, require_jurisdiction
from lexbridge.law import JurisdictionKind, LawDataset

UN_MEMBERS_NOT_RECORDED = (
    "The UN member list is not in the dataset, so the 193 UN members are not counted apart."
)


@dataclass(frozen=True)
class Counted:
    """The jurisdictions a gap analysis counts, in the order of every vector and matrix."""

    codes: tuple[str, ...]
    description: str

    def __len__(self) -> int:
        return len(self.codes)


def counted_jurisdictions(law: LawDataset, codes: Iterable[str] | None = None) -> Counted:
    """Every jurisdiction of the dataset (sorted by code), or the ``codes`` asked for."""
    if codes is not None:
        chosen = tuple(dict.fromkeys(codes))
        for code in chosen:
            require_jurisdiction(law.jurisdictions, code)
        if len(chosen) < 2:
            raise LawQueryError("a gap analysis needs at least two jurisdictions")
        return Counted(
            codes=chosen,
            description=f"{len(chosen)} jurisdictions named by the caller: {', '.join(chosen)}.",
        )
    chosen = tuple(sorted(law.jurisdictions))
    kinds = Counter(law.jurisdictions[code].kind for code in chosen)
    others = [
        f"{kinds[kind]} {label if kinds[kind] > 1 else one} "
        f"({', '.join(c for c in chosen if law.jurisdictions[c].kind is kind)})"
        for kind, one, label in (
            (
                JurisdictionKind.TERRITORY,
                "territory with its own legal status",
                "territories with their own legal status",
            ),
            (
                JurisdictionKind.ORGANISATION,
                "organisation that is a party itself",
                "organisations that are parties themselves",
            ),
        )
        if kinds[kind]
    ]
    return Counted(
        codes=chosen,
        description=(
            f"All {len(chosen)} jurisdictions of the dataset: {kinds[JurisdictionKind.STATE]} ISO "
            "3166-1 alpha-2 codes the dataset treats as states (they include dependent territories "
            "and uninhabited areas it does not mark apart)"
            + "".join(f", {part}" for part in others)
            + ". "
            + UN_MEMBERS_NOT_RECORDED
        ),
    )
