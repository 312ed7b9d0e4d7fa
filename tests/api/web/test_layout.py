"""Every page fits desktop, tablet and phone width, and axe-core (the accessibility engine,
bundled by axe-playwright-python) finds nothing at any of them."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from api.composition.context import AppContext
from api.workplaces import service as workplaces
from api.workplaces.schemas import WorkplaceIn
from tests.api import payloads
from tests.api.web.live import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 768, 390)
PAGES = {
    "konsulent.syd": (
        "/app/citizens",
        "/app/citizens/1",
        "/app/citizens/1/edit",
        "/app/citizens/new",
        "/app/workplaces",
        "/app/workplaces/1",
        "/app/citizens/999999",  # an error page
    ),
    "koordinator.syd": ("/app/workplaces/1/edit",),
    "admin": ("/app/runs",),
}
AXE = Axe()


# Elements that begin on the screen but end past its right edge: cut off, whatever scrolls.
# (Not what is hidden on purpose, for screen readers only: clipped to nothing.)
_CUT_OFF = """() => {
  const clipped = (e) => {
    for (let n = e; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.visibility === 'hidden') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.left < innerWidth
      && box.right > innerWidth + 1 && !clipped(e);
  }).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
}"""


def problems(page: Page) -> tuple[int, list[str], list[tuple[str, int]]]:
    """How far the page scrolls sideways, what sticks out of the screen, and axe's
    violations (rule, nodes), once the page has loaded: a click that navigates returns when
    the new page's DOM is there, perhaps before its style sheet is (then a table has no
    phone layout yet)."""
    page.wait_for_load_state("load")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    cut_off = page.evaluate(_CUT_OFF)
    found = AXE.run(page).response["violations"]
    return overflow, cut_off, [(v["id"], len(v["nodes"])) for v in found]


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    value: int = request.param
    return value


def test_the_pages_fit_and_axe_finds_nothing(
    live: tuple[str, AppContext], browser: Browser, width: int
) -> None:
    base, _ = live
    found = {}
    for username, paths in PAGES.items():
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
        try:
            page = signed_in(context, base, username)
            for path in paths:
                page.goto(f"{base}{path}")
                found[(username, path)] = problems(page)
        finally:
            context.close()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    try:
        page = context.new_page()
        page.goto(f"{base}/app/login")
        found[("anonymous", "/app/login")] = problems(page)
    finally:
        context.close()
    assert {key: value for key, value in found.items() if value != (0, [], [])} == {}


def test_the_merge_page_fits_a_phone(live: tuple[str, AppContext], browser: Browser) -> None:
    base, context = live
    with context.sessions() as session:
        workplace_id = workplaces.create(
            session,
            data=WorkplaceIn.model_validate(payloads.workplace(name="Telefonbredden ApS")),
            postal_codes=context.matching.postal_codes,
            portfolio="virksomhedsservice-syd",
            by="test",
        ).id
        session.commit()
    first = browser.new_context(viewport={"width": 390, "height": 900}, locale="da-DK")
    second = browser.new_context(viewport={"width": 390, "height": 900}, locale="da-DK")
    try:
        theirs = signed_in(first, base, "koordinator.syd")
        mine = signed_in(second, base, "koordinator.syd")
        for page in (theirs, mine):
            page.goto(f"{base}/app/workplaces/{workplace_id}/edit")
        theirs.get_by_label("Ordinært ansatte").fill("33")
        theirs.get_by_role("button", name="Gem", exact=True).click()
        mine.get_by_label("Ordinært ansatte").fill("34")
        mine.get_by_label("Navn").fill(
            "Et navn, der er langt nok til at skulle brydes på en telefon"
        )
        mine.get_by_role("button", name="Gem", exact=True).click()
        # Measured once the merge page is there and has loaded its style sheet (the click
        # waits for neither; unstyled, the table is wider than the phone).
        expect(mine.get_by_role("button", name="Gem det samlede")).to_be_visible()
        mine.wait_for_load_state("load")
        assert problems(mine) == (0, [], [])
    finally:
        first.close()
        second.close()


def test_the_header_leaves_the_phone_screen_to_the_page(
    live: tuple[str, AppContext], browser: Browser
) -> None:
    """At 390 px the header (menu, who is signed in, purpose, log-out) takes at most 170 px
    for every role, so the page's own content starts in the top third of the screen."""
    base, _ = live
    heights = {}
    for username in ("konsulent.syd", "koordinator.syd", "admin"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
        try:
            page = signed_in(context, base, username)
            page.goto(f"{base}/app")
            heights[username] = page.locator("header.top").bounding_box()["height"]  # type: ignore[index]
            assert problems(page) == (0, [], []), username
        finally:
            context.close()
    assert max(heights.values()) <= 170, heights
