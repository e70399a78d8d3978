"""The law browser in a real browser: a state's statutes with their sources, an instrument's
parties with their dates, unknown shown as unknown, and the search of the index."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from lexbridge.law import default_dataset
from tests.web.conftest import SCREENSHOTS, Workspace


def shoot_top(page: Page, name: str) -> None:
    """The top of a long page (a full-page shot of a state or a treaty is some 20,000 pixels)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1800})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_german_page_shows_stgb_202a_with_its_source(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "ermittler", "/law/states/DE")
    expect(page.get_by_role("heading", name="Germany (DE)", level=1)).to_be_visible()

    statute = page.locator("article#de-stgb-202a-2007")
    expect(statute.get_by_role("heading", name=re.compile(r"^StGB § 202a"))).to_be_visible()
    expect(statute).to_contain_text("Ausspähen von Daten")
    expect(statute).to_contain_text("up to 36 months")
    source = statute.get_by_role("link", name=re.compile(r"§ 202a")).last
    expect(source).to_have_attribute("href", "https://www.gesetze-im-internet.de/stgb/__202a.html")
    expect(statute).to_contain_text("official source")
    expect(statute).to_contain_text("checked 2026-11-27")

    # the offence table links the statute, and the national rules are there with their sources
    page.locator("#offence-coverage").get_by_role("link", name=re.compile(r"§ 202a.*2007")).click()
    expect(statute).to_be_in_viewport()
    expect(page.locator("#extradition")).to_contain_text(re.compile("regional only", re.I))
    expect(page.locator("#contacts")).to_contain_text("Bundeskriminalamt")
    treaties = page.locator("#treaties-table")
    expect(treaties.get_by_role("link", name="Budapest Convention", exact=True)).to_be_visible()
    expect(page.locator("#providers")).to_contain_text("Hetzner")
    shoot_top(page, "law-state")


def test_the_budapest_page_lists_germany_with_its_date_of_entry_into_force(
    page: Page, workspace: Workspace
) -> None:
    workspace.sign_in(page, "staatsanwalt", "/law")
    page.get_by_role("link", name="Budapest Convention", exact=True).click()
    expect(page.get_by_role("heading", name="Convention on Cybercrime", level=1)).to_be_visible()
    expect(page.locator("#in-force")).to_contain_text("2004-07-01")

    germany = page.locator("#party-DE")
    expect(germany.get_by_role("link", name="Germany", exact=True)).to_be_visible()
    expect(germany).to_contain_text("2009-07-01")  # in force for Germany
    expect(germany).to_contain_text("2009-03-09")  # ratification deposited
    expect(
        germany.get_by_role("cell", name=re.compile(r"^yes in force for it from 2009-07-01"))
    ).to_be_visible()

    # sorted by the date of entry into force, the oldest parties come first
    page.get_by_role("link", name="In force for it from").click()
    expect(
        page.get_by_role("columnheader", name=re.compile("In force for it from"))
    ).to_have_attribute("aria-sort", "ascending")
    first = page.locator("#parties-table tbody tr").first
    expect(first).to_contain_text("2004-07-01")

    # the measures it offers, with article, channel and deadline
    measures = page.locator("#measures-table")
    expect(measures).to_contain_text("Art. 29")
    expect(measures).to_contain_text("24/7 network")
    shoot_top(page, "law-instrument")


def test_a_state_without_statutes_says_unknown_not_none(page: Page, workspace: Workspace) -> None:
    law = default_dataset()
    empty = next(code for code in ("AQ", "TV", "NR") if code not in law.states)
    workspace.sign_in(page, "enqueteur", f"/law/states/{empty}")
    statutes = page.locator("#statutes")
    expect(statutes).to_contain_text("Not in the dataset: unknown")
    expect(statutes).not_to_contain_text("none")
    expect(page.locator("#no-state-file")).to_contain_text("unknown")
    coverage = page.locator("#offence-coverage")
    expect(coverage.get_by_text("not in the dataset: unknown").first).to_be_visible()
    expect(coverage).not_to_contain_text("none")


def test_an_unknown_code_is_not_found_and_named(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "liaison", "/law")
    page.goto(f"{workspace.url}/law/states/XX")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("'XX'")
    page.goto(f"{workspace.url}/law/instruments/no_such_treaty")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("budapest")


def test_the_search_finds_a_state_by_name(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "datenschutz", "/law")
    page.get_by_label("State name or code").fill("nether")
    page.get_by_role("button", name="Search").click()
    coverage = page.locator("#coverage")
    expect(coverage.get_by_role("link", name="Netherlands")).to_be_visible()
    expect(coverage.get_by_role("link", name="Germany")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("1 of 250")

    # with JavaScript the list follows the typing, without pressing Search
    page.get_by_label("State name or code").fill("korea")
    expect(page.get_by_role("status")).to_contain_text("for “korea”")
    expect(coverage.get_by_role("link", name=re.compile("Korea"))).to_have_count(2)
    page.get_by_label("State name or code").fill("nether")
    coverage.get_by_role("link", name="Netherlands").click()
    expect(page.get_by_role("heading", name="Netherlands (NL)", level=1)).to_be_visible()


def test_the_law_needs_sign_in(page: Page, workspace: Workspace) -> None:
    page.goto(f"{workspace.url}/law/states/DE")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_without_javascript_the_search_and_the_sorting_work(
    browser: Browser, workspace: Workspace
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    workspace.sign_in(page, "staatsanwalt", "/law")
    page.get_by_label("State name or code").fill("fr")
    page.get_by_label("Show").select_option("held")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#coverage").get_by_role("link", name="France")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("for “fr”")

    page.goto(f"{workspace.url}/law/instruments/budapest")
    page.get_by_role("link", name="Ratification, accession or approval").click()
    page.get_by_role("link", name=re.compile("Ratification, accession or approval")).click()
    header = page.get_by_role("columnheader", name=re.compile("Ratification"))
    expect(header).to_have_attribute("aria-sort", "descending")
    page.get_by_label("Show who was bound on").fill("2005-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#parties-count")).to_contain_text("bound on 2005-01-01")
    germany = page.locator("#party-DE")
    expect(
        germany.get_by_role("cell", name="no in force for it only from 2009-07-01")
    ).to_be_visible()
    context.close()
