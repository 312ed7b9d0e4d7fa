"""The batch runs page in a real browser: it lists the runs, and an admin starts one."""

import re

import pytest
from playwright.sync_api import BrowserContext, expect

from api.context import AppContext
from tests.api.web.conftest import signed_in

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
