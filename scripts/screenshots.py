"""Screenshots of the main pages for the README, from the demo data in headless Chromium.

    .venv/bin/python -m scripts.screenshots      # writes docs/screenshots/*.png

Needs Debian's chromium (as the browser tests do).
"""

import datetime as dt
import tempfile
from pathlib import Path

from tests.web.live import chromium, demo_server, log_in

OUT = Path(__file__).parent.parent / "docs" / "screenshots"
TODAY = dt.date(2026, 11, 22)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as directory,
        demo_server(Path(directory), today=TODAY) as (base, _),
        chromium() as browser,
    ):
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
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
