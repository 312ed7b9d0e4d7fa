"""/citizens on SQLite and PostgreSQL."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import payloads


def fields(response_json: dict[str, Any]) -> list[str]:
    return [d["field"] for d in response_json["detail"]]


def test_created_citizen_reads_back(client: TestClient) -> None:
    created = client.post("/citizens", json=payloads.citizen())
    assert created.status_code == 201, created.text
    body = created.json()
    assert client.get(f"/citizens/{body['id']}").json() == body
    assert body["accommodation_needs"][0] == {"code": "no_heavy_lifting", "hard": True}
    assert body["prefers_near_home"] is False
    near = client.post("/citizens", json=payloads.citizen(reference="NEAR", prefers_near_home=True))
    assert client.get(f"/citizens/{near.json()['id']}").json()["prefers_near_home"] is True


def test_a_reference_is_unique(client: TestClient) -> None:
    client.post("/citizens", json=payloads.citizen())
    again = client.post("/citizens", json=payloads.citizen())
    assert again.status_code == 409
    assert again.json()["error"] == "already_exists"


def test_a_stale_update_is_refused_and_overwrites_nothing(client: TestClient) -> None:
    created = client.post("/citizens", json=payloads.citizen()).json()
    url = f"/citizens/{created['id']}"
    assert client.put(url, json=payloads.citizen(version=1, skills=["kasse"])).status_code == 200
    stale = client.put(url, json=payloads.citizen(version=1, skills=["truck"]))
    assert stale.status_code == 409
    stored = client.get(url).json()
    assert (stored["skills"], stored["version"]) == (["kasse"], 2)


def test_delete(client: TestClient) -> None:
    created = client.post("/citizens", json=payloads.citizen()).json()
    assert client.delete(f"/citizens/{created['id']}").status_code == 204
    assert client.get(f"/citizens/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (
            {"accommodation_needs": [{"code": "quiet_please", "hard": True}]},
            "accommodation_needs.0.code",
            "unknown accommodation code 'quiet_please'",
        ),
        (
            {"accommodation_needs": [{"code": "mentor"}]},
            "accommodation_needs.0.hard",
            "Field required",
        ),
        (
            {
                "accommodation_needs": [
                    {"code": "mentor", "hard": True},
                    {"code": "mentor", "hard": False},
                ]
            },
            "accommodation_needs",
            "'mentor' is listed twice",
        ),
        (
            {"weekly_hours": {"min": 20, "max": 10}},
            "weekly_hours",
            "min (20) must not exceed max (10)",
        ),
        ({"coordinates": {"lat": 52.52, "lon": 13.40}}, "coordinates", "outside Denmark"),
        ({"reference": "010190-1234"}, "reference", "CPR number"),
        ({"reference": "0101901234"}, "reference", "CPR number"),
        ({"skills": ["sortering", "cpr 311299-4321"]}, "skills.1", "CPR number"),
        (
            {"experience": [{"title": "Kok", "description": "Borgeren (0101901234) kom fra"}]},
            "experience.0.description",
            "CPR number",
        ),
        ({"education": ["Eksamen, nr.290200-4123"]}, "education.0", "CPR number"),
        ({"goal_occupations": [{"title": "Kok 150385-1234"}]}, "goal_occupations.0.title", "CPR"),
        ({"target_group": "unemployed"}, "target_group", "Input should be"),
        ({"skills": [], "goal_occupations": []}, "skills", "the profile is empty"),
        ({"postal_code": "8000"}, "postal_code", "give coordinates"),
        ({"postal_code": None}, "max_commute_km", "needs a home postal code or coordinates"),
        (
            {"goal_occupations": [{"title": "Kok", "weight": 2}]},
            "goal_occupations.0.weight",
            "less than or equal to 1",
        ),
        ({"diagnosis": "depression"}, "diagnosis", "Extra inputs are not permitted"),
        ({"prefers_near_home": "maybe"}, "prefers_near_home", "valid boolean"),
    ],
)
def test_bad_input_is_answered_with_the_field(
    client: TestClient, change: dict[str, Any], field: str, reason: str
) -> None:
    response = client.post("/citizens", json=payloads.citizen(**change))
    assert response.status_code == 422, response.text
    body = response.json()
    assert fields(body) == [field]
    assert reason in body["detail"][0]["reason"]
    assert client.post("/citizens", json=payloads.citizen()).status_code == 201


def test_an_empty_body_names_the_required_fields(client: TestClient) -> None:
    response = client.post("/citizens", json={})
    assert response.status_code == 422
    assert set(fields(response.json())) == {"reference", "target_group"}
