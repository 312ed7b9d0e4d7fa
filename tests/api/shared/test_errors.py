"""Every error answer has the shape {"error", "detail"}: a body that is not JSON is named by
line and column, a wrong field by its dotted name, a write that lost a race is a 409 that says
what to do, an index that is away a 503 with Retry-After, and a missing route a 404."""

import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from api.shared.errors import install_handlers
from indexer.backend import BackendUnavailable
from store.db import ReferenceGone, StaleWrite, UniqueViolation


class Item(BaseModel):
    name: str
    sizes: list[int]


class _Orig(Exception):
    sqlstate = "23502"  # not-null: no race causes it


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = FastAPI()
    install_handlers(app)

    @app.post("/items")
    def create(item: Item, limit: int = 10) -> dict[str, str]:
        return {"name": item.name}

    @app.get("/race/{kind}")
    def race(kind: str) -> None:
        raise {"stale": StaleWrite, "unique": UniqueViolation, "gone": ReferenceGone}[kind]("x")

    @app.get("/defect")
    def defect() -> None:
        raise IntegrityError("INSERT ...", {}, _Orig("null value in column"))

    @app.get("/away")
    def away() -> None:
        raise BackendUnavailable("OpenSearch: ConnectionError: JC-SECRET")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_body_that_is_not_json_is_named_by_line_and_column(client: TestClient) -> None:
    answer = client.post(
        "/items",
        content=b'{"name": "a",\n "sizes": [1,, 2]}',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    assert error["field"] == "body"
    assert error["reason"].startswith("the body is not valid JSON (line 2, column 14)")


def test_each_wrong_field_is_named_without_where_it_came_from(client: TestClient) -> None:
    answer = client.post("/items", json={"name": "a", "sizes": [1, "x"]}, params={"limit": "y"})
    assert answer.status_code == 422
    assert answer.json()["error"] == "validation_error"
    assert sorted(e["field"] for e in answer.json()["detail"]) == ["limit", "sizes.1"]


@pytest.mark.parametrize(
    ("kind", "error", "says"),
    [
        ("stale", "version_conflict", "someone else saved this record first"),
        ("unique", "already_exists", "the same value at the same moment"),
        ("gone", "conflict", "was deleted meanwhile"),
    ],
)
def test_a_write_that_lost_a_race_is_a_409_saying_what_to_do(
    client: TestClient, kind: str, error: str, says: str
) -> None:
    answer = client.get(f"/race/{kind}")
    assert answer.status_code == 409
    assert answer.json()["error"] == error and says in answer.json()["detail"]


def test_an_integrity_error_no_race_causes_stays_a_500(client: TestClient) -> None:
    assert client.get("/defect").status_code == 500


def test_an_index_that_is_away_is_a_503_without_the_errors_text(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        answer = client.get("/away")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert answer.json()["error"] == "service_unavailable"
    assert "JC-SECRET" not in answer.text and "JC-SECRET" not in caplog.text
    assert "BackendUnavailable" in caplog.text


def test_a_missing_route_and_a_wrong_method_answer_in_the_same_shape(client: TestClient) -> None:
    assert client.get("/nowhere").json() == {"error": "not_found", "detail": "Not Found"}
    wrong = client.delete("/items")
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"
