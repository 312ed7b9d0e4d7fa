"""Batch re-ranking: runs over many citizens, in chunks, safe to repeat.

A run lists its citizens when it is created. A chunk computes the top K suggestions of the
citizens in it that have no snapshot in the run yet and stores them, with what changed since
the citizen's previous snapshot, in one transaction: a chunk that runs twice (a redelivered
message, a worker killed half-way) leaves one snapshot per citizen and run. Dispatching a run
again sends chunks only for the citizens still missing, which is how a failed or interrupted
run is resumed.
"""

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from indexer.backend import BackendUnavailable, SearchBackend
from matcher.changes import compare_rankings
from matcher.geo import haversine_km
from matcher.models import CitizenProfile, Coordinates
from matcher.query import CitizenQuery
from matcher.scoring import ScoringContext, Suggestion
from store import audit, logins, reranks
from store import citizens as citizen_repository
from store.states import AuditAction, RunStatus, Trigger

log = logging.getLogger(__name__)

DEFAULT_TOP_K = 20
# How deep the run ranks for its allocation: the places after the first K are kept in brief
# (function, workplace, score), so a citizen whose first places are full keeps three from
# further down (benchmarks.allocation: 54 % kept three from the first 20, 81 % from 60).
ALLOCATION_DEPTH = 60
CHUNK_SIZE = 500


@dataclass
class RerankEnvironment:
    """What re-ranking needs, provided by whoever runs it (the API process or a worker)."""

    sessions: sessionmaker[Session]
    backend: SearchBackend
    make_query: Callable[[CitizenProfile, int], CitizenQuery]
    scoring: Callable[[], ScoringContext]
    refresh_index: Callable[[], None]
    locate: Callable[[CitizenProfile], Coordinates | None]
    chunk_size: int = CHUNK_SIZE
    allocation_depth: int = ALLOCATION_DEPTH
    debounce_s: float = 60.0
    audit_retention: dt.timedelta = dt.timedelta(days=183)
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_run(
    session: Session,
    *,
    trigger: Trigger,
    citizen_ids: list[int] | None = None,
    top_k: int = DEFAULT_TOP_K,
) -> int:
    """A queued run over the given citizens (default: every active citizen); not committed."""
    ids = citizen_ids if citizen_ids is not None else citizen_repository.active_ids(session)
    return reranks.create_run(
        session, trigger=trigger, citizen_ids=sorted(set(ids)), top_k=top_k
    ).id


def chunks_to_send(session: Session, *, run_id: int, size: int = CHUNK_SIZE) -> Iterator[list[int]]:
    """The run's citizens that are not handled yet, in chunks; marks the run running."""
    run = reranks.get_run(session, run_id=run_id)
    if run is None or run.status == RunStatus.DONE:
        return
    handled = reranks.handled_citizen_ids(session, run_id=run_id)
    missing = [c for c in run.citizen_ids if c not in handled]
    run.status = RunStatus.RUNNING
    run.started_at = run.started_at or _utcnow()
    if not missing:
        reranks.update_progress(session, run=run, now=_utcnow())
    for start in range(0, len(missing), size):
        yield missing[start : start + size]


def rerank_chunk(environment: RerankEnvironment, *, run_id: int, citizen_ids: list[int]) -> int:
    """Snapshot each citizen of the chunk not yet done in the run; returns how many it did.
    The caller counts the run's progress afterwards (finish_progress), once it is committed."""
    environment.refresh_index()
    context = environment.scoring()
    with environment.sessions() as session:
        run = reranks.get_run(session, run_id=run_id)
        if run is None:
            return 0
        handled = reranks.handled_citizen_ids(session, run_id=run_id, among=citizen_ids)
        # A citizen erased since the run began has left its list: skip, leaving no trace.
        listed = set(run.citizen_ids)
        todo = [c for c in citizen_ids if c not in handled and c in listed]
        depth = max(run.top_k, environment.allocation_depth)
        queries = _queries(environment, session, run_id=run_id, top_k=depth, todo=todo)
        ranked = _suggest_all(environment.backend, queries, context, session, run_id)
        _store_snapshots(session, run_id=run_id, ranked=ranked, top_k=run.top_k)
        # The batch writes citizen data: accounted for like any other access.
        audit.append(
            session,
            actor=audit.SYSTEM,
            citizen_ids=list(ranked),
            action=AuditAction.BATCH_RERANK,
            purpose="matching",
            route="task matcher.rerank.chunk",
        )
        done = len(ranked)
        try:
            session.commit()
        except IntegrityError:
            # Another delivery of this chunk committed first: its snapshots stand.
            session.rollback()
            return 0
    return done


def _queries(
    environment: RerankEnvironment, session: Session, *, run_id: int, top_k: int, todo: list[int]
) -> dict[int, CitizenQuery]:
    """The query of each citizen still there; a profile that cannot be made one is recorded
    as the run's failure."""
    rows = citizen_repository.get_many(session, citizen_ids=todo)
    queries: dict[int, CitizenQuery] = {}
    for citizen_id in todo:
        row = rows.get(citizen_id)
        if row is None:  # erased while the chunk was on its way
            continue
        try:
            queries[citizen_id] = environment.make_query(citizen_repository.to_domain(row), top_k)
        except Exception as exc:
            _record_failure(session, run_id=run_id, citizen_id=citizen_id, exc=exc)
    return queries


