"""The Celery app of a process: broker from settings, delivery guarantees, the nightly
schedule. (The worker's process, with its signals, is api.serving.worker.)"""

from celery import Celery
from celery.schedules import crontab

from api.composition.settings import Settings
from store.states import Trigger


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
                "kwargs": {"trigger": str(Trigger.NIGHTLY)},
            },
            "weekly-training": {
                "task": "matcher.learning.train",
                "schedule": crontab(day_of_week="sunday", hour=4, minute=0),
            },
            "daily-audit-purge": {
                "task": "matcher.audit.purge",
                "schedule": crontab(hour=3, minute=15),
            },
        },
    )
    app.autodiscover_tasks(["indexer"], related_name="tasks")
    return app
