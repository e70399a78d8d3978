"""Browser tests: the workspace served by uvicorn in a thread, driven by Playwright in Chromium.

Chromium is Debian's (``.ci/run`` installs it); Playwright launches it by its path, headless, and
downloads no browser of its own. Under ``CI=true`` a missing Chromium fails these tests; elsewhere
they are skipped with that reason. Screenshots of the main pages go to ``docs/screenshots``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from lexbridge.casework.db import make_engine, upgrade
from lexbridge.casework.seed import DemoSeed, seed_demo
from lexbridge.law import default_dataset
from lexbridge.web.app import create_web_app

CHROMIUM = os.environ.get("LEXBRIDGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium is required under CI=true and {CHROMIUM} is missing")
    pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@dataclass
class Workspace:
    url: str
    seed: DemoSeed
    passwords: dict[str, str]
    instance: Path

    def sign_in(self, page: Page, username: str, path: str = "/") -> None:
        page.goto(self.url + path)
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(self.passwords[username])
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    def sign_out(self, page: Page) -> None:
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    """A screenshot for the README, named after the page it shows (the whole page, or what a
    1280 by 720 window shows of a long one)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """The demo instance (two units, a user per role, the ransomware case) on a free port."""
    instance = Path(os.environ["LEXBRIDGE_INSTANCE"])
    engine = make_engine(f"sqlite:///{tmp_path / 'web.sqlite3'}")
    upgrade(engine)
    law = default_dataset()
    seed = seed_demo(engine, law, instance)
    passwords = dict(
        line.split(" ", 1) for line in seed.credentials.read_text().splitlines() if line
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_web_app(engine, law), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the workspace did not start within 30 s")
        time.sleep(0.05)
    yield Workspace(f"http://127.0.0.1:{port}", seed, passwords, instance)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def field_error(page: Page, name: str) -> str:
    return page.locator(f"#{re.escape(name)}-error").inner_text()