def _store_snapshots(
    session: Session, *, run_id: int, ranked: dict[int, list[Suggestion]], top_k: int
) -> None:
    """Each citizen's first K suggestions, with what changed since the citizen's previous
    snapshot, and the places after them in brief (the allocation's reserve)."""
    previous = reranks.previous_rankings(session, citizen_ids=list(ranked), before_run_id=run_id)
    for citizen_id, suggestions in ranked.items():
        documents = [_document(rank, s) for rank, s in enumerate(suggestions[:top_k], start=1)]
        changes = compare_rankings(previous.get(citizen_id), [s["function_id"] for s in documents])
        reranks.add_snapshot(
            session,
            run_id=run_id,
            citizen_id=citizen_id,
            suggestions=documents,
            changes=dataclasses.asdict(changes),
            reserve=[
                {"function_id": s.function_id, "workplace_id": s.workplace_id, "score": s.score}
                for s in suggestions[top_k:]
            ],
        )


def _suggest_all(
    backend: SearchBackend,
    queries: dict[int, CitizenQuery],
    context: ScoringContext,
    session: Session,
    run_id: int,
) -> dict[int, list[Suggestion]]:
    """The chunk's citizens scored together. Should that fail for a reason other than the
    index being away (which the task retries), each citizen is scored alone, so one
    citizen's failure is recorded as theirs and the others still get their snapshot."""
    ids = list(queries)
    try:
        return dict(zip(ids, backend.suggest_many(list(queries.values()), context), strict=True))
    except BackendUnavailable:
        raise
    except Exception:
        log.warning("scoring a chunk together failed; scoring its citizens one at a time")
    ranked = {}
    for citizen_id, query in queries.items():
        try:
            ranked[citizen_id] = backend.suggest(query, context)
        except BackendUnavailable:
            raise
        except Exception as exc:
            _record_failure(session, run_id=run_id, citizen_id=citizen_id, exc=exc)
    return ranked


def _record_failure(session: Session, *, run_id: int, citizen_id: int, exc: Exception) -> None:
    # The message names the error's type only: an exception's text could hold profile data.
    log.warning("re-ranking citizen %d failed: %s", citizen_id, type(exc).__name__)
    reranks.add_failure(session, run_id=run_id, citizen_id=citizen_id, error=type(exc).__name__)


def _document(rank: int, suggestion: Suggestion) -> dict[str, Any]:
    return {"rank": rank, **suggestion.document()}


def finish_progress(sessions: sessionmaker[Session], *, run_id: int) -> None:
    with sessions() as session:
        run = reranks.get_run(session, run_id=run_id)
        if run is not None:
            reranks.update_progress(session, run=run, now=_utcnow())
            session.commit()


def affected_citizens(
    session: Session,
    *,
    places: list[tuple[float, float]],
    locate: Callable[[CitizenProfile], Coordinates | None],
) -> list[int]:
    """Active citizens who could see a change at these places: those whose commute radius
    covers one of them, and those with no radius or no known home."""
    affected = []
    for row in citizen_repository.iter_active(session):
        profile = citizen_repository.to_domain(row)
        home = locate(profile)
        radius = profile.max_commute_km
        if (
            home is None
            or radius is None
            or any(haversine_km(home.lat, home.lon, lat, lon) <= radius for lat, lon in places)
        ):
            affected.append(row.id)
    return affected


def run_for_workplace_changes(environment: RerankEnvironment) -> int | None:
    """After a burst of workplace edits has settled, one run for the citizens they affect.

    Every edit sends this with a countdown of the debounce time; while newer edits keep
    coming it does nothing, and the message sent after the last edit does the work once.
    Returns the new run's id, if it made one."""
    with environment.sessions() as session:
        newest = reranks.newest_pending(session)
        if newest is None:
            return None
        if newest.tzinfo is None:  # SQLite returns naive datetimes
            newest = newest.replace(tzinfo=dt.UTC)
        if (environment.clock() - newest).total_seconds() < environment.debounce_s:
            return None
        places = reranks.take_pending(session)
        citizen_ids = affected_citizens(session, places=places, locate=environment.locate)
        if not citizen_ids:
            session.commit()
            return None
        run_id = create_run(session, trigger=Trigger.WORKPLACES, citizen_ids=citizen_ids)
        session.commit()
    return run_id


# Failed log-ins older than this no longer count towards a lock-out, and are forgotten.
LOGIN_FAILURES_KEPT = dt.timedelta(days=1)


def purge_audit_log(environment: RerankEnvironment) -> int:
    """Remove audit entries past the retention period (returns how many), and failed log-ins
    (and lock-outs) that ended more than a day ago."""
    now = environment.clock()
    with environment.sessions() as session:
        removed = audit.purge_before(session, cutoff=now - environment.audit_retention)
        forgotten = logins.forget_before(session, cutoff=now - LOGIN_FAILURES_KEPT)
        session.commit()
    log.info(
        "audit log: %d entries past the retention period removed; %d old log-in failures forgotten",
        removed,
        forgotten,
    )
    return removed
