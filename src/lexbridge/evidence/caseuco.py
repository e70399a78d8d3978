"""CASE/UCO JSON-LD: a case's evidence and custody in the CASE project's ontology (CASE 1.5).

Each item is an ``observable:File`` with its hashes, a ``case-investigation:ProvenanceRecord``
with its exhibit number, and an ``case-investigation:Authorization`` where its collection was
authorised; each custody event is a ``case-investigation:InvestigativeAction`` with its time,
performer (``identity:Person``), the acting authority (``identity:Organization``, a participant),
tool and version (``tool:Tool``), place (``location:Location``) and purpose. Identifiers are
derived from the content (UUID 5), so that exporting, importing and exporting again gives the same
graph. The CASE project's validator (``case_validate``, package case-utils) checks the output.
"""

from __future__ import annotations

import json
import uuid
import warnings
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import RDF

from lexbridge.casework.models import Case, CooperationRequest, EvidenceItem, ExternalAuthorisation
from lexbridge.evidence.ledger import KINDS, Ledger

NAMESPACE = uuid.UUID("6f1c3b0e-2a4d-5b8e-9c7f-1d2e3f4a5b6c")
CONTEXT = {
    "kb": "http://example.org/lexbridge/kb/",
    "action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "location": "https://ontology.unifiedcyberontology.org/uco/location/",
    "observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
NS = {prefix: rdflib.Namespace(iri) for prefix, iri in CONTEXT.items()}


def _id(kind: str, key: str) -> str:
    return f"kb:{kind}-{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _ref(node_id: str) -> dict[str, str]:
    return {"@id": node_id}


def _typed(datatype: str, value: object) -> dict[str, str]:
    return {"@type": f"xsd:{datatype}", "@value": str(value)}


def export_case(ledger: Ledger, case: Case) -> dict[str, Any]:
    """The JSON-LD document of ``case``'s evidence and custody."""
    nodes: dict[str, dict[str, Any]] = {}

    def node(node_id: str, body: dict[str, Any]) -> str:
        nodes.setdefault(node_id, {"@id": node_id, **body})
        return node_id

    objects: list[dict[str, str]] = []
    for item in ledger.items(case.id):
        file_id = _file(item, node)
        record = node(
            _id("ProvenanceRecord", f"{item.sha256}:{item.exhibit}"),
            {
                "@type": "case-investigation:ProvenanceRecord",
                "case-investigation:exhibitNumber": item.exhibit,
                "core:object": [_ref(file_id)],
            },
        )
        objects.append(_ref(record))
        authorisation = authorisation_of(ledger, item)
        order_id = None
        if authorisation:
            order_id = node(
                _id("Authorization", json.dumps(authorisation, sort_keys=True)),
                {
                    "@type": "case-investigation:Authorization",
                    "core:name": authorisation.get("authority", "unrecorded"),
                    "case-investigation:authorizationType": authorisation.get("kind", "unrecorded"),
                    "case-investigation:authorizationIdentifier": [
                        authorisation.get("identifier", "unrecorded")
                    ],
                },
            )
        for event in ledger.events(item):
            person = node(
                _id("Person", event.actor), {"@type": "identity:Person", "core:name": event.actor}
            )
            unit = node(
                _id("Organization", event.authority),
                {"@type": "identity:Organization", "core:name": event.authority},
            )
            place = node(
                _id("Location", event.place),
                {"@type": "location:Location", "core:name": event.place},
            )
            action: dict[str, Any] = {
                "@type": "case-investigation:InvestigativeAction",
                "core:name": f"{event.kind} {item.exhibit} (custody event {event.seq})",
                "core:description": event.purpose,
                "action:startTime": _typed("dateTime", event.at),
                "action:performer": _ref(person),
                "action:participant": [_ref(unit)],
                "action:location": [_ref(place)],
                "action:object": [_ref(record)],
            }
            instruments = []
            if event.tool:
                version = event.tool_version or "unrecorded"
                tool = node(
                    _id("Tool", f"{event.tool}:{version}"),
                    {"@type": "tool:Tool", "core:name": event.tool, "tool:version": version},
                )
                instruments.append(_ref(tool))
            if event.kind == "collected":
                action["action:result"] = [_ref(file_id), _ref(record)]
                if order_id:
                    instruments.append(_ref(order_id))
            if instruments:
                action["action:instrument"] = instruments
            objects.append(
                _ref(node(_id("InvestigativeAction", f"{item.sha256}:{event.seq}"), action))
            )
    node(
        _id("Investigation", case.title),
        {
            "@type": "case-investigation:Investigation",
            "core:name": case.title,
            "core:object": objects or [],
        },
    )
    return {"@context": CONTEXT, "@graph": [nodes[k] for k in sorted(nodes)]}


def authorisation_of(ledger: Ledger, item: EvidenceItem) -> dict[str, str] | None:
    """What authorised the collection: the item's recorded order, or its casework request and
    the judge's orders recorded for it."""
    if item.authorisation:
        return dict(json.loads(item.authorisation))
    if item.request_id is None:
        return None
    request = ledger.session.get(CooperationRequest, item.request_id)
    if request is None:
        return None
    orders = ledger.session.query(ExternalAuthorisation).filter_by(request_id=request.id).all()
    return {
        "kind": f"{request.measure.replace('_', ' ')} request under {request.instrument} {request.article} ({request.status})",
        "identifier": "; ".join([f"request {request.id}", *(o.reference for o in orders)]),
        "authority": "; ".join([request.requesting_state, *(o.authority for o in orders)]),
    }


def _file(item: EvidenceItem, node: Any) -> str:
    hashes = [
        {
            "@id": _id("Hash", f"{method}:{value}"),
            "@type": "types:Hash",
            "types:hashMethod": method,
            "types:hashValue": _typed("hexBinary", value),
        }
        for method, value in (("SHA256", item.sha256), ("SHA512", item.sha512))
        if value
    ]
    return str(
        node(
            _id("File", item.sha256),
            {
                "@type": "observable:File",
                "core:hasFacet": [
                    {
                        "@id": _id("FileFacet", item.sha256),
                        "@type": "observable:FileFacet",
                        "observable:fileName": item.filename,
                        "observable:sizeInBytes": _typed("integer", item.size),
                    },
                    {
                        "@id": _id("ContentDataFacet", item.sha256),
                        "@type": "observable:ContentDataFacet",
                        "observable:mimeType": item.media_type,
                        "observable:hash": hashes,
                    },
                ],
            },
        )
    )


def _parse(text: str) -> rdflib.Graph:
    """JSON-LD into a graph."""
    with warnings.catch_warnings():
        # rdflib 7.6's own JSON-LD parser calls its deprecated ConjunctiveGraph and
        # default_context whatever sink it is given; nothing in this call is deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        return rdflib.Graph().parse(data=text, format="json-ld")


def graph_of(document: dict[str, Any]) -> rdflib.Graph:
    return _parse(json.dumps(document))


def _one(graph: rdflib.Graph, subject: Any, predicate: Any) -> Any:
    return next(graph.objects(subject, predicate), None)


def read_bundle(path: Path) -> dict[str, Any]:
    """What a CASE JSON-LD file says about evidence and custody, in this module's terms.

    Files with a SHA-256 hash, their provenance records (exhibit numbers) and the investigative
    actions on those records are read; anything else in the graph is ignored.
    """
    graph = _parse(path.read_text(encoding="utf-8"))
    core, obs, inv, types = NS["core"], NS["observable"], NS["case-investigation"], NS["types"]
    title = next(
        (str(_one(graph, s, core.name)) for s in graph.subjects(RDF.type, inv.Investigation)),
        path.stem,
    )
    items: list[dict[str, Any]] = []
    for record in graph.subjects(RDF.type, inv.ProvenanceRecord):
        exhibit = str(_one(graph, record, inv.exhibitNumber))
        for file in graph.objects(record, core.object):
            entry: dict[str, Any] = {
                "exhibit": exhibit,
                "sha512": None,
                "media_type": "application/octet-stream",
            }
            for facet in graph.objects(file, core.hasFacet):
                if (facet, RDF.type, obs.FileFacet) in graph:
                    entry["filename"] = str(_one(graph, facet, obs.fileName))
                    entry["size"] = int(_one(graph, facet, obs.sizeInBytes))
                if (facet, RDF.type, obs.ContentDataFacet) in graph:
                    entry["media_type"] = str(
                        _one(graph, facet, obs.mimeType) or entry["media_type"]
                    )
                    for digest in graph.objects(facet, obs.hash):
                        method = str(_one(graph, digest, types.hashMethod))
                        value = str(_one(graph, digest, types.hashValue)).lower()
                        entry[
                            "sha256"
                            if method == "SHA256"
                            else "sha512"
                            if method == "SHA512"
                            else "other"
                        ] = value
            if "sha256" not in entry:
                continue
            entry["events"] = _actions(graph, record)
            entry["authorisation"] = _authorisation(graph, entry["events"])
            items.append(entry)
    return {"title": title, "items": sorted(items, key=lambda e: e["exhibit"])}


def _actions(graph: rdflib.Graph, record: Any) -> list[dict[str, Any]]:
    """The actions on ``record``. Their kind is the first word of the name where it is a custody
    event of this module; otherwise an action producing the file is its collection, and any other
    an examination, with the action's own name kept as its purpose."""
    core, act, tool = NS["core"], NS["action"], NS["tool"]
    files = set(graph.objects(record, core.object))
    found = []
    for action in graph.subjects(act.object, record):
        name = str(_one(graph, action, core.name))
        first = name.split(" ", 1)[0].lower()
        produced = bool(files & set(graph.objects(action, act.result)))
        kind = first if first in KINDS else ("collected" if produced else "examined")
        seq = (
            int(name.rsplit("custody event ", 1)[1].rstrip(")")) if "custody event " in name else 0
        )
        instruments = list(graph.objects(action, act.instrument))
        tools = [i for i in instruments if (i, RDF.type, tool.Tool) in graph]
        orders = [
            i for i in instruments if (i, RDF.type, NS["case-investigation"].Authorization) in graph
        ]
        performer = _one(graph, action, act.performer)
        unit = next(graph.objects(action, act.participant), None)
        place = next(graph.objects(action, act.location), None)
        found.append(
            {
                "seq": seq,
                "kind": kind,
                "at": str(_one(graph, action, act.startTime)),
                "actor": str(_one(graph, performer, core.name)) if performer else "unrecorded",
                "authority": str(_one(graph, unit, core.name)) if unit else "unrecorded",
                "place": str(_one(graph, place, core.name)) if place else "unrecorded",
                "purpose": str(_one(graph, action, core.description) or name),
                "tool": str(_one(graph, tools[0], core.name)) if tools else None,
                "tool_version": str(_one(graph, tools[0], tool.version)) if tools else None,
                "order": orders[0] if orders else None,
            }
        )
    return sorted(found, key=lambda e: (e["seq"], e["at"]))


def _authorisation(graph: rdflib.Graph, events: list[dict[str, Any]]) -> str | None:
    inv, core = NS["case-investigation"], NS["core"]
    order = next((e["order"] for e in events if e["order"] is not None), None)
    if order is None:
        return None
    return json.dumps(
        {
            "authority": str(_one(graph, order, core.name)),
            "kind": str(_one(graph, order, inv.authorizationType)),
            "identifier": str(_one(graph, order, inv.authorizationIdentifier)),
        },
        sort_keys=True,
    )


def import_into(
    ledger: Ledger, path: Path, case: Case, *, signer: str, files: Path | None = None
) -> list[EvidenceItem]:
    """Record the evidence of a CASE file in ``case``: each item with its custody actions, signed
    by ``signer`` as imported. Files are taken from ``files`` (named by SHA-256 or file name) when
    given; an item whose file is not supplied stays recorded, and verification says its file is missing."""
    bundle = read_bundle(path)
    taken = []
    for entry in bundle["items"]:
        if files is not None:
            for candidate in (files / entry["sha256"], files / entry.get("filename", "")):
                if candidate.is_file():
                    ledger.store.add_bytes_from(entry["sha256"], candidate)
                    break
        item = EvidenceItem(
            case_id=case.id,
            exhibit=entry["exhibit"],
            sha256=entry["sha256"],
            sha512=entry.get("sha512"),
            size=entry.get("size", 0),
            media_type=entry["media_type"],
            filename=entry.get("filename", entry["sha256"]),
            source=f"imported from {path.name}",
            collected_by=next(
                (e["actor"] for e in entry["events"] if e["kind"] == "collected"), "unrecorded"
            ),
            authorisation=entry["authorisation"],
        )
        ledger.session.add(item)
        ledger.session.flush()
        for event in entry["events"]:
            ledger.append(
                item,
                event["kind"],
                actor=event["actor"],
                authority=event["authority"],
                place=event["place"],
                purpose=event["purpose"],
                tool=event["tool"],
                tool_version=event["tool_version"],
                at=event["at"],
                signer=signer,
                detail={"imported_from": path.name},
            )
        taken.append(item)
    return taken
