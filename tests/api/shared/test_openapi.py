"""The OpenAPI document says what is sent: the 422 body as it is, 400/401/403 where they
happen; datetimes carry a time zone; malformed JSON is named as such."""

import datetime as dt
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.policy import policy_of
from api.composition.context import AppContext
from api.composition.settings import AUDIT_PURPOSES
from tests.api import payloads
from tests.auth import ADMIN, CONSULTANT, signed_in


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app().openapi()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


class TestTheDocument:
    def test_every_422_is_documented_as_it_is_sent(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        assert "HTTPValidationError" not in schemas
        body = schemas["ValidationErrorBody"]
        assert body["properties"]["error"]["const"] == "validation_error"
        assert schemas["FieldError"]["required"] == ["field", "reason", "code", "params"]
        with_422 = [op for _, _, op in operations(document) if "422" in op["responses"]]
        assert len(with_422) > 20
        for operation in with_422:
            content = operation["responses"]["422"]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ValidationErrorBody"}

    def test_401_and_403_are_declared_on_every_route_that_needs_a_user(
        self, document: dict[str, Any]
    ) -> None:
        public = {
            (method.lower(), context.route.path)
            for context in iter_route_contexts(create_app().routes)
            if isinstance(context.route, APIRoute)
            for method in context.route.methods or ()
            if (policy := policy_of(context.route.endpoint)) and policy.public
        }
        assert ("get", "/health") in public and ("post", "/auth/token") in public
        for method, path, operation in operations(document):
            declared = set(operation["responses"])
            if (method, path) in public:
                assert "403" not in declared, (method, path)  # no role is ever refused
            else:
                assert {"401", "403"} <= declared, (method, path)

    def test_the_purpose_is_documented_as_the_enum_it_is_and_required_where_data_is_read(
        self, document: dict[str, Any]
    ) -> None:
        purposes = {
            (method, path): parameter
            for method, path, operation in operations(document)
            for parameter in operation.get("parameters", [])
            if parameter["name"] == "purpose"
        }
        reading = purposes[("get", "/citizens/{citizen_id}")]
        assert reading["required"] is True
        assert reading["schema"]["enum"] == list(AUDIT_PURPOSES)
        writing = purposes[("post", "/citizens")]
        assert writing["required"] is False and writing["schema"]["default"] == "case_work"
        assert all(p["schema"]["enum"] == list(AUDIT_PURPOSES) for p in purposes.values())
        # Every required one is refused when missing, every optional one is not.
        assert {p["required"] for p in purposes.values()} == {True, False}

    def test_400_is_declared_where_a_body_is_read(self, document: dict[str, Any]) -> None:
        for method, path, operation in operations(document):
            assert ("400" in operation["responses"]) == ("requestBody" in operation), (method, path)


class TestBodiesThatCannotBeRead:
    def test_malformed_json_names_the_line_and_column(self, app: FastAPI) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            answer = consultant.post(
                "/citizens",
                content='{"reference": "JC-X",\n  "skills": [}',
                headers={"content-type": "application/json"},
            )
        assert answer.status_code == 422
        assert answer.json() == {
            "error": "validation_error",
            "detail": [
                {
                    "field": "body",
                    "reason": "the body is not valid JSON (line 2, column 14): Expecting value",
                    "code": "json_invalid",
                    "params": {},
                }
            ],
        }

    def test_a_body_that_is_not_utf8_is_a_bad_request(self, app: FastAPI) -> None:
        with signed_in(app, CONSULTANT) as consultant:
            answer = consultant.post(
                "/citizens",
                content=b'{"reference": "JC-\xff"}',
                headers={"content-type": "application/json"},
            )
        assert answer.status_code == 400
        assert answer.json()["error"] == "bad_request"


@pytest.fixture
def app(context: AppContext) -> FastAPI:
    return create_app(context)


def aware(text: str) -> bool:
    return dt.datetime.fromisoformat(text).tzinfo is not None


def test_datetimes_carry_a_time_zone(context: AppContext, app: FastAPI) -> None:
    """On SQLite too, which stores none: audit entries, runs and placements."""
    with signed_in(app, CONSULTANT) as consultant:
        citizen = consultant.post("/citizens", json=payloads.citizen()).json()
        with TestClient(app) as bare:
            coordinator_token = bare.post(
                "/auth/token",
                data={"username": "koordinator.syd", "password": "demo-koordinator-syd"},
            ).json()["access_token"]
            workplace = bare.post(
                "/workplaces",
                json=payloads.workplace(),
                headers={"Authorization": f"Bearer {coordinator_token}"},
            ).json()
        placement = consultant.post(
            f"/citizens/{citizen['id']}/placements", json={"workplace_id": workplace["id"]}
        ).json()
        for status in ("agreed", "started"):
            consultant.post(f"/placements/{placement['id']}/status", json={"status": status})
        ended = consultant.post(
            f"/placements/{placement['id']}/outcome", json={"outcome": "education"}
        ).json()
    with signed_in(app, ADMIN) as admin:
        run = admin.post("/rerank-runs", json={}).json()
        entries = admin.get(f"/audit/citizens/{citizen['id']}").json()
        listed = admin.get("/rerank-runs").json()
    assert aware(placement["contacted_at"]) and aware(ended["ended_at"])
    assert aware(ended["agreed_at"]) and aware(ended["started_at"])
    assert aware(run["created_at"]) and all(aware(r["created_at"]) for r in listed)
    assert entries and all(aware(entry["at"]) for entry in entries)
