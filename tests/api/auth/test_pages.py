"""The pages' session: cookies the browser keeps to itself, a guard on every form, and the
purpose of the day before any citizen data is shown."""

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import tokens
from api.composition.context import AppContext
from store import users
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


def token_issued(context: AppContext, *, minutes_ago: float, username: str = CONSULTANT) -> str:
    with context.sessions() as session:
        row = users.get_by_username(session, username=username)
        assert row is not None
        user_id, version = row.id, row.token_version
    settings = context.settings
    return tokens.issue(
        user_id=user_id,
        version=version,
        secret=settings.secret_key.get_secret_value(),
        ttl=settings.token_ttl,
        now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago),
    )


def with_token(client: TestClient, token: str) -> None:
    """The session cookie replaced by one carrying this token."""
    client.cookies.delete("matcher_session")
    client.cookies.set("matcher_session", token, path="/app")


class TestTheSessionSlides:
    def test_a_page_shown_renews_an_older_token(self, app: FastAPI, context: AppContext) -> None:
        with browser(app) as client:
            with_token(client, token_issued(context, minutes_ago=10))
            answer = client.get("/app/citizens")
            assert answer.status_code == 200
            renewed = answer.cookies.get("matcher_session")
            assert renewed
            claims = tokens.claims_of(
                renewed, secret=context.settings.secret_key.get_secret_value()
            )
            assert claims.expires_at - dt.datetime.now(dt.UTC) > dt.timedelta(minutes=29)
            assert 'data-session-expires="' in answer.text

    def test_a_fresh_token_is_left_alone(self, app: FastAPI) -> None:
        with browser(app) as client:
            assert "matcher_session" not in client.get("/app/citizens").cookies

    def test_polling_is_not_activity(self, app: FastAPI, context: AppContext) -> None:
        with browser(app) as client:
            with_token(client, token_issued(context, minutes_ago=10))
            answer = client.get("/app/occupations", params={"q": "lager"})
            assert answer.status_code == 200
            assert "matcher_session" not in answer.cookies


class TestAfterTheSessionEnded:
    def test_a_page_asked_for_is_shown_after_the_log_in(self, app: FastAPI) -> None:
        with TestClient(app, follow_redirects=False) as client:
            away = client.get("/app/citizens?q=JC")
            assert away.status_code == 303
            assert away.headers["location"] == "/app/login?next=/app/citizens%3Fq%3DJC"
            back = client.post(
                "/app/login",
                data={
                    "username": CONSULTANT,
                    "password": PASSWORDS[CONSULTANT],
                    "purpose": "case_work",
                    "next": "/app/citizens?q=JC",
                },
            )
            assert back.headers["location"] == "/app/citizens?q=JC"

    def test_next_never_leads_off_the_site(self, app: FastAPI) -> None:
        with TestClient(app, follow_redirects=False) as client:
            for elsewhere in ("//evil.test/app", "https://evil.test/app", "/other", "/app\\\\x"):
                answer = client.post(
                    "/app/login",
                    data={
                        "username": CONSULTANT,
                        "password": PASSWORDS[CONSULTANT],
                        "purpose": "case_work",
                        "next": elsewhere,
                    },
                )
                assert answer.headers["location"] == "/app/citizens", elsewhere

    def test_a_form_sent_is_kept_for_its_own_user_only(
        self, app: FastAPI, context: AppContext
    ) -> None:
        form = {
            "csrf": "stale",
            "reference": "JC-EFTER",
            "target_group": "sick_listed",
            "skills": "lager\ntruck",
        }
        with TestClient(app, follow_redirects=False) as client:
            with_token(client, token_issued(context, minutes_ago=120))
            kept = client.post("/app/citizens", data=form)
            assert kept.status_code == 401
            page = kept.text
            assert "Log ind igen" in page and f'value="{CONSULTANT}"' in page
            assert 'name="resume:skills" value="lager\ntruck"' in page
            assert 'name="resume:csrf"' not in page
            fields = {
                "resume_for": CONSULTANT,
                "next": "/app/citizens",
                "purpose": "case_work",
                **{f"resume:{k}": v for k, v in form.items() if k != "csrf"},
            }
            other = client.post(
                "/app/login",
                data={**fields, "username": "konsulent.nord", "password": "demo-konsulent-nord"},
            )
            assert other.status_code == 303  # signed in, but the form is not theirs
            assert "lager" not in other.text
            own = client.post(
                "/app/login",
                data={**fields, "username": CONSULTANT, "password": PASSWORDS[CONSULTANT]},
            )
            assert own.status_code == 200
            assert 'action="/app/citizens" data-resume' in own.text
            assert 'name="skills" value="lager\ntruck"' in own.text
            assert 'name="_resumed"' in own.text
