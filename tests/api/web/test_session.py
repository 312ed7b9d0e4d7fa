"""The session in a real browser: a warning before it ends and a way to go on; and a form
sent after it ended comes back, filled in, once the user has signed in again."""

import datetime as dt

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from api.auth import tokens
from api.citizens import service as citizens
from api.composition.context import AppContext
from tests.api.web.live import PASSWORDS, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CITIZEN = 1  # JC-2026-VALBY, followed by jobcenter-syd


def session_cookie(page: Page) -> str:
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "matcher_session"]
    return cookie["value"]


def test_a_warning_comes_before_the_session_ends_and_the_user_goes_on(
    live: tuple[str, AppContext], session: BrowserContext
) -> None:
    base, _ = live
    page = session.new_page()
    page.clock.install()
    page.goto(f"{base}/app/login")
    page.get_by_label("Brugernavn").fill("konsulent.syd")
    page.get_by_label("Adgangskode").fill(PASSWORDS["konsulent.syd"])
    page.get_by_label("Formål med dit arbejde i dag").select_option(label="Match til virksomhed")
    page.get_by_role("button", name="Log ind").click()
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    ends = int(page.evaluate("document.body.dataset.sessionExpires"))

    page.clock.fast_forward("28:00")  # of the 30 minutes a session lasts
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Du bliver logget ud om 2 minutter")
    with page.expect_response(f"{base}/app/session") as renewal:
        page.get_by_role("button", name="Fortsæt arbejdet").click()
    expect(warning).to_be_hidden()
    # The server issued a new token (a fresh cookie) and the page knows the new end.
    answer = renewal.value
    assert answer.ok and "matcher_session=" in (answer.header_value("set-cookie") or "")
    renewed = int(page.evaluate("document.body.dataset.sessionExpires"))
    assert renewed == answer.json()["expires_at"] >= ends

    page.clock.fast_forward("40:00")
    expect(warning).to_contain_text("Du er logget ud")
    expect(page.get_by_role("button", name="Fortsæt arbejdet")).to_be_hidden()


def expire_the_session(page: Page, context: AppContext) -> None:
    """As if the user had been away: the cookie's token is signed but past its time."""
    settings = context.settings
    claims = tokens.claims_of(session_cookie(page), secret=settings.secret_key.get_secret_value())
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    expired = tokens.issue(
        user_id=claims.user_id,
        version=claims.version,
        secret=settings.secret_key.get_secret_value(),
        ttl=settings.token_ttl,
        now=long_ago,
    )
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "matcher_session"]
    page.context.add_cookies([{**cookie, "value": expired}])  # the same cookie, replaced


def test_a_form_sent_after_the_session_ended_comes_back_filled_in(
    live: tuple[str, AppContext], session: BrowserContext
) -> None:
    base, context = live
    with context.sessions() as db:
        before = citizens.get_or_raise(db, citizen_id=CITIZEN).profile
    page = signed_in(session, base, "konsulent.syd")
    page.goto(f"{base}/app/citizens/{CITIZEN}/edit")
    skills = page.get_by_label("Kompetencer, én pr. linje")
    typed = "lager\ntruck\nvareoptælling efter udløb"
    skills.fill(typed)
    page.get_by_label("Timer pr. uge, til").fill("14,5")
    expire_the_session(page, context)
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.get_by_role("heading", name="Log ind igen")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("det, du skrev, er ikke tabt")
    expect(page.get_by_label("Brugernavn")).to_have_value("konsulent.syd")
    page.get_by_label("Adgangskode").fill(PASSWORDS["konsulent.syd"])
    page.get_by_label("Formål med dit arbejde i dag").select_option(
        label="Sagsbehandling i borgerens forløb"
    )
    page.get_by_role("button", name="Log ind").click()

    # Back on the form, filled in as it was sent, and nothing saved yet.
    expect(page.get_by_role("status")).to_contain_text("Du blev logget ud, før det blev gemt")
    expect(page.get_by_label("Kompetencer, én pr. linje")).to_have_value(typed)
    expect(page.get_by_label("Timer pr. uge, til")).to_have_value("14,5")
    with context.sessions() as db:
        assert citizens.get_or_raise(db, citizen_id=CITIZEN).profile == before
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Gemt.")
    with context.sessions() as db:
        saved = citizens.get_or_raise(db, citizen_id=CITIZEN).profile
    assert saved["skills"] == typed.splitlines()
    assert saved["weekly_hours"]["max"] == 14.5


def test_a_form_sent_after_a_log_out_in_another_tab_comes_back_to_that_user_only(
    live: tuple[str, AppContext], session: BrowserContext
) -> None:
    """The log-out ends every session of the user; the form the first tab sends afterwards
    waits through the log-in page and comes back filled in to that user, not to another."""
    base, context = live
    with context.sessions() as db:
        before = citizens.get_or_raise(db, citizen_id=CITIZEN).profile
    page = signed_in(session, base, "konsulent.syd")
    page.goto(f"{base}/app/citizens/{CITIZEN}/edit")
    typed = "kasse\nkundeservice"
    page.get_by_label("Kompetencer, én pr. linje").fill(typed)
    other_tab = session.new_page()
    other_tab.goto(f"{base}/app/citizens")
    other_tab.get_by_role("button", name="Log ud").click()
    expect(other_tab.get_by_role("heading", name="Log ind")).to_be_visible()
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.get_by_role("heading", name="Log ind igen")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("logget ud i en anden fane")
    expect(page.get_by_role("status")).to_contain_text("det, du skrev, er ikke tabt")
    page.get_by_label("Adgangskode").fill(PASSWORDS["konsulent.syd"])
    page.get_by_label("Formål med dit arbejde i dag").select_option(
        label="Sagsbehandling i borgerens forløb"
    )
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("status")).to_contain_text("Du blev logget ud, før det blev gemt")
    expect(page.get_by_label("Kompetencer, én pr. linje")).to_have_value(typed)
    with context.sessions() as db:
        assert citizens.get_or_raise(db, citizen_id=CITIZEN).profile == before
