"""The whole journey of the issue, in a real browser: facts → analysis → request → four eyes →
sent → deadline on the dashboard; and another authority's user kept out of the case."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import Workspace, shoot

POINTS = {
    "Legitimate aim: what the measure serves": "Prosecution of an attack on a hospital's systems.",
    "Offence and penalty: why they justify the measure": "Computer sabotage of a business, up to five years.",
    "Necessity: why the data is needed for this investigation": "The logs are the only trace of the intruder's connections.",
    "Data category: why this category and not a less intrusive one": "Preservation only; nothing is disclosed yet.",
    "Scope: identifiers and time window, no wider than needed": "The logs of one server, 1 to 10 March 2024.",
    "Less intrusive alternatives considered": "None: the host overwrites its logs within weeks.",
    "Third parties and privileged communications": "Other customers are not covered.",
}


def create_case(page: Page) -> int:
    page.get_by_role("link", name="New case").first.click()
    page.get_by_label("Title").fill("Sabotage of a clinic's servers, 2024")
    page.get_by_label("Conduct date (or start of period)").fill("2024-03-05")
    page.get_by_label("Forum (state prosecuting)").fill("DE")
    page.get_by_label("Offence 1").select_option("system_interference")
    page.get_by_role("button", name="Show its element facts").first.click()
    for fact in (
        "system interfered",
        "hindrance serious",
        "data transmitted",
        "without right",
        "intent general",
    ):
        page.get_by_label(re.compile(f"^{fact}")).select_option("yes")
    page.locator("#offenders-0-id").fill("suspect-1")
    page.locator("#offenders-0-nationality").fill("RU")
    page.locator("#offenders-0-located_in").fill("GR")
    page.locator("#victims-0-harm_in").fill("DE")
    page.locator("#systems-0-role").select_option("command_and_control")
    page.locator("#systems-0-state").fill("NL")
    page.locator("#data_needed-0-measure").select_option("preservation")
    page.locator("#data_needed-0-held_in").fill("NL")
    shoot(page, "facts-form")
    page.get_by_role("button", name="Create case").click()
    expect(page.get_by_role("heading", name="Sabotage of a clinic's servers, 2024")).to_be_visible()
    match = re.search(r"/cases/(\d+)$", page.url)
    assert match, page.url
    return int(match.group(1))


def test_a_case_from_facts_to_a_sent_request_on_the_dashboard(
    page: Page, workspace: Workspace, tmp_path: Path
) -> None:
    workspace.sign_in(page, "ermittler")
    shoot(page, "dashboard")
    case_id = create_case(page)

    # the analysis, loaded into the workspace: criminality in Germany with its statute and source
    criminality = page.locator("#criminality")
    expect(criminality).to_contain_text("StGB")
    expect(criminality.get_by_role("link", name="DE", exact=True)).to_be_visible()
    expect(page.locator("#jurisdictions")).to_contain_text("DE")
    shoot(page, "case-workspace")

    # share the case with the unit's prosecutor, who will approve
    page.get_by_label("Add a colleague of your unit").select_option("staatsanwalt")
    page.get_by_role("button", name="Add member").click()
    expect(page.locator("#members")).to_contain_text("staatsanwalt")

    # one click from the best preservation route: the Budapest Convention's 24/7 preservation
    page.get_by_role("button", name="Draft a preservation request on budapest Art. 29").click()
    expect(page.get_by_role("heading", name=re.compile(r"preservation DE → NL"))).to_be_visible()
    expect(page.locator("#status")).to_have_text("draft")
    expect(page.locator("#authorisation-need")).to_be_visible()

    # submitting without reasons is refused by the safeguard, naming what is missing
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("proportionality")
    page.go_back()

    for label, reason in POINTS.items():
        page.get_by_label(label, exact=True).fill(reason)
    page.get_by_label("Offence", exact=True).select_option("system_interference")
    page.get_by_label("Maximum penalty (months)").fill("60")
    page.get_by_role("button", name="Save assessment").click()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#status")).to_have_text("awaiting approval")
    shoot(page, "request")

    # the author may not approve their own request: no such button, and a note saying who decides
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(page.locator("#four-eyes")).to_contain_text("other than you")
    workspace.sign_out(page)

    # four eyes: the prosecutor of the same unit approves, then marks it sent
    workspace.sign_in(page, "staatsanwalt", f"/cases/{case_id}")
    page.get_by_role("link", name=re.compile(r"^Request \d+$")).last.click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#status")).to_have_text("approved")
    page.get_by_role("button", name="Mark sent").click()
    expect(page.locator("#status")).to_have_text("sent")
    expect(page.locator("#timeline")).to_contain_text("staatsanwalt")

    page.get_by_role("link", name="Dashboard").click()
    deadlines = page.locator("#deadlines-later, #deadlines-soon")
    expect(deadlines.first).to_contain_text("preservation DE → NL")
    expect(deadlines.first).to_contain_text("left")

    # the preserved logs arrive: evidence taken in under the request, then verified
    logs = tmp_path / "hosting-logs.txt"
    logs.write_bytes(b"2024-03-05T02:14:07Z 198.51.100.23 POST /admin/login 200\n")
    page.get_by_role("link", name="Sabotage of a clinic's servers, 2024").click()
    page.get_by_role("link", name="Evidence", exact=True).click()
    page.get_by_label("File", exact=True).set_input_files(logs)
    page.get_by_label("Source (device, provider, seizure)").fill(
        "Hosting provider, NL, preserved logs"
    )
    page.get_by_label("Where it is taken in").fill("Frankfurt am Main, forensic laboratory")
    page.get_by_label("Authorised by").select_option(index=1)
    page.get_by_role("button", name="Take in").click()
    expect(page.locator("#item-facts")).to_contain_text(
        hashlib.sha256(logs.read_bytes()).hexdigest()
    )
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.locator("#verdict")).to_contain_text("Intact")

    # a user of another authority cannot open that case by its URL
    workspace.sign_out(page)
    workspace.sign_in(page, "enqueteur", f"/cases/{case_id}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Sabotage of a clinic")


def test_the_facts_form_names_a_bad_value_at_its_field(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "ermittler", "/cases/new")
    page.get_by_label("Title").fill("A case with a typo")
    page.get_by_label("Conduct date (or start of period)").fill("2024-03-05")
    page.get_by_label("Offence 1").select_option("illegal_access")
    page.locator("#offenders-0-id").fill("suspect-1")
    page.locator("#offenders-0-nationality").fill("XX")
    page.locator("#offenders-0-nationality").blur()
    # checked as it is typed (HTMX), before anything is submitted
    expect(page.locator("#facts-errors")).to_contain_text("unknown state code 'XX'")
    page.get_by_role("button", name="Create case").click()
    expect(page.locator("#offenders-0-nationality-error")).to_contain_text("'XX'")
    expect(page.locator("#offenders-0-nationality")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#offenders-0-nationality")).to_have_value("XX")  # nothing typed is lost


def test_a_user_of_another_authority_cannot_open_the_case_by_url(
    page: Page, workspace: Workspace
) -> None:
    workspace.sign_in(page, "enqueteur")
    page.goto(f"{workspace.url}/cases/{workspace.seed.case_id}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Ransomware")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # still signed in
    page.goto(f"{workspace.url}/requests/{workspace.seed.request_id}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_signing_in_is_needed_and_returns_to_the_page_asked_for(
    page: Page, workspace: Workspace
) -> None:
    page.goto(f"{workspace.url}/cases/{workspace.seed.case_id}")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill("ermittler")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    page.get_by_label("Password").fill(workspace.passwords["ermittler"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("Ransomware"))).to_be_visible()
