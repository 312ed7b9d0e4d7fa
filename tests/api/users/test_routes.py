"""Accounts and tokens: the last admin stays, sessions end when they should, the log-in limit
counts the real client, and a lock-out tells nothing about which names exist."""

import dataclasses
import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.limits import SlidingWindowLimiter
from api.auth.service import lockout_key
from api.composition.context import AppContext
from api.composition.settings import Settings
from batch.rerank import purge_audit_log
from store import logins
from store import users as user_repository
from tests.auth import ADMIN, CONSULTANT, PASSWORDS, signed_in, web_client
from tests.net import served


@pytest.fixture
def app(context: AppContext) -> FastAPI:
    return create_app(context)


def user_id(context: AppContext, username: str) -> int:
    with context.sessions() as session:
        row = user_repository.get_by_username(session, username=username)
        assert row is not None
        return row.id


def token_for(client: TestClient, username: str, password: str | None = None) -> str:
    answer = client.post(
        "/auth/token", data={"username": username, "password": password or PASSWORDS[username]}
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


def me(client: TestClient, token: str) -> int:
    return client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code


class TestTheLastAdmin:
    def test_cannot_be_deactivated_or_demoted(self, context: AppContext, app: FastAPI) -> None:
        admin_id = user_id(context, ADMIN)
        with signed_in(app, ADMIN) as admin:
            for change in ({"active": False}, {"role": "consultant"}):
                answer = admin.patch(f"/users/{admin_id}", json=change)
                assert answer.status_code == 409, change
                assert answer.json()["error"] == "conflict"
                assert "last active admin" in answer.json()["detail"]
            assert admin.get("/auth/me").status_code == 200  # still signed in, still admin

    def test_can_step_down_once_another_admin_exists(
        self, context: AppContext, app: FastAPI
    ) -> None:
        with signed_in(app, ADMIN) as admin:
            second = admin.post(
                "/users",
                json={
                    "username": "admin.to",
                    "password": "another-long-password",
                    "role": "admin",
                    "team": "drift",
                },
            ).json()
            assert admin.patch(f"/users/{user_id(context, ADMIN)}", json={"role": "consultant"})
        with TestClient(app) as client:
            token = token_for(client, "admin.to", "another-long-password")
            answer = client.patch(
                f"/users/{second['id']}",
                json={"active": False},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 409  # now the last one

    @pytest.mark.slow
    @pytest.mark.servers
    def test_two_admins_deactivating_each_other_at_once_leave_one(
        self, context: AppContext, app: FastAPI
    ) -> None:
        with signed_in(app, ADMIN) as admin:
            assert (
                admin.post(
                    "/users",
                    json={
                        "username": "admin.to",
                        "password": "another-long-password",
                        "role": "admin",
                        "team": "drift",
                    },
                ).status_code
                == 201
            )
        with served(app) as base:
            tokens = {
                name: httpx.post(
                    f"{base}/auth/token", data={"username": name, "password": password}
                ).json()["access_token"]
                for name, password in (
                    (ADMIN, PASSWORDS[ADMIN]),
                    ("admin.to", "another-long-password"),
                )
            }
            targets = {ADMIN: user_id(context, "admin.to"), "admin.to": user_id(context, ADMIN)}
            start = threading.Barrier(2)

            def deactivate_the_other(name: str) -> int:
                with httpx.Client(timeout=30) as http:
                    start.wait()
                    return http.patch(
                        f"{base}/users/{targets[name]}",
                        json={"active": False},
                        headers={"Authorization": f"Bearer {tokens[name]}"},
                    ).status_code

            with ThreadPoolExecutor(2) as pool:
                statuses = Counter(pool.map(deactivate_the_other, [ADMIN, "admin.to"]))
        assert statuses[200] == 1 and statuses[409] + statuses[401] == 1, statuses
        with context.sessions() as session:
            assert user_repository.count_active(session, role="admin") == 1


class TestSessionsEnd:
    def test_a_new_password_ends_the_sessions_issued_before(
        self, context: AppContext, app: FastAPI
    ) -> None:
        with TestClient(app) as client:
            old = token_for(client, CONSULTANT)
            with signed_in(app, ADMIN) as admin:
                changed = admin.patch(
                    f"/users/{user_id(context, CONSULTANT)}",
                    json={"password": "a-brand-new-password"},
                )
                assert changed.status_code == 200
            assert me(client, old) == 401
            assert me(client, token_for(client, CONSULTANT, "a-brand-new-password")) == 200

    def test_deactivation_ends_them_and_reactivation_does_not_revive_them(
        self, context: AppContext, app: FastAPI
    ) -> None:
        consultant_id = user_id(context, CONSULTANT)
        with TestClient(app) as client, signed_in(app, ADMIN) as admin:
            old = token_for(client, CONSULTANT)
            assert admin.patch(f"/users/{consultant_id}", json={"active": False}).status_code == 200
            assert me(client, old) == 401
            assert admin.patch(f"/users/{consultant_id}", json={"active": True}).status_code == 200
            assert me(client, old) == 401
            assert me(client, token_for(client, CONSULTANT)) == 200

    def test_logging_out_of_the_api_ends_every_session(self, app: FastAPI) -> None:
        with TestClient(app) as client:
            first, second = token_for(client, CONSULTANT), token_for(client, CONSULTANT)
            answer = client.post("/auth/logout", headers={"Authorization": f"Bearer {first}"})
            assert answer.status_code == 204
            assert me(client, first) == me(client, second) == 401
            assert me(client, token_for(client, CONSULTANT)) == 200

    def test_logging_out_of_the_pages_makes_the_cookie_worthless(self, app: FastAPI) -> None:
        with web_client(app, CONSULTANT) as browser, TestClient(app) as client:
            api_token = token_for(client, CONSULTANT)
            cookie = browser.cookies.get("matcher_session")
            assert browser.get("/app/citizens").status_code == 200
            answer = browser.post(
                "/app/logout", data={"csrf": browser.cookies.get("matcher_csrf") or ""}
            )
            assert answer.status_code == 303
        # Someone who copied the cookie before the log-out gets the log-in page.
        with TestClient(app, follow_redirects=False) as thief:
            thief.cookies.set("matcher_session", cookie or "", path="/app")
            stolen = thief.get("/app/citizens")
            assert stolen.status_code == 303 and "/app/login" in stolen.headers["location"]
            assert me(thief, api_token) == 401


@pytest.mark.servers
class TestTheLogInLimitCountsTheRealClient:
    @pytest.fixture
    def limited(self, context: AppContext) -> Iterator[tuple[AppContext, str]]:
        settings = context.settings.model_copy(update={"login_rate_per_minute": 3})
        limited = dataclasses.replace(
            context,
            settings=settings,
            login_limiter=SlidingWindowLimiter(limit=settings.login_rate_per_minute, window_s=60),
        )
        with served(create_app(limited)) as base:
            yield limited, base

    def attempts(self, base: str, forwarded_for: list[str]) -> list[int]:
        return [
            httpx.post(
                f"{base}/auth/token",
                data={"username": CONSULTANT, "password": PASSWORDS[CONSULTANT]},
                headers={"X-Forwarded-For": address},
            ).status_code
            for address in forwarded_for
        ]

    def test_a_forwarded_for_header_does_not_reset_it(
        self, limited: tuple[AppContext, str]
    ) -> None:
        _, base = limited
        spoofed = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
        assert self.attempts(base, spoofed) == [200, 200, 200, 429]

    def test_behind_a_trusted_proxy_each_client_is_counted(
        self, limited: tuple[AppContext, str]
    ) -> None:
        context, base = limited
        context.settings = context.settings.model_copy(
            update={"trusted_proxies": Settings(trusted_proxies=["127.0.0.1"]).trusted_proxies}
        )
        clients = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
        assert self.attempts(base, clients) == [200, 200, 200, 200]
        assert self.attempts(base, ["198.51.100.7"] * 4) == [200, 200, 200, 429]


class TestLockOutRevealsNoNames:
    def answers(self, client: TestClient, username: str, count: int) -> list[tuple[int, str]]:
        found = []
        for _ in range(count):
            answer = client.post("/auth/token", data={"username": username, "password": "nope"})
            found.append((answer.status_code, answer.json()["error"]))
        return found

    @pytest.mark.parametrize("unknown", ["ingen.bruger", "Ingen Bruger\u0000", "x" * 500])
    def test_an_unknown_name_is_answered_as_a_real_one(
        self, app: FastAPI, context: AppContext, unknown: str
    ) -> None:
        limit = context.settings.login_max_failures
        with TestClient(app) as client:
            real = self.answers(client, CONSULTANT, limit + 2)
            made_up = self.answers(client, unknown, limit + 2)
        assert real == made_up
        assert real == [(401, "unauthorized")] * limit + [(423, "account_locked")] * 2

    def test_failures_are_forgotten_after_a_day(self, context: AppContext, app: FastAPI) -> None:
        with TestClient(app) as client:
            self.answers(client, "ingen.bruger", 2)
        environment = context.batch
        environment.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
        purge_audit_log(environment)
        with context.sessions() as session:
            assert logins.get(session, key=lockout_key("ingen.bruger")) is None
