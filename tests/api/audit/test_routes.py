"""Every access to citizen data is recorded with who, when, which citizen, what and why; an
admin exports one citizen's look-ups; old entries are purged; erasure leaves only the log."""

import datetime as dt
import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.composition import demo
from api.composition.context import AppContext
from api.composition.wiring import create_context
from batch.rerank import purge_audit_log, rerank_chunk
from fixtures.generate import DATA_DIR
from store import audit as audit_repository
from store import reranks
from store.models import AuditRow, CitizenSnapshot, RerankRun
from tests.api import payloads
from tests.auth import ADMIN, CONSULTANT, OTHER_CONSULTANT, signed_in
from tests.conftest import make_settings


@pytest.fixture
def world(tmp_path) -> Iterator[tuple[AppContext, FastAPI]]:  # type: ignore[no-untyped-def]
    settings = make_settings(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)
    context = create_context(settings.model_copy(update={"tasks_eager": True}))
    demo.load_demo(context, DATA_DIR)  # its balance import runs the first batch (eager)
    context.freshness.rebuild()
    yield context, create_app(context)
    context.close()


def entries(context: AppContext, citizen_id: int | None = None) -> list[AuditRow]:
    with context.sessions() as session:
        query = select(AuditRow).order_by(AuditRow.id)
        if citizen_id is not None:
            query = query.where(AuditRow.citizen_id == citizen_id)
        return list(session.scalars(query))


def test_each_access_path_is_recorded(world: tuple[AppContext, FastAPI]) -> None:
    context, app = world
    before = len(entries(context))
    with signed_in(app, CONSULTANT) as consultant:
        created = consultant.post(
            "/citizens", json=payloads.citizen(), params={"purpose": "case_work"}
        ).json()
        citizen_id = created["id"]
        calls = [
            (
                "list",
                lambda: consultant.get("/citizens", params={"purpose": "matching", "limit": 200}),
            ),
            (
                "read",
                lambda: consultant.get(f"/citizens/{citizen_id}", params={"purpose": "follow_up"}),
            ),
            (
                "update",
                lambda: consultant.put(
                    f"/citizens/{citizen_id}", json=consultant.get(f"/citizens/{citizen_id}").json()
                ),
            ),
            (
                "suggest",
                lambda: consultant.get(
                    f"/citizens/{citizen_id}/suggestions", params={"purpose": "matching"}
                ),
            ),
            (
                "suggest_unsaved",
                lambda: consultant.post(
                    "/suggestions",
                    json={"profile": payloads.citizen()},
                    params={"purpose": "matching"},
                ),
            ),
            (
                "read_snapshot",
                lambda: consultant.get("/citizens/1/snapshot", params={"purpose": "matching"}),
            ),
        ]
        for action, call in calls:
            response = call()
            assert response.status_code == 200, (action, response.text)
    recorded = entries(context)[before:]
    actions = [e.action for e in recorded]
    for action in (
        "create",
        "list",
        "read",
        "update",
        "suggest",
        "suggest_unsaved",
        "read_snapshot",
    ):
        assert action in actions, action
    mine = [e for e in recorded if e.citizen_id == citizen_id]
    assert {e.action for e in mine} >= {"create", "list", "read", "update", "suggest"}
    assert all(
        (e.actor, e.role, e.team) == (CONSULTANT, "consultant", "jobcenter-syd") for e in recorded
    )
    by_action: dict[str, AuditRow] = {}
    for entry in mine:  # the first of each action
        by_action.setdefault(entry.action, entry)
    assert by_action["read"].purpose == "follow_up"
    assert by_action["suggest"].purpose == "matching"
    assert by_action["suggest"].route == "GET /citizens/{citizen_id}/suggestions"
    unsaved = next(e for e in recorded if e.action == "suggest_unsaved")
    assert unsaved.citizen_id is None
    # The list wrote one entry per citizen it showed, all of the team.
    listed = [e.citizen_id for e in recorded if e.action == "list"]
    assert citizen_id in listed and 1 in listed


def test_a_batch_run_records_each_citizen_it_snapshots(world: tuple[AppContext, FastAPI]) -> None:
    context, _ = world
    batch = [e for e in entries(context) if e.action == "batch_rerank"]
    assert len(batch) == 131  # the demo load's run
    assert {(e.actor, e.role, e.purpose) for e in batch} == {("system", "system", "matching")}


