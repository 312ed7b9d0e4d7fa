"""The app on a real port with the demo data, and Debian's Chromium driven by Playwright:
for the browser tests and for the README's screenshots."""

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from api.app import create_app
from api.composition import demo
from api.composition.context import AppContext
from api.composition.demo import DATA_DIR, DEMO_USERS
from api.composition.settings import Settings
from api.composition.wiring import create_context
from tests.net import served

PASSWORDS = {username: password for username, _, _, password in DEMO_USERS}
# The probe's flags: without the background-networking ones Chromium keeps dialling out of
# this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium (`apt-get install chromium`); the tests need it, CI installs it."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Debian's chromium is not installed: apt-get install chromium")


@contextmanager
def demo_server(directory: Path, *, today: dt.date) -> Iterator[tuple[str, AppContext]]:
    """The demo data on SQLite and the embedded index, served by uvicorn in a thread; batch
    tasks run in the calling process (the demo load's run included)."""
    settings = Settings(
        environment="development",
        data_dir=directory,
        today=today,
        tasks_eager=True,
        database_url=f"sqlite:///{directory / 'store.sqlite3'}",
    )
    context = create_context(settings)
    demo.load_demo(context, DATA_DIR)
    context.freshness.rebuild()
    try:
        with served(create_app(context)) as base:
            yield base, context
    finally:
        context.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page: Page, base: str, username: str, *, purpose: str = "Match til virksomhed") -> None:
    """Sign in with the keyboard, as a user would: type, tab, choose, press Enter."""
    page.goto(f"{base}/app/login")
    page.get_by_label("Brugernavn").fill(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORDS[username])
    page.get_by_label("Formål med dit arbejde i dag").select_option(label=purpose)
    page.get_by_label("Adgangskode").press("Enter")
    page.wait_for_load_state()


def unlabelled_fields(page: Page) -> list[str]:
    """Form fields a screen reader could not name."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden')
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
            .map(e => e.name || e.id)"""
    )


def signed_in(session: BrowserContext, base: str, username: str) -> Page:
    """A new page in the browser session, signed in as the user."""
    page = session.new_page()
    log_in(page, base, username)
    return page
