"""The Celery app: broker from settings, delivery guarantees, the nightly schedule.

    celery -A api.worker worker      # or: matcher worker
    celery -A api.worker beat        # the nightly schedule

The embedded default needs no broker to install: Celery's SQLAlchemy transport keeps the
queue in a SQLite file beside the store (see README, "Batch re-ranking").
"""

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init, worker_ready

import indexer.tasks
from api.context import AppContext, create_context
from api.settings import Settings
from store import reranks


def _transport_options(broker: str) -> dict[str, object]:
    if broker.startswith(("redis://", "rediss://")):
        # A message not acknowledged within this time is delivered again.
        return {"visibility_timeout": 3600}
    # The SQLAlchemy transport hands its options to create_engine: none to give.
    return {}


def create_celery(settings: Settings) -> Celery:
    if settings.broker_url is None:  # the embedded broker's SQLite file lives in data_dir
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = Celery("matcher", broker=settings.broker)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_always_eager=settings.tasks_eager,
        task_eager_propagates=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options=_transport_options(settings.broker),
        timezone="Europe/Copenhagen",
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
        beat_schedule={
            "nightly-rerank": {
                "task": "matcher.rerank.all",
                "schedule": crontab(hour=2, minute=30),
                "kwargs": {"trigger": "nightly"},
            },
            "daily-audit-purge": {
                "task": "matcher.audit.purge",
                "schedule": crontab(hour=3, minute=15),
            },
        },
    )
    app.autodiscover_tasks(["indexer"], related_name="tasks")
    return app


app = create_celery(Settings())
_worker_context: AppContext | None = None


@worker_ready.connect
def _resume_unfinished_runs(sender: object = None, **_kwargs: object) -> None:
    """Runs a stopped or killed worker left unfinished are sent again; the citizens they
    already snapshotted are skipped, so nothing is done twice."""
    context = create_context(Settings(), migrate=False)
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
    _worker_context = create_context(Settings(), migrate=False)
    context = _worker_context
    indexer.tasks.configure(lambda: context.rerank_environment(refresh_index=True))
