"""Attribution: which service an address belongs to, and in which jurisdictions that service sits.

Imported as they are: GraphSense TagPacks (a header whose fields every tag inherits, then
``tags``: ``address``, ``label``, ``actor``, ``category``, ``confidence``, ``source``, ``currency``)
and ActorPacks (``actors``: ``id``, ``label``, ``categories``, ``jurisdictions``), and a unit's own
tags as CSV (``address,label,actor,category,jurisdictions,source,confidence``, jurisdictions
separated by ``;``). Every tag keeps its pack, source and confidence, so a result can say why an
address was attributed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from lexbridge.law.jurisdictions import iso_states

SINK_CATEGORIES = frozenset(
    {
        "exchange",
        "mixing_service",
        "coinjoin",
        "market",
        "gambling",
        "payment_processor",
        "wallet_service",
        "atm",
    }
)
"""Categories of service where a trace stops by default: custodial services that can be asked to
freeze funds or identify an account holder (and mixers, whose output cannot be followed)."""

ANONYMITY_CATEGORIES = frozenset({"mixing_service", "coinjoin", "privacy_wallet"})
"""Categories flagged as anonymity services on the way."""


class TagError(ValueError):
    """A tag file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class Actor:
    id: str
    label: str
    categories: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    uri: str | None = None


@dataclass(frozen=True)
class Tag:
    address: str
    label: str
    actor: str | None
    category: str | None
    currency: str | None
    source: str | None
    confidence: str | None
    pack: str
    jurisdictions: tuple[str, ...] = ()


@dataclass
class Attribution:
    """Tags by address and actors by id, from any number of packs."""

    tags: list[Tag] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)

    def add_tagpack(self, path: Path) -> None:
        document = _yaml(path)
        if not isinstance(document, dict) or not isinstance(document.get("tags"), list):
            raise TagError(f"{path} is not a TagPack: it has no 'tags' list")
        header = {k: v for k, v in document.items() if k != "tags"}
        for number, entry in enumerate(document["tags"]):
            if not isinstance(entry, dict) or not entry.get("address"):
                raise TagError(f"{path}: tag {number} has no address")
            merged = {**header, **entry}
            self.tags.append(
                Tag(
                    address=str(merged["address"]),
                    label=str(
                        merged.get("label") or merged.get("actor") or header.get("title") or ""
                    ),
                    actor=_opt(merged.get("actor")),
                    category=_opt(merged.get("category")),
                    currency=_opt(merged.get("currency")),
                    source=_opt(merged.get("source")),
                    confidence=_opt(merged.get("confidence")),
                    pack=path.name,
                )
            )

    def add_actorpack(self, path: Path) -> None:
        document = _yaml(path)
        if not isinstance(document, dict) or not isinstance(document.get("actors"), list):
            raise TagError(f"{path} is not an ActorPack: it has no 'actors' list")
        for number, entry in enumerate(document["actors"]):
            if not isinstance(entry, dict) or "id" not in entry:
                raise TagError(f"{path}: actor {number} has no id")
            codes = tuple(str(j).upper() for j in entry.get("jurisdictions") or [])
            self.actors[str(entry["id"])] = Actor(
                id=str(entry["id"]),
                label=str(entry.get("label") or entry["id"]),
                categories=tuple(str(c) for c in entry.get("categories") or []),
                jurisdictions=tuple(c for c in codes if is_known_jurisdiction(c)),
                uri=_opt(entry.get("uri")),
            )

    def add_csv(self, path: Path) -> None:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "address" not in reader.fieldnames:
                raise TagError(f"{path} has no 'address' column")
            for number, row in enumerate(reader, start=2):
                if not row.get("address"):
                    raise TagError(f"{path}: line {number} has no address")
                codes = tuple(
                    c.strip().upper()
                    for c in (row.get("jurisdictions") or "").split(";")
                    if c.strip()
                )
                unknown = [c for c in codes if not is_known_jurisdiction(c)]
                if unknown:
                    raise TagError(f"{path}: line {number}: unknown jurisdiction {unknown[0]!r}")
                self.tags.append(
                    Tag(
                        address=row["address"].strip(),
                        label=(row.get("label") or row.get("actor") or "").strip(),
                        actor=_opt(row.get("actor")),
                        category=_opt(row.get("category")),
                        currency=_opt(row.get("currency")),
                        source=_opt(row.get("source")) or str(path.name),
                        confidence=_opt(row.get("confidence")),
                        pack=path.name,
                        jurisdictions=codes,
                    )
                )

    def add(self, path: Path | str) -> None:
        """Add a TagPack, ActorPack (YAML) or CSV tag file, chosen by content."""
        path = Path(path)
        if not path.exists():
            raise TagError(f"no such tag file: {path}")
        if path.suffix.lower() == ".csv":
            self.add_csv(path)
            return
        document = _yaml(path)
        if isinstance(document, dict) and "actors" in document:
            self.add_actorpack(path)
        else:
            self.add_tagpack(path)

    def categories(self, tag: Tag) -> tuple[str, ...]:
        found = [tag.category] if tag.category else []
        actor = self.actors.get(tag.actor or "")
        if actor:
            found.extend(c for c in actor.categories if c not in found)
        return tuple(found)

    def jurisdictions(self, tag: Tag) -> tuple[str, ...]:
        actor = self.actors.get(tag.actor or "")
        return tag.jurisdictions or (actor.jurisdictions if actor else ())

    def service_name(self, tag: Tag) -> str:
        return tag.actor or tag.label

    def index(self, addresses: pa.Array, currency: str | None = "BTC") -> AddressIndex:
        """For each address of a chain, the tag that attributes it (-1: none), by vectorised lookup.

        Where several tags name one address, a tag with an actor wins over one without, then the
        first loaded; the others stay listed as further sources.
        """
        usable = [t for t in self.tags if currency is None or t.currency in (None, currency)]
        ranked = sorted(range(len(usable)), key=lambda i: (usable[i].actor is None, i))
        chosen: dict[str, int] = {}
        for i in ranked:
            chosen.setdefault(usable[i].address, i)
        keys = pa.array(list(chosen), type=pa.string())
        positions = pc.index_in(addresses, value_set=keys).to_numpy(zero_copy_only=False)
        tag_of = np.full(len(addresses), -1, dtype=np.int64)
        hit = ~np.isnan(positions.astype(float))
        tag_ids = np.array(list(chosen.values()), dtype=np.int64)
        tag_of[hit] = tag_ids[positions[hit].astype(np.int64)]
        return AddressIndex(self, usable, tag_of)


@dataclass(frozen=True)
class AddressIndex:
    """Tags laid over one chain's address ids."""

    attribution: Attribution
    tags: Sequence[Tag]
    tag_of: np.ndarray

    def sink_mask(self, categories: Iterable[str] = SINK_CATEGORIES) -> np.ndarray:
        wanted = set(categories)
        flags = np.array(
            [bool(wanted & set(self.attribution.categories(t))) for t in self.tags], dtype=np.bool_
        )
        mask = np.zeros(len(self.tag_of), dtype=np.bool_)
        hit = self.tag_of >= 0
        if len(flags):
            mask[hit] = flags[self.tag_of[hit]]
        return mask


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(iso_states())


def is_known_jurisdiction(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (pack entries such as 'EU' are dropped)."""
    return code in _iso_codes()


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise TagError(f"{path} is not valid YAML: {error}") from error
