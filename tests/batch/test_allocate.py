"""A finished run spreads its first places over the workplaces: no workplace in more first
places than the enquiries it can still take this month, every citizen keeping three where
that is possible; the figures are kept on the run and shown with it."""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import null, update

import batch.tasks
from api.app import create_app
from api.balance import service as balance
from api.composition.context import AppContext
from api.composition.wiring import create_context
from batch.allocate import allocate_run, room_this_month
from batch.rerank import create_run
from fixtures.generate import DATA_DIR
from matcher.allocation import Figures
from store.models import RerankRun
from store.states import Trigger
from tests.api import payloads
from tests.auth import StaffClient, ensure_users
from tests.conftest import make_settings


@pytest.fixture
def eager(database_url: str, tmp_path: Path) -> Iterator[tuple[AppContext, TestClient]]:
    """An empty store whose batch runs run in-process."""
    settings = make_settings(database_url, tmp_path).model_copy(update={"tasks_eager": True})
    context = create_context(settings)
    with (DATA_DIR / "balance.csv").open(encoding="utf-8") as handle:
        balance.import_balance(context, handle)
    ensure_users(context)
    context.freshness.rebuild()
    with StaffClient(create_app(context)) as client:
        yield context, client
    context.close()


def _workplace(client: TestClient, name: str, **changes: Any) -> dict[str, Any]:
    answer = client.post("/workplaces", json=payloads.workplace(name=name, **changes))
    assert answer.status_code == 201, answer.text
    return answer.json()


def _best_workplace(client: TestClient) -> dict[str, Any]:
    """A workplace everyone's first choice (its record is perfect) that takes one enquiry."""
    return _workplace(
        client,
        "Den bedste",
        monthly_enquiries=1,
        record={"placements": 20, "good_outcomes": 20, "paid_hours_outcomes": 20},
    )


def test_a_workplace_everyone_wants_appears_in_as_many_lists_as_it_accepts(
    eager: tuple[AppContext, TestClient],
) -> None:
    _, client = eager
    best = _best_workplace(client)
    others = [_workplace(client, f"Genbrug {n}", monthly_enquiries=20) for n in range(5)]
    citizens = [
        client.post("/citizens", json=payloads.citizen(reference=f"JC-ALLOC-{n}")).json()
        for n in range(3)
    ]
    run = client.post("/rerank-runs", json={}).json()
    done = client.get(f"/rerank-runs/{run['id']}").json()
    figures = done["allocation"]
    assert figures is not None, done
    assert (figures["over_capacity_before"], figures["over_capacity_after"]) == (1, 0)
    assert figures["three_or_more_after"] == 1.0
    assert figures["score_lost_share"] > 0
    assert figures["gini_after"] < figures["gini_before"]

    snapshots = [client.get(f"/citizens/{c['id']}/snapshot").json() for c in citizens]
    best_function = best["functions"][0]["id"]
    for snapshot in snapshots:
        ranked = [i["suggestion"]["function_id"] for i in snapshot["items"]]
        assert ranked[0] == best_function  # everyone's first choice
        assert len(snapshot["shown"]) == 5
        assert snapshot["shown"] == [f for f in ranked if f in snapshot["shown"]]  # rank order
    assert sum(best_function in s["shown"] for s in snapshots) == 1
    assert {o["functions"][0]["id"] for o in others} <= {f for s in snapshots for f in s["shown"]}


def test_contacts_made_this_month_use_up_the_room(eager: tuple[AppContext, TestClient]) -> None:
    context, client = eager
    workplace = _workplace(client, "Lille sted", monthly_enquiries=2)
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    for _ in range(2):
        made = client.post(
            f"/citizens/{citizen['id']}/placements", json={"workplace_id": workplace["id"]}
        )
        assert made.status_code == 201
    with context.sessions() as session:
        assert room_this_month(session, today=context.matching.today())[workplace["id"]] == 0


