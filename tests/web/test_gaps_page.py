"""The gap-analysis page: the index as a picture and a ranking, and a what-if, in a browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import Workspace, shoot


def test_the_index_shows_every_pair_and_ranks_the_states(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "ermittler", "/gaps")
    expect(page.get_by_role("heading", name="Safe havens: illegal access")).to_be_visible()
    expect(page.locator("#decided")).to_contain_text("Counted:")
    expect(
        page.get_by_role("img", name="Rows: requesting state; columns: requested state")
    ).to_be_visible()
    # the dataset's states, each linked to its law page, with unknown kept apart from no
    havens = page.locator("#havens")
    expect(havens.get_by_role("link", name="Germany (DE)")).to_be_visible()
    expect(havens).to_contain_text("unknown")
    shoot(page, "gaps", full_page=False)

    page.get_by_label("Offence").first.select_option("computer_fraud")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("heading", name="Safe havens: computer fraud")).to_be_visible()


def test_a_what_if_shows_the_havens_that_close(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "ermittler", "/gaps")
    page.get_by_label("Changes (YAML)").fill(
        "changes:\n  - ratify: {state: IE, instrument: budapest, on: 2026-07-01}\n"
    )
    page.get_by_role("button", name="Show the difference").click()
    expect(page.locator("#hypothetical")).to_contain_text("none of these changes is law")
    expect(page.locator("#changes-applied")).to_contain_text("IE")
    # Ireland joining opens the preservation route with the Convention's parties: its share moves
    expect(page.locator("#moved").get_by_role("link", name="Ireland (IE)")).to_be_visible()
    shoot(page, "gaps-what-if")


def test_a_bad_change_is_named(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "ermittler", "/gaps")
    page.get_by_label("Changes (YAML)").fill(
        "changes:\n  - ratify: {state: XX, instrument: budapest, on: 2026-07-01}\n"
    )
    page.get_by_role("button", name="Show the difference").click()
    expect(page.get_by_role("alert")).to_contain_text("'XX'")
