"""Screenshots of the main pages for the README, from the demo data in headless Chromium,
and the printed plan as the PDF Chromium prints, each A4 page a picture (PDFium renders it).

    .venv/bin/python -m scripts.screenshots      # writes docs/screenshots/*.png

Needs Debian's chromium (as the browser tests do).
"""

import datetime as dt
import tempfile
from pathlib import Path

import pypdfium2
from playwright.sync_api import Browser, Page

from api.auth.policy import User
from api.composition.context import AppContext
from api.placements import plan_service
from api.placements import service as placements
from api.placements.plan_schemas import FollowUpIn, PlanIn
from api.placements.schemas import ContactIn, StatusIn
from api.shared.unit import unit_of_work
from fixtures.outcomes import simulate
from store import workplaces as workplace_repository
from tests.api.web.live import chromium, demo_server, log_in
from tests.stored import add_history

OUT = Path(__file__).parent.parent / "docs" / "screenshots"
TODAY = dt.date(2026, 11, 22)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as directory,
        demo_server(Path(directory), today=TODAY) as (base, context),
        chromium() as browser,
    ):
        course = _course(context)
        app_context = context
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        page = context.new_page()
        page.goto(f"{base}/app/login")
        page.screenshot(path=OUT / "login.png")
        log_in(page, base, "konsulent.syd")
        page.screenshot(path=OUT / "citizens.png")
        page.goto(f"{base}/app/citizens/1")
        page.screenshot(path=OUT / "suggestions.png", full_page=False)
        page.goto(f"{base}/app/citizens/1/edit")
        page.screenshot(path=OUT / "citizen-form.png")
        context.close()

        coordinator = browser.new_context(viewport={"width": 1280, "height": 900})
        theirs = browser.new_context(viewport={"width": 1280, "height": 900})
        mine = coordinator.new_page()
        other = theirs.new_page()
        log_in(mine, base, "koordinator.syd")
        log_in(other, base, "koordinator.syd")
        mine.goto(f"{base}/app/workplaces/1")
        mine.screenshot(path=OUT / "workplace.png")
        for page in (mine, other):
            page.goto(f"{base}/app/workplaces/1/edit")
        other.get_by_label("Navn").fill("Genbrugsstation Vigerslev (ny adresse)")
        other.get_by_label("Ordinært ansatte").fill("15")
        other.get_by_role("button", name="Gem", exact=True).click()
        other.get_by_role("status").wait_for()
        mine.get_by_label("Ordinært ansatte").fill("16")
        mine.get_by_role("button", name="Gem", exact=True).click()
        mine.locator("section.conflict").wait_for()
        mine.screenshot(path=OUT / "conflict.png")
        coordinator.close()
        theirs.close()

        admin = browser.new_context(viewport={"width": 1280, "height": 700})
        page = admin.new_page()
        log_in(page, base, "admin")
        page.screenshot(path=OUT / "runs.png")
        tablet = browser.new_context(viewport={"width": 768, "height": 1024})
        page = tablet.new_page()
        log_in(page, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/1")
        page.screenshot(path=OUT / "suggestions-tablet.png")
        phone = browser.new_context(viewport={"width": 390, "height": 844})
        page = phone.new_page()
        log_in(page, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/1")
        page.screenshot(path=OUT / "suggestions-phone.png")
        admin.close()
        tablet.close()
        phone.close()
        desk = browser.new_context(viewport={"width": 1280, "height": 1100}, locale="da-DK")
        page = desk.new_page()
        log_in(page, base, "konsulent.syd")
        page.goto(f"{base}/app/placements/{course}")
        page.screenshot(path=OUT / "course.png", full_page=True)
        page.goto(f"{base}/app/placements/{course}/plan")
        page.screenshot(path=OUT / "plan-form.png", full_page=True)
        page.goto(f"{base}/app/placements/{course}/plan/print")
        page.emulate_media(media="print")
        page.screenshot(path=OUT / "plan-print.png", full_page=True)
        _printed(page)
        page.goto(f"{base}/app/follow-ups?team=true")
        page.emulate_media(media="screen")
        page.screenshot(path=OUT / "follow-ups.png")
        _refused_follow_up(page, base, course)
        page.goto(f"{base}/app/citizens/1?radius_km=25")
        page.locator("#forslag").screenshot(path=OUT / "radius-note.png")
        desk.close()
        _coordinator_and_consultant(browser, base, app_context)
        _admin_pages(browser, base, app_context)
    print(f"screenshots in {OUT}")


def _printed(page: Page) -> None:
    """The printed plan as Chromium prints it on A4, each page a picture at 100 dpi."""
    for old in OUT.glob("plan-pdf-page-*.png"):
        old.unlink()
    document = pypdfium2.PdfDocument(page.pdf(format="A4", prefer_css_page_size=True))
    for number, pdf_page in enumerate(document, start=1):
        pdf_page.render(scale=100 / 72).to_pil().save(OUT / f"plan-pdf-page-{number}.png")
    print(f"the printed plan: {len(document)} A4 page(s)")


def _refused_follow_up(page: Page, base: str, course: int) -> None:
    """A follow-up dated tomorrow: the course page again, with the reason beside the day."""
    page.goto(f"{base}/app/placements/{course}")
    page.locator("#held_on").fill("2026-11-23")
    page.locator("#hours_per_week").fill("12")
    page.get_by_role("button", name="Gem opfølgning").click()
    page.get_by_role("alert").first.wait_for()
    page.screenshot(path=OUT / "course-refused.png", full_page=True)


def _coordinator_and_consultant(browser: Browser, base: str, context: AppContext) -> None:
    """A coordinator's new workplace refused, a function's candidates and a notice sent; the
    consultant's notifications with the count in the menu."""
    desk = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="da-DK")
    page = desk.new_page()
    log_in(page, base, "koordinator.syd")
    page.goto(f"{base}/app/workplaces/new")
    page.get_by_label("Navn", exact=True).fill("Café Valby Langgade")
    page.get_by_label("Postnummer", exact=True).fill("2500")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.get_by_role("alert").first.wait_for()
    page.screenshot(path=OUT / "workplace-new.png")
    with context.sessions() as session:
        workplace = workplace_repository.get(session, workplace_id=1)
        assert workplace is not None
        function_id = workplace.functions[0].id
    page.goto(f"{base}/app/workplaces/1/functions/{function_id}/candidates")
    page.screenshot(path=OUT / "candidates.png", full_page=True)
    notify = page.get_by_role("button", name="Giv borgerens konsulent besked")
    if notify.count():
        notify.first.click()
        page.get_by_text("Borgerens konsulent har fået besked.").wait_for()
    desk.close()
    consultant = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = consultant.new_page()
    log_in(page, base, "konsulent.syd")
    page.goto(f"{base}/app/notifications")
    page.screenshot(path=OUT / "notifications.png")
    consultant.close()


def _admin_pages(browser: Browser, base: str, context: AppContext) -> None:
    """The users: the list, and a new user refused for a short password; a model refused
    for too few outcomes, in Danish, at phone width."""
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="da-DK")
    page = desk.new_page()
    log_in(page, base, "admin")
    page.goto(f"{base}/app/users")
    page.screenshot(path=OUT / "users.png")
    page.get_by_role("link", name="Ny bruger").click()
    page.get_by_label("Brugernavn").fill("marie.holm")
    page.get_by_label("Adgangskode").fill("kort")
    page.get_by_label("Team").fill("jobcenter-syd")
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("alert").first.wait_for()
    page.screenshot(path=OUT / "user-form.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/app/models")
    page.get_by_role("button", name="Træn en model nu").click()
    page.get_by_role("status").wait_for()
    page.screenshot(path=OUT / "model-refused-phone.png", full_page=True)
    _models(context, base, page)
    desk.close()


