"""Screenshots of the main pages for the README, from the demo data in headless Chromium.

    .venv/bin/python -m scripts.screenshots      # writes docs/screenshots/*.png

Needs Debian's chromium (as the browser tests do).
"""

import datetime as dt
import tempfile
from pathlib import Path

from playwright.sync_api import Browser

from api.auth.policy import User
from api.composition.context import AppContext
from api.placements import plan_service
from api.placements import service as placements
from api.placements.plan_schemas import FollowUpIn, PlanIn
from api.placements.schemas import ContactIn, StatusIn
from api.shared.unit import unit_of_work
from fixtures.outcomes import simulate
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
        page.goto(f"{base}/app/follow-ups?team=true")
        page.emulate_media(media="screen")
        page.screenshot(path=OUT / "follow-ups.png")
        desk.close()
        _models(app_context, base, browser)
    print(f"screenshots in {OUT}")


def _models(context: AppContext, base: str, browser: Browser) -> None:
    """A model trained on a simulated history: its report, and the model card."""
    add_history(context, simulate(workplaces=600, citizens=500, contacts=12))
    admin = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="da-DK")
    page = admin.new_page()
    log_in(page, base, "admin")
    page.goto(f"{base}/app/models")
    page.get_by_role("button", name="Træn en model nu").click()
    page.get_by_role("status").wait_for()
    page.screenshot(path=OUT / "model.png", full_page=True)
    page.goto(f"{base}/app/model-card")
    page.screenshot(path=OUT / "model-card.png", full_page=True)
    admin.close()


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
            session, placement_id=row.id, data=StatusIn(status="agreed"), user=user
        )
        draft = plan_service.draft(
            session, placement_id=row.id, user=user, rules=rules, today=TODAY
        )
        plan = draft.model_dump(include=set(PlanIn.model_fields) - {"version"})
        plan |= {"start_date": dt.date(2026, 11, 2), "goals": "Stabilt fremmøde og 15 timer"}
        plan_service.save(session, placement_id=row.id, data=PlanIn(**plan), user=user, rules=rules)
        placements.change_status(
            session, placement_id=row.id, data=StatusIn(status="started"), user=user
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
