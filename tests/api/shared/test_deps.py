"""A request's dependencies on a real store (SQLite and PostgreSQL): a read of citizen data
must say why, from the configured purposes; a write says case work unless told otherwise;
the request's unit commits before the answer and stores nothing when the route fails; the
route is recorded by its template, never its ids or query."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.composition.context import AppContext
from api.shared.deps import ReadingUnit, Unit, WritingUnit, route_of
from api.shared.errors import install_handlers
from store import citizens


@pytest.fixture
def client(context: AppContext) -> Iterator[TestClient]:
    """An app with only these routes (no sign-in): what each dependency hands a route."""
    app = FastAPI()
    app.state.context = context
    install_handlers(app)

    @app.get("/read/{citizen_id}")
    def read(citizen_id: int, unit: ReadingUnit) -> dict[str, str | None]:
        return {"purpose": unit.purpose, "route": unit.route}

    @app.post("/write")
    def write(unit: WritingUnit) -> dict[str, str | None]:
        return {"purpose": unit.purpose}

    @app.post("/create/{reference}")
    def create(reference: str, unit: Unit, fail: bool = False) -> dict[str, int]:
        row = citizens.create(
            unit.session, reference=reference, target_group="sick_listed", team="t", profile={}
        )
        if fail:
            raise RuntimeError("the route failed after writing")
        return {"id": row.id}

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_read_must_name_a_known_purpose(client: TestClient) -> None:
    missing = client.get("/read/7")
    assert missing.status_code == 422
    (error,) = missing.json()["detail"]
    assert error["field"] == "purpose" and "matching" in error["reason"]
    unknown = client.get("/read/7", params={"purpose": "curiosity"})
    assert unknown.status_code == 422
    assert "unknown purpose 'curiosity'" in unknown.json()["detail"][0]["reason"]
    known = client.get("/read/7", params={"purpose": "matching", "q": "JC-1"})
    assert known.json() == {"purpose": "matching", "route": "GET /read/{citizen_id}"}


def test_a_write_is_case_work_unless_it_says_otherwise(client: TestClient) -> None:
    assert client.post("/write").json() == {"purpose": "case_work"}
    assert client.post("/write", params={"purpose": "follow_up"}).json() == {"purpose": "follow_up"}
    assert client.post("/write", params={"purpose": "nope"}).status_code == 422


def test_the_unit_commits_what_a_route_wrote_and_nothing_when_it_fails(
    context: AppContext, client: TestClient
) -> None:
    assert client.post("/create/JC-KEPT").status_code == 200
    assert client.post("/create/JC-LOST", params={"fail": True}).status_code == 500
    with context.sessions() as session:
        assert citizens.get_by_reference(session, reference="JC-KEPT") is not None
        assert citizens.get_by_reference(session, reference="JC-LOST") is None


def test_a_request_without_a_matched_route_is_named_by_its_path() -> None:
    request = Request(
        {"type": "http", "method": "GET", "path": "/x/1", "query_string": b"a=1", "headers": []}
    )
    assert route_of(request) == "GET /x/1"