def _models(context: AppContext, base: str, page: Page) -> None:
    """A model trained on a simulated history: its report, and the model card (signed in as
    an admin already: the log-in page allows few log-ins a minute)."""
    add_history(context, simulate(workplaces=600, citizens=500, contacts=12, seed=9))
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{base}/app/models")
    page.get_by_role("button", name="Træn en model nu").click()
    page.get_by_role("status").wait_for()
    page.screenshot(path=OUT / "model.png", full_page=True)
    page.goto(f"{base}/app/model-card")
    page.screenshot(path=OUT / "model-card.png", full_page=True)


def _course(context: AppContext) -> int:
    """A course for the demo's first citizen at its first suggestion's workplace: agreed,
    planned from 2 November, started, and followed up twice with the hours going up."""
    user = User(0, "konsulent.syd", "consultant", "jobcenter-syd")
    rules = context.matching.rules
    with unit_of_work(context) as unit:
        session = unit.session
        row = placements.contact(
            context,
            session,
            citizen_id=1,
            data=ContactIn(workplace_id=1, function_id=None),
            user=user,
        )
        placements.change_status(
            session, placement_id=row.id, data=StatusIn(status="agreed"), user=user, today=TODAY
        )
        draft = plan_service.draft(
            session, placement_id=row.id, user=user, rules=rules, today=TODAY
        )
        plan = draft.model_dump(include=set(PlanIn.model_fields) - {"version"})
        plan |= {"start_date": dt.date(2026, 11, 2), "goals": "Stabilt fremmøde og 15 timer"}
        plan_service.save(
            session, placement_id=row.id, data=PlanIn(**plan), user=user, rules=rules, today=TODAY
        )
        placements.change_status(
            session, placement_id=row.id, data=StatusIn(status="started"), user=user, today=TODAY
        )
        for day, hours in (
            (dt.date(2026, 11, 16), plan["start_hours"]),
            (TODAY, plan["target_hours"]),
        ):
            plan_service.add_follow_up(
                session,
                placement_id=row.id,
                data=FollowUpIn(held_on=day, hours_per_week=hours, works="Fast mødetid"),
                user=user,
                today=TODAY,
            )
        return row.id


if __name__ == "__main__":
    main()
