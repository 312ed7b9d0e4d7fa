"""Reverse matching's pages in a real browser on the demo data: a coordinator finds a
function's candidates (anonymous cards) and tells a candidate's consultant, who proposes the
function from the notifications page, which makes the contact. The pages fit a phone and
axe finds nothing on them."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from store.models import CandidateCardRow, CitizenRow
from tests.api.web.live import demo_server, log_in, unlabelled_fields
from tests.api.web.test_layout import problems
from tests.conftest import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CONSULTANT_OF = {"jobcenter-syd": "konsulent.syd", "jobcenter-nord": "konsulent.nord"}


def test_a_coordinator_finds_candidates_and_a_consultant_proposes_one(
    tmp_path: Path, browser: Browser
) -> None:
    with demo_server(tmp_path, today=TODAY) as (base, context):
        session = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        page = session.new_page()
        log_in(page, base, "koordinator.syd")
        page.goto(f"{base}/app/workplaces/1")
        page.get_by_role("link", name=re.compile("^Find kandidater til")).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Kandidater til"))
        cards = page.locator("[data-card]")
        expect(cards.first).to_be_visible()
        assert int(page.locator("[data-field=total]").inner_text()) >= cards.count() > 0
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            assert problems(page) == (0, [], []), width
        page.set_viewport_size({"width": 1280, "height": 900})
        token = cards.first.locator("form").get_attribute("action").split("/")[-2]
        looked_up = page.url
        cards.first.get_by_role("button", name="Giv borgerens konsulent besked").click()
        # Sent without a new look-up: the same cards, the notified one marked as sent.
        expect(cards.first.get_by_role("status")).to_have_text(
            "Borgerens konsulent har fået besked."
        )
        expect(cards.first).to_have_class(re.compile(r"\bnotified\b"))
        assert page.url == looked_up
        # The cards are cards: no list numbers beside "Kandidat 1", and a border.
        assert cards.first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
        assert cards.first.evaluate("e => getComputedStyle(e).borderTopStyle") != "none"
        session.close()

        with context.sessions() as store:
            citizen_id = store.scalars(
                select(CandidateCardRow.citizen_id).where(CandidateCardRow.token == token)
            ).one()
            citizen = store.get(CitizenRow, citizen_id)
            assert citizen is not None
            team, reference = citizen.team, citizen.reference

        session = browser.new_context(viewport={"width": 390, "height": 900}, locale="da-DK")
        page = session.new_page()
        log_in(page, base, CONSULTANT_OF[team])
        page.get_by_role("link", name="Henvendelser").click()
        row = page.get_by_role("row", name=re.compile(reference))
        expect(row).to_contain_text("Åben")
        assert unlabelled_fields(page) == []
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            assert problems(page) == (0, [], []), width
        row.get_by_label("Forløbstype").select_option(label="Virksomhedspraktik")
        row.get_by_role("button", name="Registrér kontakt").click()
        expect(page.get_by_role("status")).to_have_text("Kontakten er registreret.")
        page.get_by_role("link", name="Henvendelser").click()
        expect(page.get_by_role("row", name=re.compile(reference))).to_contain_text("Foreslået")
        session.close()
