"""Numbers out of range are refused with 422 naming the field, never a 500; and an
unexpected error still answers with the security headers."""

import datetime as dt
import logging
import re
from collections.abc import Iterator

import jwt
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.policy import public
from api.context import AppContext
from api.schemas import MAX_ID
from tests.api import payloads
from tests.auth import ADMIN, CONSULTANT, COORDINATOR, signed_in, web_client

# An error's message may quote citizen data (the values of a row being written).
WHAT_A_CITIZEN_SAID = "-".join(("JC", "SECRET", "ryglidelse"))
HUGE = 2**63  # overflowed SQLite's integer and gave 500 OverflowError
BEYOND_COLUMN = MAX_ID + 1  # fits SQLite, overflows PostgreSQL's integer column


def routes_with_ids(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for route_context in iter_route_contexts(app.routes):
        route = route_context.route
        if isinstance(route, APIRoute) and "_id}" in route.path:
            found.extend((method, route.path) for method in sorted(route.methods))
    return found


def fields(response: object) -> list[str]:
    return [item["field"] for item in response.json()["detail"]]  # type: ignore[attr-defined]


@pytest.fixture
def app(context: AppContext) -> FastAPI:
    return create_app(context)


class TestPathIds:
    @pytest.mark.parametrize("value", [HUGE, BEYOND_COLUMN, 0, -1])
    def test_every_route_with_an_id_refuses_one_out_of_range(
        self, app: FastAPI, value: int
    ) -> None:
        routes = routes_with_ids(app)
        assert len(routes) >= 20  # the API's and the pages' routes with ids
        for username in (CONSULTANT, COORDINATOR, ADMIN):
            with signed_in(app, username) as api, web_client(app, username) as pages:
                for method, path in routes:
                    url = re.sub(r"\{\w+_id\}", str(value), path)
                    if path.startswith("/app"):
                        form = {"csrf": pages.cookies.get("matcher_csrf") or ""}
                        answer = pages.request(method, url, data=form)
                    else:
                        answer = api.request(method, url, json={})
                    # The role's policy is checked first: one that may not call it gets 403.
                    assert answer.status_code in (422, 403), (username, method, path, answer)

    def test_the_api_names_the_path_field(self, app: FastAPI) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            answer = consultant.get(f"/citizens/{HUGE}")
        assert answer.status_code == 422
        assert fields(answer) == ["citizen_id"]


class TestCountsAndIdsInBodies:
    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"current_subsidised_placements": HUGE}, "current_subsidised_placements"),
            ({"ordinary_employees": BEYOND_COLUMN}, "ordinary_employees"),
            (
                {"record": {"placements": HUGE, "good_outcomes": 0, "paid_hours_outcomes": 0}},
                "record.placements",
            ),
        ],
    )
    def test_workplace_counts(self, app: FastAPI, change: dict[str, object], field: str) -> None:
        with signed_in(app, COORDINATOR) as coordinator:
            answer = coordinator.post("/workplaces", json=payloads.workplace(**change))
        assert answer.status_code == 422
        assert fields(answer) == [field]

    def test_a_function_id(self, app: FastAPI) -> None:
        body = payloads.workplace()
        with signed_in(app, COORDINATOR) as coordinator:
            created = coordinator.post("/workplaces", json=body).json()
            created["functions"][0]["id"] = HUGE
            answer = coordinator.put(f"/workplaces/{created['id']}", json=created)
        assert answer.status_code == 422
        assert fields(answer) == ["functions.0.id"]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"most_recent_employer_id": HUGE}, "most_recent_employer_id"),
            ({"excluded_workplace_ids": [3, HUGE]}, "excluded_workplace_ids.1"),
        ],
    )
    def test_citizen_ids(self, app: FastAPI, change: dict[str, object], field: str) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            answer = consultant.post("/citizens", json=payloads.citizen(**change))
        assert answer.status_code == 422
        assert fields(answer) == [field]

    def test_a_version(self, app: FastAPI) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            created = consultant.post("/citizens", json=payloads.citizen()).json()
            answer = consultant.put(f"/citizens/{created['id']}", json={**created, "version": HUGE})
        assert answer.status_code == 422
        assert fields(answer) == ["version"]

    def test_a_contacted_workplace(self, app: FastAPI) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            citizen = consultant.post("/citizens", json=payloads.citizen()).json()
            answer = consultant.post(
                f"/citizens/{citizen['id']}/placements", json={"workplace_id": HUGE}
            )
        assert answer.status_code == 422
        assert fields(answer) == ["workplace_id"]


class TestPaging:
    def test_an_offset_out_of_range(self, app: FastAPI) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            answer = consultant.get("/citizens", params={"offset": HUGE})
            assert answer.status_code == 422 and fields(answer) == ["offset"]
            answer = consultant.get("/workplaces", params={"offset": HUGE})
            assert answer.status_code == 422 and fields(answer) == ["offset"]

    def test_a_search_pages_as_far_as_opensearch_would(self, app: FastAPI) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            last = consultant.get("/workplaces", params={"offset": 9_980, "limit": 20})
            beyond = consultant.get("/workplaces", params={"offset": 9_990, "limit": 20})
        assert last.status_code == 200
        assert beyond.status_code == 422
        assert fields(beyond) == ["offset"]
        assert "10,000" in beyond.json()["detail"][0]["reason"]


def test_a_token_naming_a_user_out_of_range_is_refused(context: AppContext, app: FastAPI) -> None:
    now = dt.datetime.now(dt.UTC)
    secret = context.settings.secret_key.get_secret_value()
    forged = jwt.encode(
        {"sub": str(HUGE), "iat": now, "exp": now + dt.timedelta(minutes=5)},
        secret,
        algorithm="HS256",
    )
    with TestClient(app) as client:
        answer = client.get("/auth/me", headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401


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
