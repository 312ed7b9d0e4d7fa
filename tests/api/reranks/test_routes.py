"""Batch re-ranking through the API, with tasks run in-process (eager)."""

import dataclasses
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import batch.tasks
from api.app import create_app
from api.balance import service as balance
from api.composition import demo
from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from fixtures.generate import DATA_DIR, demo_citizens
from store import citizens as citizen_repository
from store import reranks
from store.models import CitizenSnapshot, RerankFailure
from tests.api import payloads
from tests.auth import StaffClient
from tests.conftest import TODAY
from tests.net import free_port

# The demo citizens the south team's consultant (the client's) follows, by id.
SOUTH = [i for i, c in enumerate(demo_citizens(), start=1) if c["team"] == "jobcenter-syd"]


@pytest.fixture
def eager(tmp_path: Path) -> Iterator[tuple[AppContext, TestClient]]:
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        today=TODAY,
        tasks_eager=True,
        database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}",
    )
    context = create_context(settings)
    demo.load_demo(context, DATA_DIR)
    context.freshness.rebuild()
    with StaffClient(create_app(context)) as client:
        yield context, client
    context.close()


_NOT_IN_A_CREATE_BODY = ("id", "version", "functions", "portfolio", "enquiry_capacity")


def snapshots(context: AppContext) -> list[tuple[int, int]]:
    with context.sessions() as session:
        rows = session.execute(
            select(CitizenSnapshot.run_id, func.count()).group_by(CitizenSnapshot.run_id)
        )
        return [(run_id, count) for run_id, count in rows]


def test_a_run_snapshots_every_active_citizen(eager: tuple[AppContext, TestClient]) -> None:
    context, client = eager
    inactive = client.get(f"/citizens/{SOUTH[1]}").json()
    inactive["active"] = False
    assert client.put(f"/citizens/{SOUTH[1]}", json=inactive).status_code == 200
    started = client.post("/rerank-runs", json={})
    assert started.status_code == 202
    run = client.get(f"/rerank-runs/{started.json()['id']}").json()
    assert (run["status"], run["total"], run["done"], run["failed"]) == ("done", 130, 130, 0)
    assert run["started_at"] and run["finished_at"]
    # Run 1 was the demo load's: its balance import brought a new period into force.
    assert snapshots(context) == [(1, 131), (run["id"], 130)]
    # The inactive citizen keeps the snapshot of the run before it became inactive.
    assert client.get(f"/citizens/{SOUTH[1]}/snapshot").json()["run"]["id"] == 1
    snapshot = client.get("/citizens/1/snapshot").json()
    first = snapshot["items"][0]
    assert first["suggestion"]["workplace_name"] == "Genbrugsstation Vigerslev"
    # Nothing changed since the demo load's run: nothing is new, nothing moved.
    assert snapshot["items"] and not any(item["new_since_last_run"] for item in snapshot["items"])
    assert all(item["previous_rank"] == item["rank"] for item in snapshot["items"])
    direct = client.get("/citizens/1/suggestions").json()["items"]
    assert [i["suggestion"]["function_id"] for i in snapshot["items"]] == [
        s["function_id"] for s in direct
    ]


def test_a_citizen_created_inactive_is_left_out_of_runs(
    eager: tuple[AppContext, TestClient],
) -> None:
    """The profile's `active` holds from creation, not only after an edit."""
    _, client = eager
    created = client.post("/citizens", json=payloads.citizen(reference="JC-INACTIVE", active=False))
    assert created.status_code == 201 and created.json()["active"] is False
    run = client.post("/rerank-runs", json={}).json()
    run = client.get(f"/rerank-runs/{run['id']}").json()
    assert (run["status"], run["total"]) == ("done", 131)
    assert client.get(f"/citizens/{created.json()['id']}/snapshot").status_code == 404


