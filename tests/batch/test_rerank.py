"""Batch re-ranking's steps on a real store (SQLite and PostgreSQL) and the embedded index:
a run lists its citizens once, chunks skip what is done, a chunk delivered twice leaves one
snapshot per citizen, a citizen that cannot be scored fails alone, an index that is away is
retried rather than counted, workplace edits settle before one run for the citizens near
them, and the audit log is purged past its retention."""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from api.composition.context import AppContext
from batch import rerank
from indexer.backend import BackendUnavailable
from matcher.models import Coordinates
from store import audit, reranks
from store.models import AuditRow, CitizenSnapshot, RerankFailure
from store.states import AuditAction, RunStatus, Trigger
from tests.api.payloads import citizen as citizen_body
from tests.stored import add_citizens, matchable

NORTH = Coordinates(56.15, 10.2)  # Aarhus: far outside a Copenhagen commute


def _snapshot_counts(context: AppContext, run_id: int) -> dict[int, int]:
    with context.sessions() as session:
        rows = session.execute(
            select(CitizenSnapshot.citizen_id, func.count())
            .where(CitizenSnapshot.run_id == run_id)
            .group_by(CitizenSnapshot.citizen_id)
        )
        return {citizen_id: count for citizen_id, count in rows}


def test_a_run_lists_the_active_citizens_once_in_order(context: AppContext) -> None:
    first, second = add_citizens(
        context, citizen_body(reference="JC-A"), citizen_body(reference="JC-B")
    )
    add_citizens(context, citizen_body(reference="JC-C", active=False))
    with context.sessions.begin() as session:
        everyone = rerank.create_run(session, trigger=Trigger.MANUAL)
        chosen = rerank.create_run(
            session, trigger=Trigger.CITIZEN, citizen_ids=[second, first, second], top_k=3
        )
    with context.sessions() as session:
        listed = reranks.get_run(session, run_id=everyone)
        picked = reranks.get_run(session, run_id=chosen)
        assert listed is not None and picked is not None
        assert listed.citizen_ids == [first, second]
        assert (picked.citizen_ids, picked.total, picked.top_k) == ([first, second], 2, 3)


def test_chunks_cover_only_the_citizens_not_yet_done(context: AppContext) -> None:
    ids = matchable(context, citizens=5)
    with context.sessions.begin() as session:
        run_id = rerank.create_run(session, trigger=Trigger.MANUAL, citizen_ids=ids)
    environment = context.batch
    assert rerank.rerank_chunk(environment, run_id=run_id, citizen_ids=ids[:2]) == 2
    with context.sessions.begin() as session:
        chunks = list(rerank.chunks_to_send(session, run_id=run_id, size=2))
        run = reranks.get_run(session, run_id=run_id)
        assert run is not None and run.status == RunStatus.RUNNING and run.started_at
    assert chunks == [ids[2:4], ids[4:]]


def test_a_run_with_nothing_left_is_counted_finished(context: AppContext) -> None:
    ids = matchable(context, citizens=2)
    with context.sessions.begin() as session:
        run_id = rerank.create_run(session, trigger=Trigger.MANUAL, citizen_ids=ids)
    rerank.rerank_chunk(context.batch, run_id=run_id, citizen_ids=ids)
    with context.sessions.begin() as session:
        assert list(rerank.chunks_to_send(session, run_id=run_id)) == []
    with context.sessions.begin() as session:
        run = reranks.get_run(session, run_id=run_id)
        assert run is not None and (run.status, run.done) == (RunStatus.DONE, 2)
        assert list(rerank.chunks_to_send(session, run_id=run_id)) == []
        assert list(rerank.chunks_to_send(session, run_id=run_id + 100)) == []


def test_a_chunk_delivered_twice_leaves_one_audited_snapshot_per_citizen(
    context: AppContext,
) -> None:
    ids = matchable(context, citizens=3)
    with context.sessions.begin() as session:
        run_id = rerank.create_run(session, trigger=Trigger.MANUAL, citizen_ids=ids)
    environment = context.batch
    assert rerank.rerank_chunk(environment, run_id=run_id, citizen_ids=ids) == 3
    assert rerank.rerank_chunk(environment, run_id=run_id, citizen_ids=ids) == 0
    rerank.finish_progress(context.sessions, run_id=run_id)
    assert _snapshot_counts(context, run_id) == dict.fromkeys(ids, 1)
    with context.sessions() as session:
        run = reranks.get_run(session, run_id=run_id)
        assert run is not None and (run.status, run.done) == (RunStatus.DONE, 3)
        snapshot = reranks.latest_snapshot(session, citizen_id=ids[0])
        assert snapshot is not None and snapshot.suggestions[0]["rank"] == 1
        entries = audit.for_citizen(session, citizen_id=ids[0])
    assert [(e.action, e.actor) for e in entries] == [(AuditAction.BATCH_RERANK, "system")]


