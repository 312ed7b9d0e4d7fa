"""Signed-in test clients.

Functional tests whose subject is not access control use a `StaffClient`: it acts as the
south team's consultant for citizen data, as a coordinator for workplace writes (of the
portfolio a body sent back names, else the south one), and as an admin to start batch runs,
and it names the purpose `case_work` on every request. Access control itself is tested with
single-user clients (`tests/api/test_access.py`).
"""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import dataio
from api.context import AppContext
from fixtures.generate import DEMO_USERS

PASSWORDS = {username: password for username, _, _, password in DEMO_USERS}
CONSULTANT, OTHER_CONSULTANT = "konsulent.syd", "konsulent.nord"
COORDINATOR, OTHER_COORDINATOR = "koordinator.syd", "koordinator.nord"
ADMIN = "admin"
_COORDINATOR_OF = {
    team: username for username, role, team, _ in DEMO_USERS if role == "employer_coordinator"
}


def ensure_users(context: AppContext) -> None:
    dataio.load_demo_users(context)


def token(client: TestClient, username: str) -> str:
    response = client.post(
        "/auth/token", data={"username": username, "password": PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    access_token: str = response.json()["access_token"]
    return access_token


def signed_in(app: FastAPI, username: str, **kwargs: Any) -> TestClient:
    """A client signed in as one user, naming the purpose case_work on every request."""
    client = TestClient(app, **kwargs)
    client.headers["Authorization"] = f"Bearer {token(client, username)}"
    client.params = client.params.set("purpose", "case_work")
    return client


class StaffClient(TestClient):
    """Picks the user by what is asked (see the module's docstring)."""

    def __init__(self, app: FastAPI, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.params = self.params.set("purpose", "case_work")
        self._tokens: dict[str, str] = {}

    def _token_for(self, method: str, path: str, portfolio: str | None) -> str:
        if method != "GET" and path.startswith("/workplaces"):
            username = _COORDINATOR_OF.get(portfolio or "", COORDINATOR)
        elif method == "POST" and path.startswith("/rerank-runs"):
            username = ADMIN
        else:
            username = CONSULTANT
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
        path = str(url).split("?", 1)[0]
        if not path.startswith("/auth/"):
            headers = dict(kwargs.pop("headers", None) or {})
            body = kwargs.get("json")
            portfolio = body.get("portfolio") if isinstance(body, dict) else None
            bearer = self._token_for(method.upper(), path, portfolio)
            headers.setdefault("Authorization", f"Bearer {bearer}")
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)
