"""Evidence in the browser: a file taken in, its chain of custody, verification that catches a file
changed on disk, the admissibility report, and another unit's user kept out."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lexbridge.cli.evidence import HANDLERS as CLI_HANDLERS
from lexbridge.web.pages.evidence import HANDLERS
from tests.web.conftest import Workspace, shoot


@pytest.fixture
def plain_page(browser: Browser) -> Iterator[Page]:
    """A page with JavaScript off: every form must work as plain HTML."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def _take_in(page: Page, file: Path, workspace: Workspace) -> None:
    page.get_by_label("File", exact=True).set_input_files(file)
    page.get_by_label("Source (device, provider, seizure)").fill(
        "Suspect's phone, seized in Athens on 20 May 2023"
    )
    page.get_by_label("Where it is taken in").fill("Frankfurt am Main, forensic laboratory")
    page.get_by_label("Authorised by").select_option(f"request:{workspace.seed.request_id}")
    page.get_by_role("button", name="Take in").click()


def _stored(workspace: Workspace, content: bytes) -> Path:
    sha = hashlib.sha256(content).hexdigest()
    return workspace.instance / "evidence" / "sha256" / sha[:2] / sha


def test_an_investigator_takes_in_a_file_and_verify_catches_it_changed_on_disk(
    page: Page, workspace: Workspace, tmp_path: Path
) -> None:
    content = b"Chat export of the suspect's phone (test): 'the key is in the usual place'\n"
    file = tmp_path / "chat-export.txt"
    file.write_bytes(content)
    case = workspace.seed.case_id
    workspace.sign_in(page, "ermittler", f"/cases/{case}")
    page.get_by_role("link", name="Evidence", exact=True).click()
    expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()
    expect(page.locator("#evidence-items")).to_contain_text("c2-server-log.txt")

    _take_in(page, file, workspace)
    expect(page.get_by_role("heading", name="Exhibit EX-0002: chat-export.txt")).to_be_visible()
    timeline = page.locator("#custody-events")
    expect(timeline).to_contain_text("collected")
    expect(timeline).to_contain_text("ermittler")
    expect(timeline).to_contain_text("Frankfurt am Main, forensic laboratory")
    expect(page.locator("#item-facts")).to_contain_text(hashlib.sha256(content).hexdigest())
    expect(page.locator("#item-facts")).to_contain_text("Request")

    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.locator("#verdict")).to_contain_text("Intact")
    shoot(page, "custody-timeline")

    stored = _stored(workspace, content)
    stored.chmod(0o600)
    stored.write_bytes(content + b"an edited line\n")
    page.get_by_role("button", name="Verify", exact=True).click()
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("The file changed")
    expect(verdict).to_contain_text("its SHA-256 is now")
    expect(verdict).not_to_contain_text("Intact")

    page.get_by_role("link", name="All evidence of the case").click()
    expect(page.locator("#evidence-items")).to_contain_text("chat-export.txt")
    shoot(page, "evidence")
    page.get_by_role("button", name="Verify every item").click()
    expect(page.locator("#verdicts")).to_contain_text("1 of 2 items do not verify")


def test_without_javascript_the_forms_post_and_the_page_shows_the_answer(
    plain_page: Page, workspace: Workspace, tmp_path: Path
) -> None:
    page = plain_page
    file = tmp_path / "router-config.txt"
    file.write_bytes(b"hostname edge-1 (test, without JavaScript)\n")
    workspace.sign_in(page, "ermittler", f"/cases/{workspace.seed.case_id}/evidence")
    _take_in(page, file, workspace)
    expect(page.get_by_role("heading", name=re.compile(r"router-config\.txt$"))).to_be_visible()
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.locator("#verdict")).to_contain_text("Intact")

    page.get_by_text("Record a custody event").click()
    page.get_by_label("Event", exact=True).select_option("sealed")
    page.get_by_label("Where", exact=True).fill("Frankfurt am Main, evidence room")
    page.get_by_label("Purpose", exact=True).fill("sealed copy kept for the court")
    page.get_by_role("button", name="Record and sign the event").click()
    expect(page.locator("#custody-events tbody tr")).to_have_count(2)
    expect(page.locator("#custody-events")).to_contain_text("sealed copy kept for the court")


def test_a_missing_source_is_named_and_nothing_is_taken_in(
    page: Page, workspace: Workspace, tmp_path: Path
) -> None:
    file = tmp_path / "notes.txt"
    file.write_bytes(b"notes (test)\n")
    workspace.sign_in(page, "ermittler", f"/cases/{workspace.seed.case_id}/evidence")
    page.get_by_label("File", exact=True).set_input_files(file)
    page.get_by_label("Where it is taken in").fill("Frankfurt am Main")
    page.get_by_label("Exhibit number").fill("EX-0001")
    page.get_by_label("Source (device, provider, seizure)").fill(" ")
    page.get_by_role("button", name="Take in").click()
    errors = page.locator("#intake-errors")
    expect(errors).to_contain_text("give where the file comes from")
    expect(errors).to_contain_text("the case already has exhibit EX-0001")
    expect(page.locator("#evidence-items tbody tr")).to_have_count(1)


def test_the_admissibility_report_shows_the_checklist_and_downloads_as_pdf(
    page: Page, workspace: Workspace
) -> None:
    workspace.sign_in(page, "ermittler", f"/cases/{workspace.seed.case_id}/evidence/EX-0001")
    page.get_by_role("link", name="Read the admissibility report").click()
    expect(
        page.get_by_role("heading", name="Admissibility report: exhibit EX-0001")
    ).to_be_visible()
    checklist = page.locator("#checklist")
    for check in ("Integrity", "Chain unbroken", "Collection authorised", "Time source"):
        expect(checklist.get_by_role("rowheader", name=check)).to_be_visible()
    integrity = checklist.get_by_role("row", name=re.compile("^Integrity"))
    expect(integrity).to_contain_text("yes")
    # the demo's request still awaits approval: the collection is not shown as authorised
    authorised = checklist.get_by_role("row", name=re.compile("^Collection authorised"))
    expect(authorised).to_contain_text("awaiting_approval")
    expect(authorised.locator(".status-no")).to_have_text("no")
    expect(checklist.get_by_role("row", name=re.compile("^Time source"))).to_contain_text("unknown")
    expect(page.locator("pre.checkpoint")).to_contain_text("lexbridge-checkpoint/1")
    shoot(page, "admissibility-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    saved = download.value.path()
    assert download.value.suggested_filename.endswith(".pdf")
    assert saved.read_bytes().startswith(b"%PDF")


def test_a_user_of_another_authority_gets_not_found_for_the_evidence(
    page: Page, workspace: Workspace
) -> None:
    case = workspace.seed.case_id
    workspace.sign_in(page, "enqueteur")
    for path in (
        f"/cases/{case}/evidence",
        f"/cases/{case}/evidence/EX-0001",
        f"/cases/{case}/evidence/EX-0001/report",
        f"/cases/{case}/evidence/EX-0001/checkpoint.json",
    ):
        page.goto(workspace.url + path)
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("c2-server-log")


def test_the_data_protection_officer_is_not_allowed_to_read_the_evidence(
    page: Page, workspace: Workspace
) -> None:
    workspace.sign_in(page, "datenschutz")
    page.goto(f"{workspace.url}/cases/{workspace.seed.case_id}/evidence")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("c2-server-log")


def test_the_web_takes_evidence_from_the_roles_the_cli_accepts() -> None:
    assert {r.value for r in HANDLERS} == {r.value for r in CLI_HANDLERS}