def test_a_profile_that_cannot_be_queried_fails_alone_by_its_error_type(
    context: AppContext,
) -> None:
    ids = matchable(context, citizens=3)
    environment = context.batch
    make_query = environment.make_query

    def refuse_the_second(profile, top_k):  # type: ignore[no-untyped-def]
        if profile.reference == "JC-STORED-1":
            raise ValueError("JC-RR-1 has something the scorer cannot read")
        return make_query(profile, top_k)

    environment = dataclasses.replace(environment, make_query=refuse_the_second)
    with context.sessions.begin() as session:
        run_id = rerank.create_run(session, trigger=Trigger.MANUAL, citizen_ids=ids)
    assert rerank.rerank_chunk(environment, run_id=run_id, citizen_ids=ids) == 2
    rerank.finish_progress(context.sessions, run_id=run_id)
    with context.sessions() as session:
        failures = session.execute(select(RerankFailure.citizen_id, RerankFailure.error)).all()
        run = reranks.get_run(session, run_id=run_id)
    assert [tuple(f) for f in failures] == [(ids[1], "ValueError")]
    assert run is not None and (run.status, run.done, run.failed) == (RunStatus.FAILED, 2, 1)


def test_an_index_that_is_away_is_raised_for_a_retry_not_counted(context: AppContext) -> None:
    ids = matchable(context, citizens=3)
    environment = context.batch

    class Away:
        def suggest_many(self, queries, scoring):  # type: ignore[no-untyped-def]
            raise BackendUnavailable("index away")

    environment = dataclasses.replace(environment, backend=Away())  # type: ignore[arg-type]
    with context.sessions.begin() as session:
        run_id = rerank.create_run(session, trigger=Trigger.MANUAL, citizen_ids=ids)
    with pytest.raises(BackendUnavailable):
        rerank.rerank_chunk(environment, run_id=run_id, citizen_ids=ids)
    with context.sessions() as session:
        assert reranks.handled_citizen_ids(session, run_id=run_id) == set()


def test_citizens_affected_are_those_whose_commute_reaches_a_changed_place(
    context: AppContext,
) -> None:
    near, _far, unbounded = add_citizens(
        context,
        citizen_body(reference="JC-NEAR", max_commute_km=10),
        citizen_body(
            reference="JC-FAR",
            postal_code=None,
            coordinates={"lat": NORTH.lat, "lon": NORTH.lon},
            max_commute_km=10,
        ),
        citizen_body(reference="JC-ANY", max_commute_km=None),
    )
    environment = context.batch
    valby = context.matching.postal_codes["2500"]
    with context.sessions() as session:
        affected = rerank.affected_citizens(
            session, places=[(valby.lat, valby.lon)], locate=environment.locate
        )
        nowhere = rerank.affected_citizens(session, places=[], locate=environment.locate)
    assert affected == [near, unbounded]
    assert nowhere == [unbounded]


def test_workplace_edits_settle_before_one_run_for_the_citizens_near_them(
    context: AppContext,
) -> None:
    ids = matchable(context, citizens=2)
    now = dt.datetime.now(dt.UTC)
    environment = dataclasses.replace(context.batch, debounce_s=60, clock=lambda: now)
    assert rerank.run_for_workplace_changes(environment) is None  # nothing pending
    valby = context.matching.postal_codes["2500"]
    with context.sessions.begin() as session:
        reranks.add_pending(session, workplace_id=1, lat=valby.lat, lon=valby.lon)
    assert rerank.run_for_workplace_changes(environment) is None  # too recent
    later = dataclasses.replace(environment, clock=lambda: now + dt.timedelta(seconds=61))
    run_id = rerank.run_for_workplace_changes(later)
    assert run_id is not None
    with context.sessions() as session:
        run = reranks.get_run(session, run_id=run_id)
        assert run is not None and (run.trigger, run.citizen_ids) == (Trigger.WORKPLACES, ids)
    assert rerank.run_for_workplace_changes(later) is None  # the pending place was taken


def test_edits_far_from_every_citizen_make_no_run(context: AppContext) -> None:
    matchable(context, citizens=1)
    now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    environment = dataclasses.replace(context.batch, clock=lambda: now)
    with context.sessions.begin() as session:
        reranks.add_pending(session, workplace_id=1, lat=NORTH.lat, lon=NORTH.lon)
    assert rerank.run_for_workplace_changes(environment) is None
    with context.sessions() as session:
        assert reranks.newest_pending(session) is None


def test_the_audit_log_is_purged_past_its_retention(context: AppContext) -> None:
    now = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    environment = dataclasses.replace(
        context.batch, audit_retention=dt.timedelta(days=183), clock=lambda: now
    )
    with context.sessions.begin() as session:
        for days in (200, 100):
            audit.append(
                session,
                actor=audit.SYSTEM,
                citizen_ids=[42],
                action=AuditAction.READ,
                purpose="matching",
                route="/x",
                at=now - dt.timedelta(days=days),
            )
    assert rerank.purge_audit_log(environment) == 1
    with context.sessions() as session:
        left = session.scalars(select(AuditRow.at).where(AuditRow.citizen_id == 42)).all()
    assert len(left) == 1
