"""What the API's types accept. Numbers out of range are refused with 422 naming the field,
never a 500. Free text: control characters are refused in every free-text field (nothing is
stored), tabs and line breaks in a one-line field become a space, and no field takes a CPR
number. On SQLite and PostgreSQL (where a NUL byte used to be a 500)."""

import datetime as dt
import json
import re
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from pydantic_core import PydanticCustomError
from sqlalchemy import func, select

from api.app import create_app
from api.composition.context import AppContext
from api.shared.schemas import MAX_ID, text_lines
from store.models import CitizenRow, WorkplaceRow
from tests.api import payloads
from tests.auth import ADMIN, CONSULTANT, COORDINATOR, signed_in, web_client

HUGE = 2**63  # overflowed SQLite's integer and gave 500 OverflowError
NUL = "\x00"
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


# Free text


def post(client: TestClient, url: str, body: dict[str, Any]) -> Any:
    """As a client sends JSON: escaped, so even a lone surrogate travels (as \\ud800)."""
    return client.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


def count(context: AppContext, table: type[Any]) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


CITIZEN_TEXTS = [
    ({"skills": ["lager", f"truck{NUL}"]}, "skills.1"),
    ({"education": [f"Social-{NUL}og sundhedshjælper"]}, "education.0"),
    ({"experience": [{"title": "Lager", "description": f"pluk{NUL}"}]}, "experience.0.description"),
    ({"experience": [{"title": "Lager\x1b[31m"}]}, "experience.0.title"),
    ({"goal_occupations": [{"title": f"Lager{NUL}medarbejder"}]}, "goal_occupations.0.title"),
    ({"skills": ["sortering\u202eedlab"]}, "skills.0"),  # reads backwards on screen
    ({"skills": ["lager\x7f"]}, "skills.0"),
]

WORKPLACE_TEXTS = [
    ({"name": f"Café{NUL}"}, "name"),
    ({"address": f"Jagtvej 12{NUL}"}, "address"),
    ({"functions": [{**payloads.WORKPLACE["functions"][0], "title": f"Sortering{NUL}"}]}, None),
    ({"functions": [{**payloads.WORKPLACE["functions"][0], "tasks": [f"Opvask{NUL}"]}]}, None),
]


class TestControlCharacters:
    @pytest.mark.parametrize(("change", "field"), CITIZEN_TEXTS)
    def test_in_a_citizen_profile_they_are_refused_and_nothing_is_stored(
        self, context: AppContext, client: TestClient, change: dict[str, Any], field: str
    ) -> None:
        answer = post(client, "/citizens", payloads.citizen(**change))
        assert answer.status_code == 422
        assert fields(answer) == [field]
        assert "control character" in answer.json()["detail"][0]["reason"]
        assert count(context, CitizenRow) == 0

    def test_a_lone_surrogate_is_refused(self, context: AppContext, client: TestClient) -> None:
        # JSON can carry one (as \\ud800); no database can store it.
        answer = post(client, "/citizens", payloads.citizen(skills=["lager\ud800"]))
        assert answer.status_code == 422 and fields(answer) == ["skills.0"]
        assert count(context, CitizenRow) == 0

    @pytest.mark.parametrize(("change", "field"), WORKPLACE_TEXTS)
    def test_in_a_workplace_they_are_refused_and_nothing_is_stored(
        self, context: AppContext, client: TestClient, change: dict[str, Any], field: str | None
    ) -> None:
        answer = post(client, "/workplaces", payloads.workplace(**change))
        assert answer.status_code == 422
        (named,) = fields(answer)
        assert named == field or named.startswith("functions.0.")
        assert count(context, WorkplaceRow) == 0

    def test_an_edit_with_one_leaves_the_stored_record_as_it_was(self, client: TestClient) -> None:
        created = client.post("/citizens", json=payloads.citizen()).json()
        answer = client.put(
            f"/citizens/{created['id']}", json={**created, "skills": [f"lager{NUL}"]}
        )
        assert answer.status_code == 422
        stored = client.get(f"/citizens/{created['id']}").json()
        assert (stored["skills"], stored["version"]) == (created["skills"], created["version"])

    def test_in_an_outcome_note(self, client: TestClient) -> None:
        citizen = client.post("/citizens", json=payloads.citizen()).json()
        workplace = client.post("/workplaces", json=payloads.workplace()).json()
        placement = client.post(
            f"/citizens/{citizen['id']}/placements", json={"workplace_id": workplace["id"]}
        ).json()
        answer = client.post(
            f"/placements/{placement['id']}/outcome",
            json={"outcome": "ended_early", "note": f"syg{NUL}"},
        )
        assert answer.status_code == 422 and fields(answer) == ["note"]
        listed = client.get(f"/citizens/{citizen['id']}/placements").json()
        assert listed[0]["status"] == "contacted"

    def test_in_a_search(self, client: TestClient) -> None:
        for url in ("/citizens", "/workplaces"):
            answer = client.get(url, params={"q": f"lager{NUL}"})
            assert answer.status_code == 422 and fields(answer) == ["q"], url

    def test_tabs_and_line_breaks_in_a_one_line_field_become_a_space(
        self, client: TestClient
    ) -> None:
        answer = client.post(
            "/citizens", json=payloads.citizen(skills=["pluk\tog\r\npakning", "truck"])
        )
        assert answer.status_code == 201
        assert answer.json()["skills"] == ["pluk og pakning", "truck"]


class TestCprNumbers:
    def test_industry_is_guarded(self, client: TestClient) -> None:
        answer = client.post("/workplaces", json=payloads.workplace(industry="0101901234"))
        assert answer.status_code == 422 and fields(answer) == ["industry"]
        assert "CPR" in answer.json()["detail"][0]["reason"]

    @pytest.mark.parametrize("written", ["010190 1234", "010190/1234", "01.01.90-1234"])
    def test_written_with_a_space_slash_or_dots_they_are_refused(
        self, context: AppContext, client: TestClient, written: str
    ) -> None:
        answer = client.post(
            "/citizens", json=payloads.citizen(skills=[f"borgerens nummer {written}"])
        )
        assert answer.status_code == 422 and fields(answer) == ["skills.0"]
        assert count(context, CitizenRow) == 0

    def test_phone_numbers_and_dates_are_kept(self, client: TestClient) -> None:
        notes = ["ring til mentor på 12 34 56 78", "start 01.12.2026 kl. 10.30"]
        answer = client.post("/workplaces", json=payloads.workplace(address=notes[0]))
        assert answer.status_code == 201
        answer = client.post(
            "/citizens",
            json=payloads.citizen(experience=[{"title": "Lager", "description": notes[1]}]),
        )
        assert answer.status_code == 201
        assert answer.json()["experience"][0]["description"] == notes[1]


def test_text_of_several_lines_keeps_its_line_breaks_and_refuses_control_characters() -> None:
    assert text_lines("Stabilt fremmøde\r\nTre dage\tom ugen\rKl. 10") == (
        "Stabilt fremmøde\nTre dage om ugen\nKl. 10"
    )
    with pytest.raises(PydanticCustomError) as refused:
        text_lines("Godt\nmen\x07")
    assert refused.value.type == "control_character"
