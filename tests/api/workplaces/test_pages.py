"""The workplace pages in a real browser: a coordinator edits a workplace with errors next to
the field, another portfolio is read-only, a workplace without placements says so."""

import re

import pytest
from playwright.sync_api import BrowserContext, expect

from api.composition.context import AppContext
from tests.api.web.live import signed_in, unlabelled_fields

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class TestCoordinator:
    def test_edit_a_workplace_with_errors_next_to_the_field(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "koordinator.syd")
        expect(page).to_have_url(re.compile(r"/app/workplaces$"))
        page.get_by_label("Søg (navn, funktioner, opgaver)").fill("Genbrugsstation Vigerslev")
        page.get_by_role("button", name="Søg").click()
        page.get_by_role("link", name="Genbrugsstation Vigerslev").first.click()
        expect(page.get_by_role("heading", name="Erfaringer")).to_be_visible()
        page.get_by_role("link", name="Ret virksomhed").click()
        assert unlabelled_fields(page) == []

        employees = page.get_by_label("Ordinært ansatte")
        employees.fill("-3")
        enquiries = page.get_by_label("Henvendelser pr. måned (tom: efter størrelse)")
        enquiries.fill("500")
        page.get_by_label("Timer pr. uge, fra").first.fill("30")
        page.get_by_label("Timer pr. uge, til").first.fill("8")
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(employees).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#ordinary_employees-fejl")).to_have_text("Skal være mindst 0")
        expect(page.locator("#monthly_enquiries-fejl")).to_have_text("Må højst være 200")
        expect(page.locator("#functions-0-weekly_hours-fejl")).to_contain_text(
            "må ikke være større end"
        )
        employees.fill("15")
        enquiries.fill("4")
        page.get_by_label("Timer pr. uge, fra").first.fill("8")
        page.get_by_label("Timer pr. uge, til").first.fill("30")
        page.get_by_label("Opgaver, én pr. linje").first.fill("Sortering af affald\nKundeservice")
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("Gemt.")
        expect(page.get_by_text("Sortering af affald · Kundeservice")).to_be_visible()
        expect(page.locator("dt", has_text="Henvendelser pr. måned").locator("+ dd")).to_have_text(
            "4"
        )

    def test_another_portfolio_is_read_only(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "koordinator.nord")
        page.goto(f"{base}/app/workplaces/1")
        expect(page.get_by_role("link", name="Ret virksomhed")).to_have_count(0)
        response = page.goto(f"{base}/app/workplaces/1/edit")
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", name="Det har du ikke adgang til")).to_be_visible()


def test_a_workplace_without_placements_says_so(
    live: tuple[str, AppContext], session: BrowserContext
) -> None:
    from api.workplaces import service as workplaces
    from api.workplaces.schemas import WorkplaceIn
    from tests.api import payloads

    base, context = live
    with context.sessions() as db:
        row = workplaces.create(
            db,
            data=WorkplaceIn.model_validate(
                payloads.workplace(
                    name="Café Uden Forløb",
                    record={"placements": 0, "good_outcomes": 0, "paid_hours_outcomes": 0},
                )
            ),
            postal_codes=context.matching.postal_codes,
            portfolio="virksomhedsservice-syd",
            by="test",
        )
        db.commit()
        workplace_id = row.id
    page = signed_in(session, base, "konsulent.syd")
    page.goto(f"{base}/app/workplaces/{workplace_id}")
    expect(page.get_by_text("Ingen tidligere forløb.")).to_be_visible()
    expect(page.get_by_text(re.compile("0 af 0"))).to_have_count(0)
