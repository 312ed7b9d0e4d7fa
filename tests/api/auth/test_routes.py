"""Signing in: tokens, lock-out after failed log-ins, rate limits, the secret, page headers."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import tokens
from api.auth.service import lockout_key
from api.composition.context import AppContext
from api.composition.wiring import create_context
from store import logins
from store import users as user_repository
from tests.api import payloads
from tests.auth import ADMIN, CONSULTANT, PASSWORDS, ensure_users, signed_in
from tests.conftest import make_settings


def world_with(tmp_path: Path, **settings: object) -> tuple[AppContext, FastAPI]:
    base = make_settings(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)
    context = create_context(base.model_copy(update=settings))
    ensure_users(context)
    context.freshness.rebuild()
    return context, create_app(context)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[AppContext, FastAPI]]:
    context, app = world_with(tmp_path, login_max_failures=3, login_lockout_minutes=15)
    yield context, app
    context.close()


def log_in(client: TestClient, username: str, password: str) -> int:
    return client.post("/auth/token", data={"username": username, "password": password}).status_code


class TestLogIn:
    def test_a_token_opens_the_routes_of_the_role(self, world: tuple[AppContext, FastAPI]) -> None:
        _, app = world
        with TestClient(app) as client:
            answer = client.post(
                "/auth/token", data={"username": CONSULTANT, "password": PASSWORDS[CONSULTANT]}
            ).json()
            assert answer["token_type"] == "bearer" and answer["expires_in"] == 30 * 60
            me = client.get(
                "/auth/me", headers={"Authorization": f"Bearer {answer['access_token']}"}
            ).json()
            assert me == {
                "id": me["id"],
                "username": CONSULTANT,
                "role": "consultant",
                "team": "jobcenter-syd",
                "active": True,
            }

    def test_wrong_password_and_unknown_user_answer_alike(
        self, world: tuple[AppContext, FastAPI]
    ) -> None:
        _, app = world
        with TestClient(app) as client:
            wrong = client.post("/auth/token", data={"username": CONSULTANT, "password": "nope"})
            unknown = client.post("/auth/token", data={"username": "nobody", "password": "nope"})
            assert wrong.status_code == unknown.status_code == 401
            assert wrong.json() == unknown.json()
            assert wrong.headers["WWW-Authenticate"] == "Bearer"

    def test_repeated_failures_lock_the_account(self, world: tuple[AppContext, FastAPI]) -> None:
        context, app = world
        with TestClient(app) as client:
            for _ in range(3):
                assert log_in(client, CONSULTANT, "wrong-password") == 401
            # Locked now: even the right password is refused, for everyone asking.
            locked = client.post(
                "/auth/token", data={"username": CONSULTANT, "password": PASSWORDS[CONSULTANT]}
            )
            assert locked.status_code == 423
            assert "locked until" in locked.json()["detail"]
            # Another user is not affected.
            assert log_in(client, ADMIN, PASSWORDS[ADMIN]) == 200
            # When the lock-out has passed, the right password works again.
            with context.sessions() as session:
                state = logins.get(session, key=lockout_key(CONSULTANT))
                assert state is not None and state.locked_until is not None
                state.locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
                session.commit()
            assert log_in(client, CONSULTANT, PASSWORDS[CONSULTANT]) == 200

    def test_an_admin_can_lift_a_lock_out(self, world: tuple[AppContext, FastAPI]) -> None:
        context, app = world
        with TestClient(app) as client:
            for _ in range(3):
                log_in(client, CONSULTANT, "wrong-password")
            assert log_in(client, CONSULTANT, PASSWORDS[CONSULTANT]) == 423
        with context.sessions() as session:
            row = user_repository.get_by_username(session, username=CONSULTANT)
            assert row is not None
            user_id = row.id
        with signed_in(app, ADMIN) as admin:
            assert admin.patch(f"/users/{user_id}", json={"unlock": True}).status_code == 200
        with TestClient(app) as client:
            assert log_in(client, CONSULTANT, PASSWORDS[CONSULTANT]) == 200

    def test_a_success_resets_the_count(self, world: tuple[AppContext, FastAPI]) -> None:
        _, app = world
        with TestClient(app) as client:
            for _ in range(2):
                log_in(client, CONSULTANT, "wrong-password")
            assert log_in(client, CONSULTANT, PASSWORDS[CONSULTANT]) == 200
            for _ in range(2):
                log_in(client, CONSULTANT, "wrong-password")
            assert log_in(client, CONSULTANT, PASSWORDS[CONSULTANT]) == 200

    def test_a_deactivated_user_is_refused_at_once(self, world: tuple[AppContext, FastAPI]) -> None:
        context, app = world
        with signed_in(app, CONSULTANT) as consultant:
            assert consultant.get("/auth/me").status_code == 200
            with context.sessions() as session:
                row = user_repository.get_by_username(session, username=CONSULTANT)
                assert row is not None
                row.active = False
                session.commit()
            # The token has not expired, but the account is closed.
            assert consultant.get("/auth/me").status_code == 401
        with TestClient(app) as client:
            right, wrong = (
                client.post("/auth/token", data={"username": CONSULTANT, "password": password})
                for password in (PASSWORDS[CONSULTANT], "not-the-password")
            )
            # The same answer with the right password as with a wrong one.
            assert right.status_code == wrong.status_code == 401
            assert right.json() == wrong.json()
            pages = [
                client.post("/app/login", data={"username": CONSULTANT, "password": password})
                for password in (PASSWORDS[CONSULTANT], "not-the-password")
            ]
            assert pages[0].status_code == pages[1].status_code
            assert "ikke aktiv" not in pages[0].text and "not active" not in pages[0].text


class TestTokens:
    def test_expired_forged_and_malformed_tokens_are_refused(
        self, world: tuple[AppContext, FastAPI]
    ) -> None:
        context, app = world
        secret = context.settings.secret_key.get_secret_value()
        past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
        expired = tokens.issue(
            user_id=1, version=0, secret=secret, ttl=dt.timedelta(minutes=30), now=past
        )
        forged = tokens.issue(
            user_id=1,
            version=0,
            secret="another-secret-of-more-than-32-characters",
            ttl=dt.timedelta(minutes=30),
            now=dt.datetime.now(dt.UTC),
        )
        unsigned = jwt.encode(
            {"sub": "1", "ver": 0, "exp": 9999999999, "iat": 0}, "", algorithm="none"
        )
        with TestClient(app) as client:
            for token in (expired, forged, unsigned, "not-a-token"):
                response = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
                assert response.status_code == 401, token
            assert client.get("/auth/me").status_code == 401


class TestRateLimits:
    def test_log_in_attempts_are_limited_per_client(self, tmp_path: Path) -> None:
        context, app = world_with(tmp_path, login_rate_per_minute=3)
        try:
            with TestClient(app) as client:
                for _ in range(3):
                    assert log_in(client, ADMIN, PASSWORDS[ADMIN]) == 200
                refused = client.post(
                    "/auth/token", data={"username": ADMIN, "password": PASSWORDS[ADMIN]}
                )
                assert refused.status_code == 429
                assert 1 <= int(refused.headers["Retry-After"]) <= 60
        finally:
            context.close()

    def test_suggestion_requests_are_limited_per_user(self, tmp_path: Path) -> None:
        context, app = world_with(tmp_path, suggestion_rate_per_minute=2)
        try:
            body = {"profile": payloads.citizen()}
            with signed_in(app, CONSULTANT) as consultant:
                assert consultant.post("/suggestions", json=body).status_code == 200
                assert consultant.post("/suggestions", json=body).status_code == 200
                refused = consultant.post("/suggestions", json=body)
                assert refused.status_code == 429
                assert refused.headers["Retry-After"]
                assert refused.json()["error"] == "too_many_requests"
        finally:
            context.close()


def test_every_answer_carries_the_security_headers(world: tuple[AppContext, FastAPI]) -> None:
    _, app = world
    with signed_in(app, CONSULTANT) as consultant:
        for response in (
            consultant.get("/health"),
            consultant.get("/citizens"),
            consultant.get("/citizens/99999"),
        ):
            headers = response.headers
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["Referrer-Policy"] == "no-referrer"
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
            assert headers["Cache-Control"] == "no-store"
