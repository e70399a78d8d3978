"""The money trail in the browser: the demo's traced ransom, a trace run from an uploaded file, and
bad input named in plain words."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import Workspace, shoot

KUCOIN_WALLET = "bc1qgrxsrmrhsapvh9addyx6sh8j4rw0sn9xtur9uq"
FIELDS = ["tx_hash", "height", "time", "side", "n", "address", "value", "spent_tx_hash", "spent_n"]


@pytest.fixture
def legs(tmp_path: Path) -> Path:
    """A fraud payment of 1 BTC, 0.7 BTC of it paid on to a KuCoin wallet the demo's tags know."""
    path = tmp_path / "fraud-legs.csv"
    rows = [
        ["fraud", 800000, 1690000000, "out", 0, "bc1qvictimpaidhere", 100_000_000, "", ""],
        ["split", 800001, 1690000600, "in", 0, "", "", "fraud", 0],
        ["split", 800001, 1690000600, "out", 0, KUCOIN_WALLET, 70_000_000, "", ""],
        ["split", 800001, 1690000600, "out", 1, "bc1qkeptback", 29_990_000, "", ""],
    ]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows(rows)
    return path


@pytest.fixture
def plain_page(browser: Browser) -> Iterator[Page]:
    """A page with JavaScript off: the form must work as plain HTML."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_the_demo_case_shows_its_traced_ransom_payment(page: Page, workspace: Workspace) -> None:
    workspace.sign_in(page, "ermittler", f"/cases/{workspace.seed.case_id}")
    page.get_by_role("link", name="Money trail", exact=True).click()
    expect(page.get_by_role("heading", name="Money trail")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Trace \d+: the haircut policy"))
    ).to_be_visible()

    picture = page.get_by_role("img", name=re.compile("Flow of the tainted value"))
    expect(picture).to_be_visible()
    expect(picture).to_have_attribute("alt", re.compile(r"kucoin \(SC\) 12\.3999 BTC"))
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), "the picture loads"

    services = page.locator("#services")
    kucoin = services.get_by_role("row", name=re.compile("^kucoin"))
    expect(kucoin).to_contain_text("12.3999 BTC")
    expect(kucoin.get_by_role("link", name="Seychelles (SC)")).to_have_attribute(
        "href", "/law/states/SC"
    )
    expect(page.locator("#jurisdictions")).to_contain_text("Seychelles (SC)")
    expect(page.locator("#balance")).to_contain_text("0.0997 BTC")
    expect(page.locator("#leads")).to_contain_text("Freeze the funds")
    shoot(page, "money-trail")


def test_a_user_uploads_transactions_picks_seeds_and_a_policy_and_sees_the_result(
    page: Page, workspace: Workspace, legs: Path
) -> None:
    workspace.sign_in(page, "ermittler", f"/cases/{workspace.seed.case_id}/trail")
    page.get_by_label("Transaction file(s)").set_input_files(legs)
    page.get_by_label("Seeds").fill("bc1qvictimpaidhere")
    page.get_by_label("Taint policy").select_option("fifo")
    page.get_by_role("button", name="Run the trace").click()

    expect(
        page.get_by_role("heading", name=re.compile(r"the fifo policy from bc1qvictimpaidhere"))
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/trail/\d+$"))
    kucoin = page.locator("#services").get_by_role("row", name=re.compile("^kucoin"))
    expect(kucoin).to_contain_text("0.7 BTC")
    expect(kucoin).to_contain_text("Seychelles (SC)")
    expect(page.locator("#trace")).to_contain_text("fraud-legs.csv")
    expect(page.locator("#past-traces tbody tr")).to_have_count(2)


@pytest.mark.parametrize(
    ("file", "seed", "message"),
    [
        (None, "bc1qnobody", "seed 'bc1qnobody': no loaded output pays this address"),
        ("broken.csv", "bc1qvictimpaidhere", "broken.csv lacks the column(s) tx_hash"),
    ],
)
def test_bad_input_is_named_and_no_trace_is_kept(
    page: Page,
    workspace: Workspace,
    legs: Path,
    tmp_path: Path,
    file: str | None,
    seed: str,
    message: str,
) -> None:
    if file is not None:
        legs = tmp_path / file
        legs.write_text("date,amount\n2023-05-01,12.5\n")
    workspace.sign_in(page, "ermittler", f"/cases/{workspace.seed.case_id}/trail")
    page.get_by_label("Transaction file(s)").set_input_files(legs)
    page.get_by_label("Seeds").fill(seed)
    page.get_by_role("button", name="Run the trace").click()
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.locator("#past-traces tbody tr")).to_have_count(1)
    expect(page.get_by_label("Seeds")).to_have_value(seed)


def test_without_javascript_a_malformed_file_is_named_too(
    plain_page: Page, workspace: Workspace, tmp_path: Path
) -> None:
    page = plain_page
    notes = tmp_path / "wallet-notes.txt"
    notes.write_text("the suspect's wallet, as noted by hand\n")
    workspace.sign_in(page, "ermittler", f"/cases/{workspace.seed.case_id}/trail")
    page.get_by_label("Transaction file(s)").set_input_files(notes)
    page.get_by_label("Seeds").fill("bc1qdemoransomaddress")
    page.get_by_role("button", name="Run the trace").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "wallet-notes.txt is neither a leg file, a bitcoin-etl transactions export nor a Bitcoin Core RPC response"
    )


def test_a_user_of_another_authority_gets_not_found_for_the_trail(
    page: Page, workspace: Workspace
) -> None:
    case = workspace.seed.case_id
    workspace.sign_in(page, "enqueteur")
    for path in (
        f"/cases/{case}/trail",
        f"/cases/{case}/trail/1",
        f"/cases/{case}/trail/1/flow.svg",
    ):
        page.goto(workspace.url + path)
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("kucoin")
