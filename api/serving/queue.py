"""The Celery app of a process: broker from settings, delivery guarantees, the nightly
schedule. (The worker's process, with its signals, is api.serving.worker.)"""

from celery import Celery
from celery.schedules import crontab

import batch.tasks
from api.composition.settings import Settings
from batch.rerank import RerankEnvironment
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
    app.autodiscover_tasks(["batch"], related_name="tasks")
    return app


class TaskQueue:
    """The Celery app a serving process or command sends tasks through, made when first
    asked. With eager execution the tasks run in this process, with this process' batch
    environment."""

    def __init__(self, settings: Settings, environment: RerankEnvironment) -> None:
        self.settings, self.environment = settings, environment
        self._app: Celery | None = None

    def app(self) -> Celery:
        """The app, made current so tasks send through it."""
        if self._app is None:
            self._app = create_celery(self.settings)
        self._app.set_current()
        if self.settings.tasks_eager:
            batch.tasks.configure(self.environment)
        return self._app
