"""The batch runs page in a real browser: it lists the runs, an admin starts one, and what
spreading its first places over the workplaces did is shown once it is done."""

import re

import pytest
from playwright.sync_api import BrowserContext, expect

from api.composition.context import AppContext
from tests.api.web.live import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_batch_runs_page_lists_runs_and_an_admin_starts_one(
    live: tuple[str, AppContext], session: BrowserContext
) -> None:
    base, _ = live
    page = signed_in(session, base, "admin")
    expect(page).to_have_url(re.compile(r"/app/runs$"))
    expect(page.get_by_role("cell", name="Ny arbejdsmarkedsbalance")).to_be_visible()
    page.get_by_role("button", name="Start en kørsel nu").click()
    expect(page.get_by_role("status")).to_have_text("Kørslen er startet.")
    newest = page.locator("tbody tr").first
    expect(newest).to_contain_text("Manuel")
    expect(newest.locator("[data-field=status]")).to_have_text("Færdig")
    expect(newest.locator("progress")).to_have_attribute("value", re.compile(r"\d+"))

    run_id = newest.get_attribute("data-run")
    page.reload()
    allocated = page.locator(f"tr[data-allocation='{run_id}']")
    expect(allocated.locator("[data-label=Borgere]")).to_have_text(re.compile(r"^[1-9]\d*$"))
    # no workplace is left in more first places than it accepts
    expect(allocated.locator("[data-label='Over kapacitet']")).to_have_text(
        re.compile(r"^\d+ → 0$")
    )
    expect(allocated.locator("[data-label='Mindst 3 forslag']")).to_contain_text(" % → ")