def test_allocating_again_changes_nothing(eager: tuple[AppContext, TestClient]) -> None:
    context, client = eager
    _workplace(client, "Et sted")
    client.post("/citizens", json=payloads.citizen())
    run = client.post("/rerank-runs", json={}).json()
    before = client.get(f"/rerank-runs/{run['id']}").json()["allocation"]
    assert allocate_run(context.batch, run_id=run["id"], today=context.matching.today()) is None
    assert client.get(f"/rerank-runs/{run['id']}").json()["allocation"] == before


def test_a_run_of_one_citizen_fits_in_what_the_others_lists_leave(
    eager: tuple[AppContext, TestClient],
) -> None:
    _, client = eager
    best = _best_workplace(client)
    for n in range(5):
        _workplace(client, f"Genbrug {n}", monthly_enquiries=20)
    best_function = best["functions"][0]["id"]
    first = client.post("/citizens", json=payloads.citizen(reference="JC-ALLOC-0")).json()
    client.post("/rerank-runs", json={})
    assert best_function in client.get(f"/citizens/{first['id']}/snapshot").json()["shown"]

    later = client.post("/citizens", json=payloads.citizen(reference="JC-ALLOC-1")).json()
    run_id = batch.tasks.rerank_citizen.delay(later["id"]).get()
    snapshot = client.get(f"/citizens/{later['id']}/snapshot").json()
    assert snapshot["items"][0]["suggestion"]["function_id"] == best_function
    assert best_function not in snapshot["shown"] and len(snapshot["shown"]) == 5
    figures = client.get(f"/rerank-runs/{run_id}").json()["allocation"]
    assert (figures["citizens"], figures["over_capacity_before"]) == (1, 1)
    # the first citizen keeps the place
    assert best_function in client.get(f"/citizens/{first['id']}/snapshot").json()["shown"]


def test_a_place_shown_from_past_the_runs_list_gets_its_suggestion(
    eager: tuple[AppContext, TestClient],
) -> None:
    context, client = eager
    for n in range(6):
        _workplace(client, f"Genbrug {n}", monthly_enquiries=20)
    citizen = client.post("/citizens", json=payloads.citizen()).json()
    with context.sessions.begin() as session:  # a run that keeps each citizen's first 2
        run_id = create_run(session, trigger=Trigger.MANUAL, citizen_ids=[citizen["id"]], top_k=2)
    batch.tasks.rerank_run.delay(run_id).get()
    snapshot = client.get(f"/citizens/{citizen['id']}/snapshot").json()
    assert snapshot["run"]["id"] == run_id and len(snapshot["shown"]) == 5
    items = snapshot["items"]
    assert [i["suggestion"]["function_id"] for i in items] == snapshot["shown"]
    assert [i["rank"] for i in items] == [1, 2, 3, 4, 5]
    assert [i["previous_rank"] for i in items[2:]] == [None, None, None]
    live = client.get(f"/citizens/{citizen['id']}/suggestions").json()["items"]
    assert [s["function_id"] for s in live[:5]] == snapshot["shown"]
    for shown, item in zip(live, items, strict=False):
        assert item["suggestion"]["score"] == pytest.approx(shown["score"], abs=1e-3)


def test_two_hosts_finishing_a_run_together_allocate_it_once(
    eager: tuple[AppContext, TestClient],
) -> None:
    """The last chunks of a run can finish on two hosts at the same moment: only one of them
    allocates; the other finds the run allocated when it would write, and its writes are
    rolled back."""
    context, client = eager
    _workplace(client, "Et sted")
    client.post("/citizens", json=payloads.citizen())
    run_id = client.post("/rerank-runs", json={}).json()["id"]
    with context.sessions() as session:  # finished, not yet allocated
        session.execute(update(RerankRun).where(RerankRun.id == run_id).values(allocation=null()))
        session.commit()
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def finish() -> None:
        start.wait()
        outcomes.append(allocate_run(context.batch, run_id=run_id, today=context.matching.today()))

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    allocated = [outcome for outcome in outcomes if isinstance(outcome, Figures)]
    assert len(outcomes) == 2 and len(allocated) == 1, outcomes
    kept = client.get(f"/rerank-runs/{run_id}").json()["allocation"]
    assert kept["citizens"] == allocated[0].citizens == 1
