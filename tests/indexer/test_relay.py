"""The API on the OpenSearch backend through an outage: writes go on, nothing is lost."""

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.composition.context import AppContext
from indexer.embedded import EmbeddedIndex
from indexer.opensearch import OpenSearchBackend
from indexer.opensearch_client import make_client
from indexer.reconcile import reconcile
from scripts.opensearch_node import OpenSearchNode
from store import outbox
from store import workplaces as workplace_repository
from tests.api import payloads
from tests.auth import StaffClient
from tests.conftest import allow_servers, opensearch_context
from tests.factories import workplace
from tests.net import free_port

pytestmark = pytest.mark.servers


def _in(**delta: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(**delta)


class Stack:
    """A real OpenSearch node on fixed ports that can be stopped, and started again with an
    empty disk (a node replaced after its loss), for the module's tests."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.http_port, self.transport_port = free_port(), free_port()
        self.node: OpenSearchNode | None = None

    def start(self) -> str:
        if self.node is None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.node = OpenSearchNode.start(
                self.home, http_port=self.http_port, transport_port=self.transport_port
            )
        return self.node.url

    def stop(self) -> None:
        if self.node is not None:
            self.node.close()
            self.node = None


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    allow_servers()
    stack = Stack(tmp_path_factory.mktemp("relay") / "node")
    yield stack
    stack.stop()


@pytest.fixture
def context(stack: Stack, tmp_path: Path, opensearch_alias: str) -> Iterator[AppContext]:
    with opensearch_context(tmp_path, stack.start(), opensearch_alias) as context:
        yield context


@pytest.fixture
def client(context: AppContext) -> Iterator[TestClient]:
    with StaffClient(create_app(context)) as test_client:
        yield test_client


def pending(context: AppContext) -> int:
    with context.sessions() as session:
        return outbox.pending_count(session)


def assert_index_equals_store(context: AppContext, citizen_id: int, client: TestClient) -> None:
    with context.sessions() as session:
        assert reconcile(session, context.backend, repair=False).drift == 0
        embedded = EmbeddedIndex()
        embedded.rebuild(workplace_repository.load_all(session))
    remote = client.get(f"/citizens/{citizen_id}/suggestions").json()["items"]
    context.backend, original = embedded, context.backend
    local = client.get(f"/citizens/{citizen_id}/suggestions").json()["items"]
    context.backend = original
    assert remote == local


def create_workplaces(client: TestClient, count: int) -> list[dict]:  # type: ignore[type-arg]
    return [
        client.post("/workplaces", json=payloads.workplace(name=f"Sted {i}")).json()
        for i in range(count)
    ]


def test_stop_keep_writing_restart_relay_index_equals_store(
    stack: Stack, context: AppContext, client: TestClient
) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    url = f"/citizens/{citizen['id']}/suggestions"
    first, second, third = create_workplaces(client, 3)
    assert len(client.get(url).json()["items"]) == 3
    assert pending(context) == 0

    stack.stop()
    created = client.post("/workplaces", json=payloads.workplace(name="Under nedbrud"))
    assert created.status_code == 201
    updated = client.put(
        f"/workplaces/{first['id']}",
        json=payloads.workplace(version=1, name="Omdøbt under nedbrud"),
    )
    assert updated.status_code == 200
    assert client.delete(f"/workplaces/{second['id']}").status_code == 204
    outage = client.get(url)
    assert outage.status_code == 503
    assert outage.json()["error"] == "service_unavailable"
    assert "cannot be reached" in outage.json()["detail"]
    assert client.get("/workplaces").status_code == 503
    assert client.get(f"/workplaces/{third['id']}").status_code == 200  # the store answers
    health = client.get("/health").json()
    assert (health["status"], health["search"], health["changes_waiting_for_index"]) == (
        "degraded",
        "unavailable",
        3,
    )
    assert pending(context) == 3

    stack.start()  # a new node, with an empty disk
    report = context.relay.run_once()
    assert report.rebuilt
    assert pending(context) == 0
    names = {s["workplace_name"] for s in client.get(url).json()["items"]}
    assert names == {"Omdøbt under nedbrud", third["name"], "Under nedbrud"}
    assert_index_equals_store(context, citizen["id"], client)


def test_unreachable_index_catches_up_with_backoff(context: AppContext, client: TestClient) -> None:
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    [kept] = create_workplaces(client, 1)
    backend = context.backend
    assert isinstance(backend, OpenSearchBackend)
    reachable = backend.client
    backend.client = make_client(f"http://127.0.0.1:{free_port()}", timeout=1)  # nobody there

    for name in ("A", "B"):
        assert client.post("/workplaces", json=payloads.workplace(name=name)).status_code == 201
    update = payloads.workplace(version=1, name="Ændret")
    assert client.put(f"/workplaces/{kept['id']}", json=update).status_code == 200
    assert pending(context) == 3
    with context.sessions() as session:
        # The first write tried the index and failed; the next ones did not wait for it.
        attempts = [r.attempts for r in outbox.due(session, now=_in(hours=1), limit=10)]
        assert attempts == [1, 0, 0]
    report = context.relay.run_once()  # a relay round while still unreachable
    assert (report.applied, report.postponed) == (0, 2)
    assert report.error is not None and "ConnectionError" in report.error
    with context.sessions() as session:
        rows = outbox.due(session, now=_in(hours=1), limit=10)
        assert all(r.attempts >= 1 and r.last_error for r in rows)
        assert not outbox.due(session, now=_in(), limit=10)  # all backing off

    backend.client = reachable
    assert context.relay.run_once().applied == 0  # still backing off
    later = _in(minutes=10)
    context.relay.clock = lambda: later
    report = context.relay.run_once()
    assert (report.applied, report.rebuilt, pending(context)) == (3, False, 0)
    assert_index_equals_store(context, citizen["id"], client)


def test_reconcile_repairs_drift(context: AppContext, client: TestClient) -> None:
    """Store changes that bypassed the outbox (a bug, a hand edit) are found and repaired."""
    first, second = create_workplaces(client, 2)
    backend = context.backend
    with context.sessions() as session:
        gone = workplace_repository.get(session, workplace_id=first["id"])
        changed = workplace_repository.get(session, workplace_id=second["id"])
        assert gone is not None and changed is not None
        workplace_repository.delete(session, row=gone)
        changed.name = "Ændret uden outbox"
        added = workplace_repository.create(session, workplace=workplace(0), portfolio="vs")
        session.commit()
        report = reconcile(session, backend, repair=False)
        assert (report.missing, report.stale, report.extra) == (
            [added.id],
            [second["id"]],
            [first["id"]],
        )
        assert not report.repaired
        report = reconcile(session, backend)
        assert report.summary().startswith("repaired: 1 missing")
        assert reconcile(session, backend, repair=False).drift == 0
    names = {w["name"] for w in client.get("/workplaces").json()["items"]}
    assert names == {"Ændret uden outbox", "Arbejdsplads 0"}


def test_ids_of_deleted_workplaces_are_never_reused(client: TestClient) -> None:
    [last] = create_workplaces(client, 1)
    client.delete(f"/workplaces/{last['id']}")
    [new] = create_workplaces(client, 1)
    assert new["id"] > last["id"]
    assert new["functions"][0]["id"] > last["functions"][0]["id"]
    assert client.get("/workplaces").json()["total"] == 1
