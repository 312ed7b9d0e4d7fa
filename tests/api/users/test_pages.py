"""The admin's user pages: in a real browser, an admin creates a user (a refused form comes
back with the reason beside each field and the password asked for again), the user signs in,
is locked out by failed log-ins and let in again, gets a new role and password, and is
deactivated, which ends their session; the last admin keeps the role. Without a browser: an
edit sends only what the admin changed, so a colleague's change to another field stays, and
no page or log-in page ever carries a password."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, BrowserContext, Page, expect
from starlette.datastructures import FormData

from api.app import create_app
from api.auth.pages import resumable
from api.composition.context import AppContext
from tests.api.web.test_layout import problems
from tests.auth import ADMIN, signed_in, web_client

PASSWORD = "praktik-er-vejen-frem"
NEW_PASSWORD = "nyt-kodeord-til-marie"


def _log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/app/login")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_label("Formål med dit arbejde i dag").select_option(index=1)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="da-DK")
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_an_admin_manages_a_user_through_the_pages(
    live: tuple[str, AppContext], session: BrowserContext, phone: BrowserContext
) -> None:
    base, _ = live
    admin = session.new_page()
    _log_in(admin, base, ADMIN, "demo-admin-2026")
    admin.get_by_role("link", name="Brugere").click()
    expect(admin.get_by_role("heading", name="Brugere", level=1)).to_be_visible()
    admin.get_by_role("link", name="Ny bruger").click()

    # Refused: each reason beside its field, what was typed kept, the password never shown.
    admin.get_by_label("Brugernavn").fill("Marie Holm")
    admin.get_by_label("Adgangskode").fill("kort")
    admin.get_by_label("Team").fill("jobcenter-syd")
    admin.get_by_role("button", name="Gem").click()
    expect(admin.locator("#username-fejl")).to_have_text(
        "Brug små bogstaver, tal og . _ - (2 til 64 tegn)"
    )
    expect(admin.locator("#password-fejl")).to_have_text("Brug mindst 12 tegn")
    expect(admin.get_by_label("Brugernavn")).to_have_value("Marie Holm")
    expect(admin.get_by_label("Adgangskode")).to_have_value("")
    for width in (390, 1280):
        admin.set_viewport_size({"width": width, "height": 900})
        assert problems(admin) == (0, [], []), width
    admin.get_by_label("Brugernavn").fill("konsulent.syd")
    admin.get_by_label("Adgangskode").fill(PASSWORD)
    admin.get_by_role("button", name="Gem").click()
    expect(admin.locator("#username-fejl")).to_have_text("Brugernavnet konsulent.syd er optaget")
    expect(admin.locator("#password-fejl")).to_have_text(
        "Skriv adgangskoden igen: den vises ikke på siden"
    )
    admin.get_by_label("Brugernavn").fill("marie.holm")
    admin.get_by_label("Adgangskode").fill(PASSWORD)
    admin.get_by_role("button", name="Gem").click()
    expect(admin.get_by_role("status")).to_have_text("Oprettet.")
    row = admin.get_by_role("row", name=re.compile("marie.holm"))
    expect(row).to_contain_text("Jobkonsulent")
    expect(row).to_contain_text("Jobcenter Syd")
    expect(row).to_contain_text("Aktiv")
    for width in (390, 1280):
        admin.set_viewport_size({"width": width, "height": 900})
        assert problems(admin) == (0, [], []), width

    # The new user signs in; five wrong passwords lock the name, and the admin lets them in.
    marie = phone.new_page()
    _log_in(marie, base, "marie.holm", PASSWORD)
    expect(marie.get_by_role("link", name="Borgere")).to_be_visible()
    for _ in range(5):
        _log_in(marie, base, "marie.holm", "forkert-kode")
    admin.reload()
    expect(row).to_contain_text("låst til")
    row.get_by_role("link", name="marie.holm").click()
    expect(admin.get_by_text(re.compile("Låst efter for mange forkerte forsøg"))).to_be_visible()
    assert problems(admin) == (0, [], [])
    admin.get_by_label("Lås op nu").check()
    admin.get_by_label("Rolle").select_option(label="Virksomhedskoordinator")
    admin.get_by_label("Ny adgangskode").fill(NEW_PASSWORD)
    admin.get_by_role("button", name="Gem").click()
    expect(admin.get_by_role("status")).to_have_text("Gemt.")
    expect(row).to_contain_text("Virksomhedskoordinator")
    expect(row).not_to_contain_text("låst")
    _log_in(marie, base, "marie.holm", NEW_PASSWORD)
    expect(marie.get_by_role("link", name="Borgere")).to_have_count(0)  # a coordinator now
    expect(marie.get_by_role("link", name="Virksomheder")).to_be_visible()

    # Deactivated: the session ends at once.
    row.get_by_role("link", name="marie.holm").click()
    admin.get_by_label("Aktiv (kan logge ind)").uncheck()
    admin.get_by_role("button", name="Gem").click()
    expect(row).to_contain_text("Deaktiveret")
    marie.goto(f"{base}/app/workplaces")
    expect(marie).to_have_url(re.compile(r"/app/login"))

    # The last admin keeps the role, and says why beside it.
    admin.get_by_role("row", name=re.compile("^admin")).get_by_role("link").click()
    admin.get_by_label("Rolle").select_option(label="Jobkonsulent")
    admin.get_by_role("button", name="Gem").click()
    expect(admin.locator("#role-fejl")).to_have_text(
        "admin er den sidste aktive administrator. Gør en anden bruger til administrator først"
    )
    expect(admin.get_by_label("Rolle")).to_have_value("consultant")  # as sent, not saved
    admin.goto(f"{base}/app/users")
    expect(admin.get_by_role("row", name=re.compile("^admin"))).to_contain_text("Administrator")


def _form_of(pages: TestClient, path: str) -> dict[str, str]:
    """The hidden fields of a page's form, as the browser would send them back."""
    page = pages.get(path).text
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_edit_keeps_a_colleagues_change_to_another_field(context: AppContext) -> None:
    app = create_app(context)
    client = signed_in(app, ADMIN)
    created = client.post(
        "/users",
        json={"username": "ny.kollega", "password": PASSWORD, "role": "consultant", "team": "a"},
    ).json()
    with web_client(app, ADMIN) as pages:
        opened = _form_of(pages, f"/app/users/{created['id']}")
        assert opened["was_team"] == "a"
        # A colleague moves the user to team b meanwhile.
        assert client.patch(f"/users/{created['id']}", json={"team": "b"}).status_code == 200
        # This admin changes the role only, on the form opened before.
        sent = {**opened, "role": "admin", "team": "a", "active": "on"}
        assert pages.post(f"/app/users/{created['id']}", data=sent).status_code == 303
    user = next(u for u in client.get("/users").json() if u["id"] == created["id"])
    assert (user["role"], user["team"], user["active"]) == ("admin", "b", True)


def test_a_password_is_never_carried_through_the_log_in_page() -> None:
    form = FormData([("csrf", "x"), ("username", "ny"), ("password", PASSWORD), ("team", "a")])
    assert resumable(form) == [("username", "ny"), ("team", "a")]