def test_the_next_run_shows_what_is_new_dropped_and_moved(
    eager: tuple[AppContext, TestClient],
) -> None:
    _, client = eager
    client.post("/rerank-runs", json={})
    # A citizen of the team with a long enough list for something to move.
    citizen_id, before = next(
        (i, snapshot)
        for i in SOUTH
        if len((snapshot := client.get(f"/citizens/{i}/snapshot").json())["items"]) >= 5
    )
    citizen = client.get(f"/citizens/{citizen_id}").json()
    needs = [n["code"] for n in citizen["accommodation_needs"]]
    top = before["items"][0]["suggestion"]
    # The first two suggestions' workplaces can no longer meet a hard need; a new, better
    # workplace appears in first place, so the rest move up.
    losing = {item["suggestion"]["workplace_id"] for item in before["items"][:2]}
    for workplace_id in losing:
        workplace = client.get(f"/workplaces/{workplace_id}").json()
        for function in workplace["functions"]:
            function["accommodations"] = []
        workplace["accommodations"] = []
        assert client.put(f"/workplaces/{workplace_id}", json=workplace).status_code == 200
    template = client.get(f"/workplaces/{top['workplace_id']}").json()
    new = client.post(
        "/workplaces",
        json={
            **{k: v for k, v in template.items() if k not in _NOT_IN_A_CREATE_BODY},
            "name": "Nyt genbrugscenter",
            "accommodations": [],
            "record": {"placements": 10, "good_outcomes": 10, "paid_hours_outcomes": 10},
            "functions": [
                {
                    **next(
                        {k: v for k, v in f.items() if k != "id"}
                        for f in template["functions"]
                        if f["id"] == top["function_id"]
                    ),
                    "accommodations": needs,  # every need, hard and soft
                }
            ],
        },
    ).json()
    second = client.post("/rerank-runs", json={}).json()
    after = client.get(f"/citizens/{citizen_id}/snapshot").json()
    assert after["run"]["id"] == second["id"]
    assert top["function_id"] in after["dropped_since_last_run"]
    flags = {i["suggestion"]["workplace_id"]: i for i in after["items"]}
    assert flags[new["id"]]["new_since_last_run"] is True
    assert flags[new["id"]]["previous_rank"] is None
    unchanged = [i for i in after["items"] if not i["new_since_last_run"]]
    assert unchanged and all(i["previous_rank"] is not None for i in unchanged)
    assert any(i["previous_rank"] > i["rank"] for i in unchanged)  # moved up into the gap


def test_a_repeated_chunk_leaves_one_snapshot_per_citizen(
    eager: tuple[AppContext, TestClient],
) -> None:
    context, client = eager
    run_id = client.post("/rerank-runs", json={}).json()["id"]
    chunk = context.queue.app().tasks["matcher.rerank.chunk"]
    chunk.delay(run_id, [1, 2, 3])  # a redelivered message
    context.queue.app().tasks["matcher.rerank.run"].delay(run_id)  # a resumed run
    assert snapshots(context) == [(1, 131), (run_id, 131)]
    assert client.get(f"/rerank-runs/{run_id}").json()["done"] == 131


def test_a_new_balance_period_starts_a_run(eager: tuple[AppContext, TestClient]) -> None:
    context, client = eager
    assert [(r["id"], r["trigger"], r["status"]) for r in client.get("/rerank-runs").json()] == [
        (1, "balance", "done")
    ]
    same = (
        "occupation_code,title,area,period,category\n"
        "9612,Sorteringsmedarbejder,hovedstaden,2026-07,good\n"
    )
    balance.import_balance(context, io.StringIO(same))
    assert len(client.get("/rerank-runs").json()) == 1  # the period in force did not change
    newer = same.replace("2026-07", "2026-10")
    balance.import_balance(context, io.StringIO(newer))
    latest = client.get("/rerank-runs").json()[0]
    assert (latest["trigger"], latest["status"], latest["done"]) == ("balance", "done", 131)


