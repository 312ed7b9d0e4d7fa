"""The pages' words in a real browser: codes are shown as Danish words."""

import pytest
from playwright.sync_api import BrowserContext, expect

from api.composition.context import AppContext
from tests.api.web.live import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_codes_are_shown_as_words(live: tuple[str, AppContext], session: BrowserContext) -> None:
    base, _ = live
    page = signed_in(session, base, "konsulent.syd")
    expect(page.locator("header .who")).to_contain_text("Jobcenter Syd")
    page.goto(f"{base}/app/citizens/1")
    expect(page.get_by_text("Arbejdsmarkedsbalance: Hovedstaden, juli 2026.")).to_be_visible()
    expect(page.locator(".score").first).to_contain_text("/ 100")
    page.goto(f"{base}/app/workplaces/1")
    summary = page.locator("section.summary")
    expect(summary).to_contain_text("Genbrug")
    expect(summary).to_contain_text("Virksomhedsservice Syd")
    expect(summary).not_to_contain_text("recycling")
    expect(page.get_by_text("(DISCO-kode 9612)").first).to_be_visible()
    page.goto(f"{base}/app/workplaces?q=Kantine")
    expect(page.get_by_role("table")).not_to_contain_text("virksomhedsservice-")
