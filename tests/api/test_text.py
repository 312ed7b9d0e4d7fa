"""Free text: control characters are refused in every free-text field (nothing is stored),
tabs and line breaks in a one-line field become a space, and no field takes a CPR number.
On SQLite and PostgreSQL (where a NUL byte used to be a 500)."""

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.context import AppContext
from store.models import CitizenRow, WorkplaceRow
from tests.api import payloads

NUL = "\x00"


def fields(response: Any) -> list[str]:
    return [item["field"] for item in response.json()["detail"]]


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
