"""Errors on the pages are Danish pages (the API's stay JSON): a missing page or citizen, a
form sent without its guard, a page asked for without a session (to the log-in, then back),
and a form sent after the session ended (kept through the log-in, for its user only)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.composition.context import AppContext
from tests.auth import CONSULTANT, PASSWORDS


@pytest.fixture
def pages(context: AppContext) -> Iterator[TestClient]:
    with TestClient(create_app(context), follow_redirects=False) as client:
        yield client


def _sign_in(client: TestClient) -> None:
    answer = client.post(
        "/app/login",
        data={"username": CONSULTANT, "password": PASSWORDS[CONSULTANT], "purpose": "matching"},
    )
    assert answer.status_code == 303, answer.text


def test_a_missing_page_or_citizen_is_a_danish_page(pages: TestClient) -> None:
    _sign_in(pages)
    for path in ("/app/nowhere", "/app/citizens/999"):
        answer = pages.get(path)
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("text/html")
        assert "Siden findes ikke" in answer.text
    api = pages.get("/citizens/999")
    assert api.headers["content-type"] == "application/json"


def test_a_form_without_its_guard_is_refused_with_a_page(pages: TestClient) -> None:
    _sign_in(pages)
    answer = pages.post("/app/runs", data={"csrf": "forged"})
    assert answer.status_code == 403
    assert "Det har du ikke adgang til" in answer.text


def test_a_page_without_a_session_leads_to_the_log_in_and_back(pages: TestClient) -> None:
    answer = pages.get("/app/citizens", params={"q": "JC 1"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/app/login?next=/app/citizens%3Fq%3DJC%2B1"


def test_a_form_sent_after_the_session_ended_is_kept_through_the_log_in(
    pages: TestClient,
) -> None:
    answer = pages.post(
        "/app/citizens/1/edit", data={"csrf": "x", "skills": "kantine", "reference": "JC-9"}
    )
    assert answer.status_code == 401
    assert "Log ind igen" in answer.text
    assert 'name="resume:skills" value="kantine"' in answer.text
    assert 'name="resume:csrf"' not in answer.text
