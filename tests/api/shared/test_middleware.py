"""The security headers on every answer (the API docs may load their scripts from a CDN), and an
unexpected error answered with a 500 that carries them (a page with a page), whose log names
the error and the route but never the data it was handling."""

import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.policy import public
from api.composition.context import AppContext

# An error's message may quote citizen data (the values of a row being written).
WHAT_A_CITIZEN_SAID = "-".join(("JC", "SECRET", "ryglidelse"))


@pytest.fixture
def app(context: AppContext) -> FastAPI:
    return create_app(context)


class TestUnexpectedErrors:
    @pytest.fixture
    def failing(self, app: FastAPI) -> Iterator[TestClient]:
        @app.get("/failing")
        @public
        def fail() -> None:
            raise RuntimeError(WHAT_A_CITIZEN_SAID)

        @app.get("/app/failing")
        @public
        def fail_page() -> None:
            raise RuntimeError(WHAT_A_CITIZEN_SAID)

        with TestClient(app, raise_server_exceptions=False) as client:
            yield client

    def test_a_500_carries_the_security_headers(
        self, failing: TestClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR):
            answer = failing.get("/failing")
        assert answer.status_code == 500
        assert answer.json()["error"] == "internal_error"
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
        assert "RuntimeError" in caplog.text and "/failing" in caplog.text
        assert WHAT_A_CITIZEN_SAID not in caplog.text

    def test_a_page_that_fails_answers_with_a_page(self, failing: TestClient) -> None:
        answer = failing.get("/app/failing")
        assert answer.status_code == 500
        assert "Der skete en fejl" in answer.text
        assert answer.headers["Cache-Control"] == "no-store"


def test_every_answer_carries_the_headers_and_the_docs_may_load_their_scripts(
    app: FastAPI,
) -> None:
    with TestClient(app) as client:
        ours = client.get("/health")
        docs = client.get("/docs")
    assert ours.headers["X-Frame-Options"] == docs.headers["X-Frame-Options"] == "DENY"
    assert ours.headers["Referrer-Policy"] == "no-referrer"
    assert ours.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "Content-Security-Policy" not in docs.headers