def test_a_burst_of_workplace_edits_makes_one_run_for_the_citizens_near_them(
    eager: tuple[AppContext, TestClient],
) -> None:
    context, client = eager
    workplace = client.get("/workplaces/1").json()  # in Valby
    for employees in (15, 16, 17):
        workplace = client.put(
            "/workplaces/1", json={**workplace, "ordinary_employees": employees}
        ).json()
    # Each edit queued the debounced task; it ran at once (eager) and found the edits too
    # recent, so no run was made yet.
    assert len(client.get("/rerank-runs").json()) == 1
    task = context.queue.app().tasks["matcher.rerank.workplaces_changed"]
    later = dataclasses.replace(
        context.batch, clock=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
    )
    batch.tasks.configure(later)  # a minute later
    task.delay()
    runs = client.get("/rerank-runs").json()
    assert [r["trigger"] for r in runs] == ["workplaces", "balance"]
    affected = runs[0]
    assert affected["status"] == "done" and 0 < affected["total"] < 131
    assert client.get("/citizens/1/snapshot").json()["run"]["id"] == affected["id"]
    task.delay()
    assert len(client.get("/rerank-runs").json()) == 2  # nothing pending: no second run


def test_unknown_run_is_404(eager: tuple[AppContext, TestClient]) -> None:
    _, client = eager
    assert client.get("/rerank-runs/99").status_code == 404


@pytest.mark.servers  # it must find the port closed
def test_a_broker_that_is_down_leaves_the_run_queued_and_the_import_stored(
    tmp_path: Path,
) -> None:
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        today=TODAY,
        database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}",
        broker_url=f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
    )
    context = create_context(settings)
    try:
        with (DATA_DIR / "balance.csv").open(encoding="utf-8") as handle:
            assert balance.import_balance(context, handle) == 170
        assert context.matching.balance().period == "2026-07"
        with context.sessions() as session:
            [run] = reranks.list_runs(session, limit=5)
            assert (run.trigger, run.status) == ("balance", "queued")
    finally:
        context.close()


def test_a_citizen_that_cannot_be_scored_fails_alone(
    eager: tuple[AppContext, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When scoring the chunk together fails, each citizen is scored alone: the one that
    fails is counted as failed (by error type only) and the others get their snapshot."""
    context, client = eager
    backend = context.backend
    whole_chunk, one_by_one = backend.suggest_many, backend.suggest
    # A citizen whose query no one else's equals, and one other.
    terms = {i: demo_query_terms(context, citizen_id=i) for i in range(1, 132)}
    shared = Counter(terms.values())
    broken = next(i for i in SOUTH[1:] if shared[terms[i]] == 1)
    fine = next(i for i in SOUTH[1:] if i != broken)
    broken_terms = terms[broken]

    def suggest_many(queries, scoring):  # type: ignore[no-untyped-def]
        if any(q.terms == broken_terms for q in queries):
            raise ValueError("a profile the scorer cannot read")
        return whole_chunk(queries, scoring)

    def suggest(query, scoring):  # type: ignore[no-untyped-def]
        if query.terms == broken_terms:
            raise ValueError("a profile the scorer cannot read")
        return one_by_one(query, scoring)

    monkeypatch.setattr(backend, "suggest_many", suggest_many)
    monkeypatch.setattr(backend, "suggest", suggest)
    run = client.post("/rerank-runs", json={}).json()
    run = client.get(f"/rerank-runs/{run['id']}").json()
    assert (run["status"], run["done"], run["failed"]) == ("failed", 130, 1)
    assert client.get(f"/citizens/{broken}/snapshot").json()["run"]["id"] == 1  # the earlier run's
    assert client.get(f"/citizens/{fine}/snapshot").json()["run"]["id"] == run["id"]
    with context.sessions() as session:
        failures = session.scalars(select(RerankFailure.error)).all()
    assert failures == ["ValueError"]


def demo_query_terms(context: AppContext, *, citizen_id: int) -> tuple[str, ...]:
    with context.sessions() as session:
        row = citizen_repository.get(session, citizen_id=citizen_id)
        assert row is not None
        profile = citizen_repository.to_domain(row)
    return context.batch.make_query(profile, 20).terms


def test_the_demo_loads_own_run_scores_the_workplaces_it_just_imported(
    eager: tuple[AppContext, TestClient],
) -> None:
    """Tasks run in-process score on this process' index, built from the store first."""
    _, client = eager
    snapshot = client.get("/citizens/1/snapshot").json()
    assert snapshot["run"]["id"] == 1
    assert snapshot["items"][0]["suggestion"]["workplace_name"] == "Genbrugsstation Vigerslev"
