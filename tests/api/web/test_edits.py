"""Two coordinators edit one workplace at once: the later save meets the earlier one on a
merge page that says who saved and when, merges the fields only one of them changed, and
asks where both did. Nothing a colleague saved is undone unless chosen."""

import pytest
from playwright.sync_api import Browser, Page, expect

from api.composition.context import AppContext
from api.workplaces import service as workplaces
from tests.api.web.live import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORKPLACE = 2  # Pakketerminal Valby, in virksomhedsservice-syd's portfolio


def two_editors(browser: Browser, base: str) -> tuple[Page, Page]:
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    theirs, mine = (
        signed_in(first, base, "koordinator.syd"),
        signed_in(second, base, "koordinator.syd"),
    )
    for page in (theirs, mine):
        page.goto(f"{base}/app/workplaces/{WORKPLACE}/edit")
    return theirs, mine


def stored(context: AppContext) -> tuple[str, int, int]:
    with context.sessions() as session:
        workplace = workplaces.to_out(workplaces.get_or_raise(session, workplace_id=WORKPLACE))
    return workplace.name, workplace.ordinary_employees, workplace.current_subsidised_placements


def test_changes_to_different_fields_are_merged_and_both_kept(
    live: tuple[str, AppContext], browser: Browser
) -> None:
    base, context = live
    theirs, mine = two_editors(browser, base)
    try:
        theirs.get_by_label("Navn").fill("Pakketerminal Valby (ny ledelse)")
        theirs.get_by_role("button", name="Gem", exact=True).click()
        expect(theirs.get_by_role("status")).to_have_text("Gemt.")

        mine.get_by_label("I praktik eller løntilskud nu").fill("0")
        mine.get_by_role("button", name="Gem", exact=True).click()
        merge = mine.locator("section.conflict")
        expect(merge.get_by_role("heading", level=2)).to_contain_text(
            "koordinator.syd gemte virksomheden"
        )
        expect(merge).to_contain_text("I har ikke ændret de samme felter")
        rows = merge.locator("tbody tr")
        name = rows.filter(has_text="Navn")
        expect(name).to_contain_text("Pakketerminal Valby (ny ledelse)")
        expect(name.locator("td").last).to_have_text("Den gemte ændring")
        subsidised = rows.filter(has_text="I praktik eller løntilskud nu")
        expect(subsidised.locator("td").last).to_have_text("Din ændring")
        expect(merge.get_by_role("radio")).to_have_count(0)
        mine.get_by_role("button", name="Gem det samlede").click()
        expect(mine.get_by_role("status")).to_have_text("Gemt.")
        assert stored(context)[0] == "Pakketerminal Valby (ny ledelse)"
        assert stored(context)[2] == 0
    finally:
        theirs.context.close()
        mine.context.close()


def test_a_field_both_changed_is_the_coordinators_choice(
    live: tuple[str, AppContext], browser: Browser
) -> None:
    base, context = live
    theirs, mine = two_editors(browser, base)
    try:
        theirs.get_by_label("Ordinært ansatte").fill("41")
        theirs.get_by_role("button", name="Gem", exact=True).click()
        expect(theirs.get_by_role("status")).to_have_text("Gemt.")
        mine.get_by_label("Ordinært ansatte").fill("7")
        mine.get_by_label("Adresse").fill("Gammel Køge Landevej 55, 2500 Valby")
        mine.get_by_role("button", name="Gem", exact=True).click()

        merge = mine.locator("section.conflict")
        expect(merge).to_contain_text("Hvor I begge har ændret det, vælger du (1 felt)")
        choice = merge.get_by_role("group", name="Begge har ændret ordinært ansatte")
        expect(choice).to_be_visible()
        # Saving without a choice saves nothing, and says where to choose.
        mine.get_by_role("button", name="Gem det samlede").click()
        expect(mine.get_by_role("alert").first).to_contain_text("Vælg, hvilken værdi")
        assert stored(context)[1] == 41
        # Take it into the form first: the merged values, on the stored version.
        choice.get_by_label("Brug den gemte").check()
        mine.get_by_role("button", name="Ret videre i formularen").click()
        expect(mine.get_by_role("status")).to_contain_text("Ændringerne er lagt sammen")
        expect(mine.get_by_label("Ordinært ansatte")).to_have_value("41")
        expect(mine.get_by_label("Adresse")).to_have_value("Gammel Køge Landevej 55, 2500 Valby")
        mine.get_by_role("button", name="Gem", exact=True).click()
        expect(mine.get_by_role("status")).to_have_text("Gemt.")
        assert stored(context)[1] == 41
    finally:
        theirs.context.close()
        mine.context.close()


def test_the_stored_version_can_be_taken_instead(
    live: tuple[str, AppContext], browser: Browser
) -> None:
    base, _ = live
    theirs, mine = two_editors(browser, base)
    try:
        theirs.get_by_label("Ordinært ansatte").fill("52")
        theirs.get_by_role("button", name="Gem", exact=True).click()
        mine.get_by_label("Ordinært ansatte").fill("8")
        mine.get_by_role("button", name="Gem", exact=True).click()
        mine.get_by_role("link", name="Brug den gemte version (glem mine ændringer)").click()
        expect(mine.get_by_label("Ordinært ansatte")).to_have_value("52")
    finally:
        theirs.context.close()
        mine.context.close()