def test_a_read_without_a_known_purpose_is_refused_and_not_recorded(
    world: tuple[AppContext, FastAPI],
) -> None:
    context, app = world
    before = len(entries(context))
    with TestClient(app) as bare:
        token = bare.post(
            "/auth/token", data={"username": CONSULTANT, "password": "demo-konsulent-syd"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        missing = bare.get("/citizens/1", headers=headers)
        assert missing.status_code == 422
        assert missing.json()["detail"][0]["field"] == "purpose"
        unknown = bare.get("/citizens/1", headers=headers, params={"purpose": "curiosity"})
        assert unknown.status_code == 422
        assert "unknown purpose 'curiosity'" in unknown.json()["detail"][0]["reason"]
        assert bare.get("/purposes", headers=headers).json()["matching"] == "Match til virksomhed"
    assert len(entries(context)) == before


def test_the_admin_exports_one_citizens_look_ups(world: tuple[AppContext, FastAPI]) -> None:
    _context, app = world
    with signed_in(app, CONSULTANT) as consultant:
        consultant.get("/citizens/1", params={"purpose": "follow_up"})
        consultant.get("/citizens/2")
    with signed_in(app, ADMIN) as admin:
        exported = admin.get("/audit/citizens/1")
        assert exported.status_code == 200
        rows = exported.json()
        assert {r["citizen_id"] for r in rows} == {1}
        # Created by the demo load's import, re-ranked by its batch run, read by the consultant.
        assert [r["action"] for r in rows] == ["create", "batch_rerank", "read"]
        assert rows[0]["route"] == "cli matcher import citizens"
        assert rows[2]["actor"] == CONSULTANT and rows[2]["purpose"] == "follow_up"
        again = admin.get("/audit/citizens/1").json()
    # The export itself is a look-up, and is recorded.
    assert again[-1]["action"] == "export_audit" and again[-1]["actor"] == ADMIN
    with signed_in(app, CONSULTANT) as consultant:
        assert consultant.get("/audit/citizens/1").status_code == 403


def test_entries_past_the_retention_period_are_purged(world: tuple[AppContext, FastAPI]) -> None:
    context, _ = world
    now = dt.datetime.now(dt.UTC)
    with context.sessions() as session:
        for days in (200, 190, 10):
            audit_repository.append(
                session,
                actor=audit_repository.SYSTEM,
                citizen_ids=[1],
                action="read",
                purpose="case_work",
                route="test",
                at=now - dt.timedelta(days=days),
            )
        session.commit()
    environment = context.batch
    assert environment.audit_retention == dt.timedelta(days=183)
    assert purge_audit_log(environment) == 2
    ages = sorted((now - e.at.replace(tzinfo=dt.UTC)).days for e in entries(context, 1))
    assert ages and max(ages) < 183
    # The purge is a scheduled task of the worker, every day.
    from api.serving.worker import app as celery

    assert celery.conf.beat_schedule["daily-audit-purge"]["task"] == "matcher.audit.purge"
    assert "matcher.audit.purge" in celery.tasks


def test_erasing_a_citizen_leaves_only_audit_entries(world: tuple[AppContext, FastAPI]) -> None:
    context, app = world
    with signed_in(app, CONSULTANT) as consultant:
        assert consultant.get("/citizens/1/snapshot").status_code == 200
        run = consultant.post("/rerank-runs", json={})  # consultants may not start runs
        assert run.status_code == 403
    with signed_in(app, ADMIN) as admin:
        second = admin.post("/rerank-runs", json={}).json()
    with context.sessions() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(CitizenSnapshot)
                .where(CitizenSnapshot.citizen_id == 1)
            )
            == 2
        )
    with signed_in(app, OTHER_CONSULTANT) as other:
        assert other.delete("/citizens/1").status_code == 404  # not theirs: as if missing
    with signed_in(app, CONSULTANT) as consultant:
        assert consultant.delete("/citizens/1").status_code == 204
        assert consultant.get("/citizens/1").status_code == 404
        assert consultant.get("/citizens/1/snapshot").status_code == 404
        listed = consultant.get("/citizens", params={"q": "JC-2026-VALBY"}).json()
        assert listed["total"] == 0
    with context.sessions() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(CitizenSnapshot)
                .where(CitizenSnapshot.citizen_id == 1)
            )
            == 0
        )
        for run in session.scalars(select(RerankRun)):
            assert 1 not in run.citizen_ids
            assert run.total == len(run.citizen_ids) == run.done + run.failed
        # A chunk message still on its way for the erased citizen leaves no trace.
        assert reranks.handled_citizen_ids(session, run_id=second["id"], among=[1]) == set()
    assert rerank_chunk(context.batch, run_id=second["id"], citizen_ids=[1]) == 0
    with context.sessions() as session:
        assert reranks.handled_citizen_ids(session, run_id=second["id"], among=[1]) == set()
    kept = entries(context, 1)
    assert kept and kept[-1].action == "erase" and kept[-1].actor == CONSULTANT


def test_logs_never_hold_profile_contents(
    world: tuple[AppContext, FastAPI], caplog: pytest.LogCaptureFixture
) -> None:
    _, app = world
    secret_words = ["Hemmeligvejsgade", "glasblæsning", "JC-SECRET-77"]
    body = payloads.citizen(
        reference=secret_words[2],
        skills=[secret_words[1]],
        experience=[{"title": "Glaspuster", "description": secret_words[0]}],
    )
    caplog.set_level(logging.DEBUG)
    with signed_in(app, CONSULTANT) as consultant:
        created = consultant.post("/citizens", json=body).json()
        consultant.get(f"/citizens/{created['id']}/suggestions")
        consultant.post("/suggestions", json={"profile": body})
        consultant.get("/citizens", params={"q": secret_words[2]})
        bad = dict(body, weekly_hours={"min": 30, "max": 2})
        assert (
            consultant.put(f"/citizens/{created['id']}", json={**bad, "version": 1}).status_code
            == 422
        )
        assert consultant.delete(f"/citizens/{created['id']}").status_code == 204
    # The test client logs its own requests (with their query strings): not the service.
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    for word in secret_words:
        assert word not in logged


def test_an_erased_citizens_id_is_never_given_to_a_new_one(context: AppContext) -> None:
    """Else the new citizen's access-request export would list the erased one's look-ups
    (SQLite hands out the highest id plus one, the just-erased citizen's)."""
    app = create_app(context)
    with signed_in(app, CONSULTANT) as consultant:
        first = consultant.post("/citizens", json=payloads.citizen(reference="JC-FOERSTE")).json()
        consultant.get(f"/citizens/{first['id']}")
        assert consultant.delete(f"/citizens/{first['id']}").status_code == 204
        second = consultant.post("/citizens", json=payloads.citizen(reference="JC-ANDEN")).json()
    assert second["id"] != first["id"]
    with signed_in(app, ADMIN) as admin:
        trail = admin.get(f"/audit/citizens/{second['id']}").json()
    assert [entry["action"] for entry in trail] == ["create"]
