"""The Celery app: broker from settings, delivery guarantees, the nightly schedule.

    celery -A api.serving.worker worker      # or: matcher worker
    celery -A api.serving.worker beat        # the nightly schedule

The embedded default needs no broker to install: Celery's SQLAlchemy transport keeps the
queue in a SQLite file beside the store (docs/operations/batch.md).
"""

from celery.signals import worker_process_init, worker_ready

import batch.tasks
from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from api.serving.queue import create_celery
from store import reranks

app = create_celery(Settings())
_worker_context: AppContext | None = None


@worker_ready.connect
def _resume_unfinished_runs(sender: object = None, **_kwargs: object) -> None:
    """Runs a stopped or killed worker left unfinished are sent again; the citizens they
    already snapshotted are skipped, so nothing is done twice."""
    context = create_context(Settings(), migrate=False, serves_index=False)
    try:
        with context.sessions() as session:
            run_ids = [run.id for run in reranks.unfinished_runs(session)]
    finally:
        context.close()
    for run_id in run_ids:
        app.tasks["matcher.rerank.run"].delay(run_id)


@worker_process_init.connect
def _open_worker_context(**_kwargs: object) -> None:
    """Each worker process opens the store and its index once, and keeps the index current."""
    global _worker_context
    _worker_context = create_context(Settings(), migrate=False, serves_index=False)
    context = _worker_context
    batch.tasks.configure(context.batch)
