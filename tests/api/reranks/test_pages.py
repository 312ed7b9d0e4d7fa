"""The batch runs page in a real browser: it lists the runs, an admin starts one, and what
spreading its first places over the workplaces did is shown once it is done; a run that a
worker is still ranking is followed on the page to its end, with no reload."""

import datetime as dt
import re

import pytest
from playwright.sync_api import BrowserContext, expect

from api.composition.context import AppContext
from store import reranks
from store.states import RunStatus, Trigger
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


FIGURES = {
    "citizens": 2,
    "workplaces": 7,
    "over_capacity_before": 1,
    "over_capacity_after": 0,
    "score_before": 500.0,
    "score_after": 490.0,
    "score_lost_share": 0.02,
    "three_or_more_before": 1.0,
    "three_or_more_after": 1.0,
    "gini_before": 0.4,
    "gini_after": 0.3,
    "seconds": 0.01,
}


def test_a_run_a_worker_is_ranking_is_followed_to_its_end_without_a_reload(
    live: tuple[str, AppContext], session: BrowserContext
) -> None:
    base, context = live
    # A worker in another process writes the run's rows; here the test writes them.
    with context.sessions() as store:
        run = reranks.create_run(store, trigger=Trigger.MANUAL, citizen_ids=[1, 4], top_k=5)
        run.status, run.started_at = RunStatus.RUNNING, dt.datetime.now(dt.UTC)
        store.commit()
        run_id = run.id
    page = signed_in(session, base, "admin")
    page.goto(f"{base}/app/runs")
    row = page.locator(f"tr[data-run='{run_id}']")
    expect(row.locator("[data-field=status]")).to_have_text("Kører")
    expect(row.locator("[data-field=started]")).to_have_text(re.compile(r"kl\. \d\d:\d\d$"))
    expect(row.locator("[data-field=finished]")).to_have_text("–")
    expect(page.locator(f"tr[data-allocation='{run_id}']")).to_have_count(0)

    with context.sessions() as store:
        run = reranks.get_run(store, run_id=run_id)
        assert run is not None
        run.done, run.status = 2, RunStatus.DONE
        run.finished_at = dt.datetime.now(dt.UTC)
        reranks.record_allocation(store, run_id=run_id, figures=FIGURES)
        store.commit()
    expect(row.locator("[data-field=status]")).to_have_text("Færdig")
    expect(row.locator("[data-field=count]")).to_have_text("2 af 2")
    expect(row.locator("[data-field=finished]")).to_have_text(re.compile(r"kl\. \d\d:\d\d$"))
    allocated = page.locator(f"tr[data-allocation='{run_id}']")
    expect(allocated.locator("[data-label='Over kapacitet']")).to_have_text("1 → 0")
    expect(allocated.locator("[data-label='Tabt score']")).to_have_text("2 %")
