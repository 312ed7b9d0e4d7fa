"""Signed-in test clients.

Functional tests whose subject is not access control use a `StaffClient`: it acts as the
south team's consultant for citizen data, as a coordinator for workplace writes (of the
portfolio a body sent back names, else the south one) and a workplace's data-quality flags,
and as an admin to start batch runs,
and it names the purpose `case_work` on every request. Access control itself is tested with
single-user clients (`tests/api/test_access.py`).
"""

from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.composition import demo
from api.composition.context import AppContext
from api.composition.demo import DEMO_USERS

PASSWORDS = {username: password for username, _, _, password in DEMO_USERS}
CONSULTANT, OTHER_CONSULTANT = "konsulent.syd", "konsulent.nord"
COORDINATOR, OTHER_COORDINATOR = "koordinator.syd", "koordinator.nord"
ADMIN = "admin"
_COORDINATOR_OF = {
    team: username for username, role, team, _ in DEMO_USERS if role == "employer_coordinator"
}


def ensure_users(context: AppContext) -> None:
    demo.load_demo_users(context)


def token(client: TestClient, username: str) -> str:
    response = client.post(
        "/auth/token", data={"username": username, "password": PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    access_token: str = response.json()["access_token"]
    return access_token


class SignedInClient(TestClient):
    """A client signed in as one user (or none), naming the purpose case_work on every
    request that names none. (Client-wide params would drop a URL's own query string.)"""

    def __init__(self, app: FastAPI, username: str | None = None, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._tokens: dict[str, str] = {}
        self.username = username

    def user_for(self, method: str, path: str, body: object) -> str | None:
        return self.username

    def forget_tokens(self) -> None:
        """Sign in again at the next request (after a log-out ended the sessions)."""
        self._tokens.clear()

    def _bearer(self, username: str) -> str:
        if username not in self._tokens:
            response = super().request(
                "POST",
                "/auth/token",
                data={"username": username, "password": PASSWORDS[username]},
            )
            assert response.status_code == 200, response.text
            self._tokens[username] = response.json()["access_token"]
        return self._tokens[username]

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        path, _, query = str(url).partition("?")
        params = httpx.QueryParams(query).merge(kwargs.pop("params", None) or {})
        if "purpose" not in params:
            params = params.set("purpose", "case_work")
        username = self.user_for(method.upper(), path, kwargs.get("json"))
        if username is not None and not path.startswith("/auth/token"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("Authorization", f"Bearer {self._bearer(username)}")
            kwargs["headers"] = headers
        return super().request(method, path, params=params, **kwargs)


def signed_in(app: FastAPI, username: str | None, **kwargs: Any) -> SignedInClient:
    return SignedInClient(app, username, **kwargs)


class StaffClient(SignedInClient):
    """Picks the user by what is asked (see the module's docstring)."""

    def user_for(self, method: str, path: str, body: object) -> str | None:
        if path.startswith("/workplaces") and path.endswith(("/data-quality", "/candidates")):
            return COORDINATOR
        if path.startswith("/candidate-cards"):
            return COORDINATOR
        if method != "GET" and path.startswith("/workplaces"):
            portfolio = body.get("portfolio") if isinstance(body, dict) else None
            return _COORDINATOR_OF.get(portfolio or "", COORDINATOR)
        if (method == "POST" and path.startswith("/rerank-runs")) or path.startswith("/models"):
            return ADMIN
        return CONSULTANT


def web_client(app: FastAPI, username: str | None) -> TestClient:
    """A browser-like client: the session in cookies after the log-in page, no redirects
    followed (so a 303 is seen as one)."""
    client = TestClient(app, follow_redirects=False)
    if username is not None:
        answer = client.post(
            "/app/login",
            data={"username": username, "password": PASSWORDS[username], "purpose": "case_work"},
        )
        assert answer.status_code == 303, answer.text
    return client


def bearer(base_url: str, username: str) -> dict[str, str]:
    """The Authorization header of a token for the user, from a served app."""
    answer = httpx.post(
        f"{base_url}/auth/token", data={"username": username, "password": PASSWORDS[username]}
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}
