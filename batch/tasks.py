"""Celery tasks for batch re-ranking. The Celery app and its settings live in api.serving.queue;
these tasks take ids, reload what they need, and are harmless when run twice."""

from celery import shared_task
from sqlalchemy.exc import OperationalError

from batch.allocate import allocate_run
from batch.rerank import (
    RerankEnvironment,
    chunks_to_send,
    create_run,
    finish_progress,
    purge_audit_log,
    rerank_chunk,
    run_for_workplace_changes,
)
from batch.retraining import train
from indexer.backend import BackendUnavailable
from store.audit import SYSTEM
from store.states import Trigger

_environment: RerankEnvironment | None = None

# Retried: the database or the index not answering for a moment. Capped, with backoff.
_RETRY = {
    "autoretry_for": (OperationalError, BackendUnavailable),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
    # Acknowledge after the work is done, and give the message back when the worker dies.
    "acks_late": True,
    "reject_on_worker_lost": True,
}


def configure(environment: RerankEnvironment) -> None:
    """Give the tasks their environment (set by the process that runs them)."""
    global _environment
    _environment = environment


def environment() -> RerankEnvironment:
    if _environment is None:
        raise RuntimeError("batch.tasks.configure() was not called in this process")
    return _environment


@shared_task(name="matcher.rerank.run", **_RETRY)
def rerank_run(run_id: int) -> int:
    """Send a chunk task for every citizen of the run without a snapshot; returns how many.
    A run with every citizen ranked is finished here: counted and allocated (a process that
    died between the two left it ranked but not allocated)."""
    env = environment()
    with env.sessions() as session:
        chunks = list(chunks_to_send(session, run_id=run_id, size=env.chunk_size))
        session.commit()
    if not chunks:
        _finish(env, run_id)
    for chunk in chunks:  # sent after the commit
        rerank_chunk_task.delay(run_id, chunk)
    return sum(len(c) for c in chunks)


@shared_task(name="matcher.rerank.chunk", **_RETRY)
def rerank_chunk_task(run_id: int, citizen_ids: list[int]) -> int:
    env = environment()
    done = rerank_chunk(env, run_id=run_id, citizen_ids=citizen_ids)
    _finish(env, run_id)
    return done


def _finish(env: RerankEnvironment, run_id: int) -> None:
    """Count the run's progress; once every citizen is done, spread its first places."""
    finish_progress(env.sessions, run_id=run_id)
    allocate_run(env, run_id=run_id, today=env.scoring().on)


@shared_task(name="matcher.rerank.citizen", **_RETRY)
def rerank_citizen(citizen_id: int) -> int:
    """Re-rank one citizen now, as a run of one."""
    env = environment()
    with env.sessions() as session:
        run_id = create_run(session, trigger=Trigger.CITIZEN, citizen_ids=[citizen_id])
        session.commit()
    rerank_chunk(env, run_id=run_id, citizen_ids=[citizen_id])
    _finish(env, run_id)
    return run_id


@shared_task(name="matcher.rerank.all", **_RETRY)
def rerank_all(trigger: str = Trigger.NIGHTLY) -> int:
    """Re-rank every active citizen (the nightly schedule sends this)."""
    env = environment()
    with env.sessions() as session:
        run_id = create_run(session, trigger=Trigger(trigger))
        session.commit()
    rerank_run.delay(run_id)
    return run_id


@shared_task(name="matcher.rerank.workplaces_changed", **_RETRY)
def workplaces_changed() -> int | None:
    """Debounced: one run for the citizens a settled burst of workplace edits affects."""
    run_id = run_for_workplace_changes(environment())
    if run_id is not None:
        rerank_run.delay(run_id)
    return run_id


@shared_task(name="matcher.audit.purge", **_RETRY)
def purge_audit() -> int:
    """Remove audit entries older than the retention period (the daily schedule sends this)."""
    return purge_audit_log(environment())


@shared_task(name="matcher.learning.train", **_RETRY)
def train_ranking() -> int:
    """Train a learned ranking from the outcomes so far; it ranks when it may (weekly)."""
    return train(environment(), actor=SYSTEM, route="task matcher.learning.train").id
