"""The unhappy paths, in a real browser: an incoming request executed against its deadline, a
request refused by the requested state, a deadline that passes, and the audit only for oversight."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.web.conftest import Workspace, shoot

REASONS = {
    "Legitimate aim: what the measure serves": "Assisting Austria's prosecution of a fraud.",
    "Offence and penalty: why they justify the measure": "Computer fraud, up to five years.",
    "Necessity: why the data is needed for this investigation": "Identifies the account holder.",
    "Data category: why this category and not a less intrusive one": "Subscriber data only.",
    "Scope: identifiers and time window, no wider than needed": "One account, one month.",
    "Less intrusive alternatives considered": "None available to Austria.",
    "Third parties and privileged communications": "None concerned.",
}


def _step(page: Page, name: str, when: date | None = None, note: str = "") -> None:
    if when is not None:
        page.get_by_label("Date of the step (default today)").fill(when.isoformat())
    if note:
        page.get_by_label(re.compile("^Note")).fill(note)
    page.get_by_role("button", name=name, exact=True).click()


def test_an_incoming_request_is_executed_against_its_deadline(
    page: Page, workspace: Workspace
) -> None:
    received = date.today() - timedelta(days=10)
    workspace.sign_in(page, "liaison")
    page.get_by_role("link", name="Incoming request").click()
    page.get_by_label("Requesting state").fill("AT")
    page.get_by_label("Their reference").fill("AT-EIO-2026-17")
    page.get_by_label("Received on").fill(received.isoformat())
    page.get_by_label("Instrument, article and measure").select_option("eio|Art. 3|subscriber_data")
    page.get_by_label("Offence").select_option("computer_fraud")
    page.get_by_role("button", name="Register request").click()

    # the 30 days to decide on recognition (EIO art. 12(3)) run against this unit from receipt
    deadlines = page.locator("#deadlines")
    expect(deadlines).to_contain_text("against us")
    expect(deadlines).to_contain_text("recognition")
    expect(deadlines).to_contain_text((received + timedelta(days=30)).isoformat())
    request_url = page.url.split("#")[0]
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#deadlines-later")).to_contain_text("against us")

    # the liaison prepares the decision and shares the case with the prosecutor who takes it
    page.goto(request_url)
    for label, reason in REASONS.items():
        page.get_by_label(label, exact=True).fill(reason)
    page.get_by_role("button", name="Save assessment").click()
    _step(page, "Submit for approval")
    page.get_by_role("link", name="Back to the case").click()
    page.get_by_label("Add a colleague of your unit").select_option("staatsanwalt")
    page.get_by_role("button", name="Add member").click()
    workspace.sign_out(page)

    workspace.sign_in(page, "staatsanwalt", request_url.removeprefix(workspace.url))
    _step(page, "Approve")
    expect(page.locator("#status")).to_have_text("approved")
    # recognised today: the recognition limit is met, and the 90 days to execute (art. 12(4)) run
    expect(page.locator("#deadlines")).to_contain_text("execution")
    expect(page.locator("#deadlines .deadline").first).to_contain_text("met")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#deadlines-later")).to_contain_text("execution")
    expect(page.locator("#deadlines-later")).not_to_contain_text("— recognition, due")
    page.goto(request_url)
    _step(page, "Executed")
    expect(page.locator("#status")).to_have_text("executed")
    expect(page.locator("#timeline")).to_contain_text("executed")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("body")).not_to_contain_text("AT → DE")


def test_a_request_refused_by_the_requested_state(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "staatsanwalt", f"/requests/{workspace.seed.request_id}")
    _step(page, "Approve")
    _step(page, "Mark sent")
    _step(page, "Refused by the requested state", note="The data is no longer held.")
    expect(page.locator("#status")).to_have_text("refused by requested state")
    expect(page.locator("#timeline")).to_contain_text("The data is no longer held.")
    expect(page.get_by_role("button", name="Close")).to_be_visible()
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("body")).not_to_contain_text("preservation DE → NL")


def test_a_deadline_that_passes_shows_as_overdue(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "staatsanwalt", f"/requests/{workspace.seed.request_id}")
    _step(page, "Approve")
    _step(page, "Mark sent", when=date.today() - timedelta(days=90))
    expect(page.locator("#deadlines .overdue")).to_contain_text("overdue by")
    page.get_by_role("link", name="Dashboard").click()
    overdue = page.locator("#deadlines-overdue")
    expect(overdue).to_contain_text("preservation DE → NL")
    expect(overdue).to_contain_text("overdue by")
    shoot(page, "dashboard-overdue")


def test_oversight_sees_the_audit_but_no_case_data(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "datenschutz")
    expect(page.locator("body")).not_to_contain_text("Ransomware")
    page.get_by_role("link", name=re.compile("Audit log")).click()
    expect(page.locator("#audit")).to_contain_text("login")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator("#verdict")).to_contain_text("intact")
    shoot(page, "audit")
    page.goto(f"{workspace.url}/cases/{workspace.seed.case_id}")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
