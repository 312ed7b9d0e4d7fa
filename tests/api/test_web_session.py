"""The pages' session: cookies the browser keeps to itself, a guard on every form, and the
purpose of the day before any citizen data is shown."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.context import AppContext
from tests.auth import CONSULTANT, PASSWORDS, ensure_users


@pytest.fixture
def app(context: AppContext) -> Iterator[FastAPI]:
    ensure_users(context)
    yield create_app(context)


def browser(app: FastAPI, *, purpose: str | None = "case_work") -> TestClient:
    client = TestClient(app, follow_redirects=False)
    form = {"username": CONSULTANT, "password": PASSWORDS[CONSULTANT]}
    if purpose is not None:
        form["purpose"] = purpose
    client.post("/app/login", data=form)
    return client


def test_the_session_cookie_is_httponly_strict_and_kept_to_the_pages(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        answer = client.post(
            "/app/login",
            data={
                "username": CONSULTANT,
                "password": PASSWORDS[CONSULTANT],
                "purpose": "matching",
            },
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/app/citizens"
        cookies = answer.headers.get_list("set-cookie")
        session = next(c for c in cookies if c.startswith("matcher_session="))
        assert "HttpOnly" in session and "SameSite=strict" in session and "Path=/app" in session
        # The JSON API never takes the cookie: only a Bearer header.
        assert client.get("/auth/me").status_code == 401


def test_a_form_without_its_guard_is_refused_and_stores_nothing(app: FastAPI) -> None:
    with browser(app) as client:
        form = {
            "reference": "JC-UDEN-VAGT",
            "target_group": "sick_listed",
            "skills": "lager",
            "weekly_hours.min": "10",
            "weekly_hours.max": "20",
        }
        assert client.post("/app/citizens", data=form).status_code == 403
        assert client.post("/app/citizens", data={**form, "csrf": "forged"}).status_code == 403
        listed = client.get("/app/citizens", params={"q": "JC-UDEN-VAGT"})
        assert "Ingen borgere fundet." in listed.text
        guard = client.cookies.get("matcher_csrf")
        assert client.post("/app/citizens", data={**form, "csrf": guard}).status_code == 303


def test_a_log_in_without_a_purpose_is_asked_for_one(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        answer = client.post(
            "/app/login", data={"username": CONSULTANT, "password": PASSWORDS[CONSULTANT]}
        )
        assert answer.status_code == 422
        assert "Vælg formålet med dit arbejde i dag" in answer.text
        assert "matcher_session" not in client.cookies


def test_a_wrong_password_on_the_page_says_so_in_danish(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        answer = client.post(
            "/app/login",
            data={"username": CONSULTANT, "password": "forkert-kode", "purpose": "case_work"},
        )
        assert answer.status_code == 401
        assert "Forkert brugernavn eller adgangskode." in answer.text


def test_the_purpose_can_be_changed_and_only_to_a_known_one(app: FastAPI) -> None:
    with browser(app) as client:
        guard = client.cookies.get("matcher_csrf")
        changed = client.post(
            "/app/purpose", data={"csrf": guard, "purpose": "follow_up", "back": "/app/runs"}
        )
        assert changed.status_code == 303 and changed.headers["location"] == "/app/runs"
        assert client.cookies.get("matcher_purpose") == "follow_up"
        # Never back to another site.
        away = client.post(
            "/app/purpose", data={"csrf": guard, "purpose": "matching", "back": "//evil.test/"}
        )
        assert away.headers["location"] == "/app"
        unknown = client.post("/app/purpose", data={"csrf": guard, "purpose": "nysgerrighed"})
        assert unknown.status_code == 422


def test_a_stale_profile_edit_shows_the_form_again_on_the_stored_version(
    app: FastAPI, context: AppContext
) -> None:
    from api.citizens import service as citizens
    from api.citizens.schemas import CitizenIn
    from tests.api import payloads

    with context.sessions() as session:
        row = citizens.create(
            session,
            data=CitizenIn.model_validate(payloads.citizen()),
            postal_codes=context.postal_codes,
            team="jobcenter-syd",
        )
        session.commit()
        citizen_id = row.id
    form = {
        "reference": "JC-TEST-0001",
        "target_group": "sick_listed",
        "skills": "lager",
        "postal_code": "2500",
        "weekly_hours.min": "10",
        "weekly_hours.max": "20",
        "version": "1",
    }
    with browser(app) as first, browser(app) as second:
        url = f"/app/citizens/{citizen_id}/edit"
        saved = first.post(url, data={**form, "csrf": first.cookies.get("matcher_csrf")})
        assert saved.status_code == 303
        stale = second.post(
            url, data={**form, "skills": "kasse", "csrf": second.cookies.get("matcher_csrf")}
        )
        assert stale.status_code == 409
        assert "En anden har gemt borgeren" in stale.text
        assert 'name="version" value="2"' in stale.text and "kasse" in stale.text
        again = second.post(
            url,
            data={
                **form,
                "skills": "kasse",
                "version": "2",
                "csrf": second.cookies.get("matcher_csrf"),
            },
        )
        assert again.status_code == 303
    with context.sessions() as session:
        assert citizens.get_or_raise(session, citizen_id=citizen_id).profile["skills"] == ["kasse"]
