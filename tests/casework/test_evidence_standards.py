"""CASE/UCO export checked by the CASE project's own validator, import and round trip, the
admissibility report, and the weight of attribution evidence."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from lexbridge.casework.models import Case
from lexbridge.casework.seed import UNIT
from lexbridge.evidence.caseuco import export_case, graph_of, import_into
from lexbridge.evidence.ledger import verify_case
from lexbridge.evidence.report import checklist, render_html, render_pdf
from lexbridge.evidence.weight import weigh
from tests.casework.conftest import opened

CASE_VALIDATE = shutil.which("case_validate") or str(
    Path(__file__).parents[2] / ".venv" / "bin" / "case_validate"
)

FOREIGN = {
    "@context": {
        "kb": "http://example.org/kb/",
        "action": "https://ontology.unifiedcyberontology.org/uco/action/",
        "case-investigation": "https://ontology.caseontology.org/case/investigation/",
        "core": "https://ontology.unifiedcyberontology.org/uco/core/",
        "observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
        "types": "https://ontology.unifiedcyberontology.org/uco/types/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    },
    "@graph": [
        {
            "@id": "kb:File-7e5c1a2e-3b8f-4d5e-9a61-1c2b3d4e5f60",
            "@type": "observable:File",
            "core:hasFacet": [
                {
                    "@id": "kb:FileFacet-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    "@type": "observable:FileFacet",
                    "observable:fileName": "evidence.bin",
                    "observable:sizeInBytes": {"@type": "xsd:integer", "@value": "0"},
                },
                {
                    "@id": "kb:ContentDataFacet-1b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e",
                    "@type": "observable:ContentDataFacet",
                    "observable:hash": [
                        {
                            "@id": "kb:Hash-2c3d4e5f-6071-4c8d-8e9f-1a2b3c4d5e6f",
                            "@type": "types:Hash",
                            "types:hashMethod": "SHA256",
                            "types:hashValue": {
                                "@type": "xsd:hexBinary",
                                "@value": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                            },
                        }
                    ],
                },
            ],
        },
        {
            "@id": "kb:ProvenanceRecord-3d4e5f60-7182-4d9e-9f0a-2b3c4d5e6f70",
            "@type": "case-investigation:ProvenanceRecord",
            "case-investigation:exhibitNumber": "EX-0001",
            "core:object": [{"@id": "kb:File-7e5c1a2e-3b8f-4d5e-9a61-1c2b3d4e5f60"}],
        },
        {
            "@id": "kb:InvestigativeAction-4e5f6071-8293-4eaf-8a1b-3c4d5e6f7081",
            "@type": "case-investigation:InvestigativeAction",
            "core:name": "Acquire evidence.bin",
            "action:startTime": {"@type": "xsd:dateTime", "@value": "2026-01-01T00:00:00Z"},
            "action:object": [{"@id": "kb:ProvenanceRecord-3d4e5f60-7182-4d9e-9f0a-2b3c4d5e6f70"}],
            "action:result": [{"@id": "kb:File-7e5c1a2e-3b8f-4d5e-9a61-1c2b3d4e5f60"}],
        },
    ],
}
"""A CASE graph made elsewhere: the minimal graph that case_validate accepts (docs of case-utils)."""


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASE_VALIDATE, str(path)], capture_output=True, text=True, check=False)


def test_the_demo_case_export_passes_case_validate(demo, tmp_path: Path) -> None:
    engine, folder = demo
    with opened(engine, folder) as ledger:
        document = export_case(ledger, ledger.session.get(Case, 1))
    path = tmp_path / "demo.jsonld"
    path.write_text(json.dumps(document))
    result = _validate(path)
    assert result.returncode == 0, result.stdout + result.stderr
    types = {node["@type"] for node in document["@graph"]}
    assert {
        "observable:File",
        "case-investigation:ProvenanceRecord",
        "case-investigation:InvestigativeAction",
        "case-investigation:Authorization",
        "identity:Person",
        "identity:Organization",
        "tool:Tool",
        "location:Location",
    } <= types


def test_a_broken_export_is_refused_by_the_validator(tmp_path: Path) -> None:
    """The validator is a real check: a non-hexadecimal hash fails it."""
    broken = json.loads(json.dumps(FOREIGN))
    broken["@graph"][0]["core:hasFacet"][1]["observable:hash"][0]["types:hashValue"]["@value"] = (
        "not-hex"
    )
    path = tmp_path / "broken.jsonld"
    path.write_text(json.dumps(broken))
    assert _validate(path).returncode != 0


def test_export_import_export_gives_the_same_graph(demo, tmp_path: Path) -> None:
    engine, folder = demo
    first = tmp_path / "first.jsonld"
    with opened(engine, folder) as ledger:
        case = ledger.session.get(Case, 1)
        first.write_text(json.dumps(export_case(ledger, case)))
        copy = Case(
            authority_id=case.authority_id, title=case.title, facts={}, created_by=case.created_by
        )
        ledger.session.add(copy)
        ledger.session.flush()
        files = tmp_path / "files"
        files.mkdir()
        for item in ledger.items(1):
            shutil.copyfile(ledger.store.path(item.sha256), files / item.sha256)
        import_into(ledger, first, copy, signer=UNIT, files=files)
        second = export_case(ledger, copy)
        [verdict] = verify_case(ledger, copy.id)
    assert verdict.ok  # the imported chain is signed by the importing unit and verifies
    assert isomorphic(graph_of(json.loads(first.read_text())), graph_of(second))


def test_a_case_bundle_made_elsewhere_is_imported(demo, tmp_path: Path) -> None:
    engine, folder = demo
    path = tmp_path / "foreign.jsonld"
    path.write_text(json.dumps(FOREIGN))
    empty = tmp_path / "evidence.bin"
    empty.write_bytes(b"")
    with opened(engine, folder) as ledger:
        case = Case(authority_id=1, title="Foreign bundle", facts={}, created_by=1)
        ledger.session.add(case)
        ledger.session.flush()
        [item] = import_into(ledger, path, case, signer=UNIT, files=tmp_path)
        events = ledger.events(item)
        [verdict] = verify_case(ledger, case.id)
    assert (item.exhibit, item.filename, item.size) == ("EX-0001", "evidence.bin", 0)
    assert [(e.kind, e.purpose) for e in events] == [("collected", "Acquire evidence.bin")]
    assert verdict.ok


def test_the_admissibility_report_gives_the_checklist_in_html_and_pdf(demo, tmp_path: Path) -> None:
    engine, folder = demo
    with opened(engine, folder) as ledger:
        case = ledger.session.get(Case, 1)
        item = ledger.item(1, "EX-0001")
        anchor = ledger.checkpoint(1, UNIT)
        checks = {c.name: c for c in checklist(ledger, item, anchor)}
        html = render_html(ledger, case, item, anchor)
    assert checks["Integrity"].status == "yes"
    assert checks["Chain unbroken"].status == "yes"
    assert checks["Collection authorised"].status == "no"  # the demo request still awaits approval
    assert "awaiting_approval" in checks["Collection authorised"].text
    assert checks["Tools and versions"].text == "grep (GNU grep) 3.8, sha256sum (GNU coreutils) 9.1"
    assert checks["Time source"].status == "unknown"
    assert item.sha256 in html
    assert anchor["signature"] in html
    pdf = render_pdf(html, tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_likelihood_ratio_of_a_correlation_match() -> None:
    """TPR 95/100 and FPR 1/1000: LR = 0.95 / 0.001 = 950 for one match; two independent matches
    square it; fully dependent ones count once."""
    single = weigh(
        true_positives=95, positives_tested=100, false_positives=1, negatives_tested=1000
    )
    assert single.likelihood_ratio == pytest.approx(950)
    low, high = single.sensitivity
    assert low < 950 < high
    two = weigh(
        true_positives=95,
        positives_tested=100,
        false_positives=1,
        negatives_tested=1000,
        observations=2,
    )
    assert two.likelihood_ratio == pytest.approx(950**2)
    dependent = weigh(
        true_positives=95,
        positives_tested=100,
        false_positives=1,
        negatives_tested=1000,
        observations=2,
        correlation=1.0,
    )
    assert dependent.likelihood_ratio == pytest.approx(950)
    shown = weigh(
        true_positives=95,
        positives_tested=100,
        false_positives=1,
        negatives_tested=1000,
        anonymity_set=10_000,
        priors=(1 / 10_000,),
    )
    [(prior, posterior)] = shown.illustrations
    odds = prior / (1 - prior) * 950
    assert posterior == pytest.approx(odds / (1 + odds))
    assert "about 10.0 innocent users" in shown.explanation
    assert math.isclose(shown.log10_lr, math.log10(950))


def test_no_observed_false_positive_never_gives_an_infinite_weight() -> None:
    result = weigh(true_positives=50, positives_tested=50, false_positives=0, negatives_tested=200)
    assert math.isfinite(result.likelihood_ratio)
    assert "upper 95 % limit" in result.assumptions[0]
    with pytest.raises(ValueError, match="priors"):
        weigh(
            true_positives=1,
            positives_tested=1,
            false_positives=0,
            negatives_tested=1,
            priors=(1.0,),
        )
