"""A process's Celery app: delivery that survives a worker dying (late acknowledgement, one
message at a time), Redis redelivering an unacknowledged message after an hour, the embedded
broker's file in the data folder, the nightly and daily schedules, and a process' queue made
once, running its tasks in the process when eager."""

from pathlib import Path
from typing import cast

import pytest
from celery import current_app
from celery.schedules import crontab

import batch.tasks
from api.composition.settings import Settings
from api.serving.queue import TaskQueue, create_celery
from batch.rerank import RerankEnvironment


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(environment="test", data_dir=tmp_path / "data", **overrides)  # type: ignore[arg-type]


def test_the_embedded_broker_is_a_file_in_the_data_folder(tmp_path: Path) -> None:
    app = create_celery(_settings(tmp_path))
    assert app.conf.broker_url == f"sqla+sqlite:///{(tmp_path / 'data' / 'broker.sqlite3')}"
    assert (tmp_path / "data").is_dir()
    assert app.conf.broker_transport_options == {}


def test_redis_redelivers_what_a_worker_did_not_acknowledge(tmp_path: Path) -> None:
    app = create_celery(_settings(tmp_path, broker_url="redis://127.0.0.1:6379/0"))
    assert app.conf.broker_transport_options == {"visibility_timeout": 3600}
    assert not (tmp_path / "data").exists()  # no broker file to make


def test_a_message_is_acknowledged_after_the_work_one_at_a_time(tmp_path: Path) -> None:
    conf = create_celery(_settings(tmp_path)).conf
    assert (conf.task_acks_late, conf.task_reject_on_worker_lost) == (True, True)
    assert conf.worker_prefetch_multiplier == 1
    assert not conf.task_always_eager
    assert create_celery(_settings(tmp_path, tasks_eager=True)).conf.task_always_eager


def test_the_schedules_rerank_nightly_purge_daily_and_train_weekly(tmp_path: Path) -> None:
    app = create_celery(_settings(tmp_path))
    schedule = app.conf.beat_schedule
    assert schedule["nightly-rerank"]["task"] == "matcher.rerank.all"
    assert schedule["nightly-rerank"]["schedule"] == crontab(hour=2, minute=30)
    assert schedule["nightly-rerank"]["kwargs"] == {"trigger": "nightly"}
    assert schedule["daily-audit-purge"]["task"] == "matcher.audit.purge"
    assert schedule["weekly-training"]["task"] == "matcher.learning.train"
    assert schedule["weekly-training"]["schedule"] == crontab(
        day_of_week="sunday", hour=4, minute=0
    )
    assert app.conf.timezone == "Europe/Copenhagen"
    app.loader.import_default_modules()
    assert {"matcher.rerank.all", "matcher.audit.purge", "matcher.learning.train"} <= set(app.tasks)


def test_a_queue_makes_its_app_once_and_an_eager_one_runs_tasks_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch.tasks, "_environment", None)
    environment = cast(RerankEnvironment, object())
    queue = TaskQueue(_settings(tmp_path), environment)
    app = queue.app()
    assert queue.app() is app and current_app._get_current_object() is app
    with pytest.raises(RuntimeError, match="not called"):
        batch.tasks.environment()  # a queue that sends tasks elsewhere leaves them unconfigured
    TaskQueue(_settings(tmp_path, tasks_eager=True), environment).app()
    assert batch.tasks.environment() is environment
