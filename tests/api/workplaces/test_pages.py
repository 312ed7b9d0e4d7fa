"""The workplace pages in a real browser: a coordinator creates a workplace and edits one, with
errors next to the field, another portfolio is read-only, a workplace without placements says
so."""

import re

import pytest
from playwright.sync_api import BrowserContext, expect
from sqlalchemy import func, select

from api.composition.context import AppContext
from store.models import WorkplaceRow
from tests.api.web.live import signed_in, unlabelled_fields
from tests.api.web.test_layout import problems

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _named(context: AppContext, name: str) -> int:
    with context.sessions() as session:
        found = session.scalar(
            select(func.count()).select_from(WorkplaceRow).where(WorkplaceRow.name == name)
        )
        return int(found or 0)


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

    def test_create_a_workplace_with_errors_next_to_the_field(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, context = live
        page = signed_in(session, base, "koordinator.syd")
        page.get_by_role("link", name="Ny virksomhed").click()
        expect(page.get_by_role("heading", name="Ny virksomhed", level=1)).to_be_visible()
        assert unlabelled_fields(page) == []
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            assert problems(page) == (0, [], []), width
        # Sent empty: each field that must be filled says so, and nothing is stored.
        page.get_by_label("Navn", exact=True).fill("Café Valby Langgade")
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(page.get_by_role("heading", name="Ny virksomhed", level=1)).to_be_visible()
        expect(page.locator("#postal_code-fejl")).to_have_text("Skal udfyldes")
        expect(page.locator("#industry-fejl")).to_have_text("Skal udfyldes")
        expect(page.locator("#functions-fejl")).to_have_text("Der skal være mindst 1")
        expect(page.get_by_label("Navn", exact=True)).to_have_value("Café Valby Langgade")
        assert problems(page) == (0, [], [])

        page.get_by_label("Adresse", exact=True).fill("Valby Langgade 12")
        page.get_by_label("Postnummer", exact=True).fill("1620")
        page.get_by_label("Branche").select_option(label="Restaurant")
        page.get_by_label("Ordinært ansatte").fill("12")
        page.get_by_label("Kontaktperson", exact=True).fill("Mette Holm")
        page.get_by_label("Titel", exact=True).fill("Køkkenhjælp")
        page.get_by_label("DISCO-kode", exact=True).fill("9412")
        page.get_by_label("Timer pr. uge, fra").fill("20")
        page.get_by_label("Timer pr. uge, til").fill("10")
        page.get_by_label("Opgaver, én pr. linje").fill("Opvask\nGrøntsager")
        page.get_by_label("Virksomhedspraktik").check()
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(page.locator("#functions-0-weekly_hours-fejl")).to_contain_text(
            "må ikke være større end"
        )
        expect(page.get_by_label("Titel", exact=True).first).to_have_value("Køkkenhjælp")
        expect(page.get_by_label("Opgaver, én pr. linje").first).to_have_value("Opvask\nGrøntsager")
        expect(page.get_by_label("Virksomhedspraktik").first).to_be_checked()
        page.get_by_label("Timer pr. uge, fra").first.fill("10")
        page.get_by_label("Timer pr. uge, til").first.fill("20")
        page.get_by_role("button", name="Gem", exact=True).click()
        # A postal code without a known centre is said beside the location, and the summary's
        # link leads there.
        expect(page.locator("#coordinates-fejl")).to_have_text(
            "Postnummer 1620 kender vi ikke midtpunktet af"
        )
        page.get_by_role("link", name="Placering").click()
        expect(page).to_have_url(re.compile("#f-coordinates$"))
        assert _named(context, "Café Valby Langgade") == 0  # nothing refused was stored
        page.get_by_label("Postnummer", exact=True).fill("2500")
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("Oprettet.")
        expect(page.get_by_role("heading", name="Café Valby Langgade", level=1)).to_be_visible()
        expect(page.get_by_text("Opvask · Grøntsager")).to_be_visible()
        expect(page.get_by_role("link", name="Ret virksomhed")).to_be_visible()
        # It is found by a search at once (the index is fresh for the next request).
        page.goto(f"{base}/app/workplaces?q=Valby+Langgade")
        expect(page.get_by_role("link", name="Café Valby Langgade", exact=True)).to_be_visible()
        assert _named(context, "Café Valby Langgade") == 1

    def test_another_portfolio_is_read_only(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "koordinator.nord")
        page.goto(f"{base}/app/workplaces/1")
        expect(page.get_by_role("link", name="Ret virksomhed")).to_have_count(0)
        page.goto(f"{base}/app/workplaces")
        expect(page.get_by_role("link", name="Ny virksomhed")).to_be_visible()
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
