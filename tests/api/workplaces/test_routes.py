"""/workplaces on SQLite and PostgreSQL."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import payloads


def fields(response_json: dict[str, Any]) -> list[str]:
    return [d["field"] for d in response_json["detail"]]


class TestCreateAndRead:
    def test_created_workplace_reads_back(self, client: TestClient) -> None:
        created = client.post("/workplaces", json=payloads.workplace())
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["version"] == 1
        assert body["functions"][0]["id"] > 0
        fetched = client.get(f"/workplaces/{body['id']}")
        assert fetched.json() == body
        assert fetched.headers["etag"] == '"1"'

    def test_the_contact_person_is_kept_and_shown(self, client: TestClient) -> None:
        contact = {"name": "Mette Holm", "phone": "+45 33 12 34 56", "email": "mette@x.dk"}
        created = client.post("/workplaces", json=payloads.workplace(contact=contact)).json()
        assert created["contact"] == contact
        unnamed = client.post("/workplaces", json=payloads.workplace()).json()
        assert unnamed["contact"] == {"name": None, "phone": None, "email": None}

    def test_coordinates_default_to_the_postal_code_centroid(self, client: TestClient) -> None:
        body = payloads.workplace()
        del body["coordinates"]
        created = client.post("/workplaces", json=body).json()
        assert created["coordinates"] == {"lat": 55.662, "lon": 12.504}

    def test_missing_workplace_is_404(self, client: TestClient) -> None:
        response = client.get("/workplaces/999")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"

    def test_search_by_text_industry_and_postal_code(self, client: TestClient) -> None:
        client.post("/workplaces", json=payloads.workplace())
        client.post(
            "/workplaces",
            json=payloads.workplace(
                name="Kiosken på Istedgade",
                industry="kiosk",
                postal_code="1650",
                coordinates={"lat": 55.669, "lon": 12.553},
                functions=[
                    {
                        **payloads.WORKPLACE["functions"][0],
                        "title": "Kioskmedarbejder",
                        "occupation_code": "5223",
                        "tasks": ["Kassebetjening"],
                    }
                ],
            ),
        )
        by_text = client.get("/workplaces", params={"q": "kasse"}).json()
        assert [w["name"] for w in by_text["items"]] == ["Kiosken på Istedgade"]
        by_industry = client.get("/workplaces", params={"industry": "recycling"}).json()
        assert by_industry["total"] == 1
        by_code = client.get("/workplaces", params={"postal_code": "1650"}).json()
        assert [w["industry"] for w in by_code["items"]] == ["kiosk"]
        page = client.get("/workplaces", params={"limit": 1, "offset": 1}).json()
        assert (page["total"], len(page["items"])) == (2, 1)


class TestUpdate:
    def test_update_with_the_current_version(self, client: TestClient) -> None:
        created = client.post("/workplaces", json=payloads.workplace()).json()
        function = {**created["functions"][0], "title": "Sortering og genbrug"}
        update = payloads.workplace(version=1, name="Nyt navn", functions=[function])
        response = client.put(f"/workplaces/{created['id']}", json=update)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["version"], body["name"]) == (2, "Nyt navn")
        assert body["functions"][0]["id"] == created["functions"][0]["id"]

    def test_a_stale_update_is_refused_and_overwrites_nothing(self, client: TestClient) -> None:
        created = client.post("/workplaces", json=payloads.workplace()).json()
        first = client.put(
            f"/workplaces/{created['id']}", json=payloads.workplace(version=1, name="Først")
        )
        assert first.status_code == 200
        stale = client.put(
            f"/workplaces/{created['id']}",
            json=payloads.workplace(version=1, name="For sent", ordinary_employees=999),
        )
        assert stale.status_code == 409
        assert stale.json()["detail"]["current_version"] == 2
        stored = client.get(f"/workplaces/{created['id']}").json()
        assert (stored["name"], stored["ordinary_employees"], stored["version"]) == (
            "Først",
            14,
            2,
        )

    def test_a_function_of_another_workplace_is_refused(self, client: TestClient) -> None:
        one = client.post("/workplaces", json=payloads.workplace()).json()
        other = client.post("/workplaces", json=payloads.workplace()).json()
        foreign = {**payloads.WORKPLACE["functions"][0], "id": other["functions"][0]["id"]}
        response = client.put(
            f"/workplaces/{one['id']}", json=payloads.workplace(version=1, functions=[foreign])
        )
        assert response.status_code == 422
        assert fields(response.json()) == ["functions.0.id"]
        assert client.get(f"/workplaces/{other['id']}").json() == other

    def test_what_was_read_can_be_sent_back_but_not_with_another_id(
        self, client: TestClient
    ) -> None:
        created = client.post("/workplaces", json=payloads.workplace()).json()
        read = client.get(f"/workplaces/{created['id']}").json()
        assert client.put(f"/workplaces/{created['id']}", json=read).status_code == 200
        response = client.put(
            f"/workplaces/{created['id']}", json={**read, "id": 999, "version": 2}
        )
        assert response.status_code == 422
        assert fields(response.json()) == ["id"]

    def test_update_without_version_is_refused(self, client: TestClient) -> None:
        created = client.post("/workplaces", json=payloads.workplace()).json()
        response = client.put(f"/workplaces/{created['id']}", json=payloads.workplace())
        assert response.status_code == 422
        assert fields(response.json()) == ["version"]

    def test_delete(self, client: TestClient) -> None:
        created = client.post("/workplaces", json=payloads.workplace()).json()
        assert client.delete(f"/workplaces/{created['id']}").status_code == 204
        assert client.get(f"/workplaces/{created['id']}").status_code == 404
        assert client.delete(f"/workplaces/{created['id']}").status_code == 404


class TestValidation:
    @pytest.mark.parametrize(
        ("change", "field", "reason"),
        [
            (
                {"accommodations": ["no_heavy_lifting", "sofa"]},
                "accommodations.1",
                "unknown accommodation code 'sofa'",
            ),
            ({"coordinates": {"lat": 59.33, "lon": 18.07}}, "coordinates", "outside Denmark"),
            ({"postal_code": "25000"}, "postal_code", "String should match pattern"),
            ({"ordinary_employees": -1}, "ordinary_employees", "greater than or equal to 0"),
            ({"functions": []}, "functions", "at least 1 item"),
            ({"record": {"placements": 1, "good_outcomes": 2}}, "record", "cannot exceed"),
            ({"name": "Firma ved 010190-1234"}, "name", "CPR number"),
            ({"accomodations": ["mentor"]}, "accomodations", "Extra inputs are not permitted"),
            ({"contact": {"phone": "ring mig"}}, "contact.phone", "String should match"),
            ({"contact": {"phone": "010190 1234"}}, "contact.phone", "CPR number"),
            ({"contact": {"email": "mette.holm"}}, "contact.email", "String should match"),
        ],
    )
    def test_bad_workplace_fields_are_named(
        self, client: TestClient, change: dict[str, Any], field: str, reason: str
    ) -> None:
        response = client.post("/workplaces", json=payloads.workplace(**change))
        assert response.status_code == 422
        body = response.json()
        assert body["error"] == "validation_error"
        assert fields(body) == [field]
        assert reason in body["detail"][0]["reason"]

    @pytest.mark.parametrize(
        ("change", "field", "reason"),
        [
            (
                {"weekly_hours": {"min": 20, "max": 10}},
                "functions.0.weekly_hours",
                "min (20) must not exceed max (10)",
            ),
            (
                {"weekly_hours": {"min": 10, "max": 40}},
                "functions.0.weekly_hours.max",
                "less than or equal to 37",
            ),
            (
                {"placement_types": ["praktik"]},
                "functions.0.placement_types.0",
                "unknown placement type 'praktik'",
            ),
            ({"occupation_code": "96"}, "functions.0.occupation_code", "pattern"),
        ],
    )
    def test_bad_function_fields_are_named(
        self, client: TestClient, change: dict[str, Any], field: str, reason: str
    ) -> None:
        function = {**payloads.WORKPLACE["functions"][0], **change}
        response = client.post("/workplaces", json=payloads.workplace(functions=[function]))
        assert response.status_code == 422
        assert fields(response.json()) == [field]
        assert reason in response.json()["detail"][0]["reason"]

    def test_unknown_postal_code_without_coordinates(self, client: TestClient) -> None:
        body = payloads.workplace(postal_code="8000")
        del body["coordinates"]
        response = client.post("/workplaces", json=body)
        assert response.status_code == 422
        assert fields(response.json()) == ["coordinates"]

    def test_a_refused_create_stores_nothing(self, client: TestClient) -> None:
        client.post("/workplaces", json=payloads.workplace(accommodations=["sofa"]))
        assert client.get("/workplaces").json()["total"] == 0
