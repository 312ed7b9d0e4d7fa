"""Real Celery worker processes on the embedded broker (SQLAlchemy/SQLite) and on Redis."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.composition import demo
from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from api.reranks.service import get_run, start_run
from api.shared.unit import unit_of_work
from batch.rerank import create_run
from fixtures.generate import DATA_DIR
from store import reranks
from store.models import CitizenSnapshot
from store.states import Trigger
from tests.net import redis_server
from tests.postgres import reset_schema

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlalchemy", pytest.param("redis", marks=pytest.mark.servers)])
def broker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlalchemy":
        yield f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
        return
    with redis_server() as url:
        yield url


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.1)


class Worker:
    """`celery -A api.serving.worker worker` as a child process group."""

    def __init__(self, env: dict[str, str], log: Path, name: str = "worker") -> None:
        self.env, self.log, self.name = env, log, name
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "api.serving.worker",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    "1",
                    "--hostname",
                    f"{self.name}@%h",
                    "--loglevel",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def setup(broker: str) -> Iterator[tuple[AppContext, Worker]]:
    # Directly under /tmp: the worker and the test share the SQLite files.
    directory = Path(tempfile.mkdtemp(prefix="matcher-worker-"))
    env = {
        **os.environ,
        "MATCHER_DATA_DIR": str(directory),
        "MATCHER_DATABASE_URL": f"sqlite:///{directory / 'store.sqlite3'}",
        "MATCHER_BROKER_URL": broker,
        "MATCHER_TODAY": "2026-11-22",
        "MATCHER_RERANK_CHUNK_SIZE": "10",
    }
    settings = Settings(
        environment="test",
        data_dir=directory,
        database_url=env["MATCHER_DATABASE_URL"],
        broker_url=broker,
        rerank_chunk_size=3,
    )
    context = create_context(settings)
    demo.load_demo(context, DATA_DIR)
    worker = Worker(env, directory / "worker.log")
    yield context, worker
    worker.stop()
    context.close()
    shutil.rmtree(directory, ignore_errors=True)


def progress(context: AppContext, run_id: int) -> tuple[str, int]:
    with context.sessions() as session:
        run = get_run(session, run_id=run_id)
        return run.status, run.done


def allocation(context: AppContext, run_id: int) -> object:
    with context.sessions() as session:
        return get_run(session, run_id=run_id).allocation


def snapshots_per_citizen(context: AppContext, run_id: int) -> list[int]:
    with context.sessions() as session:
        counts = session.scalars(
            select(func.count())
            .select_from(CitizenSnapshot)
            .where(CitizenSnapshot.run_id == run_id)
            .group_by(CitizenSnapshot.citizen_id)
        )
        return list(counts)


def test_a_worker_completes_a_run(setup: tuple[AppContext, Worker]) -> None:
    context, worker = setup
    worker.start()
    with unit_of_work(context) as unit:
        run_id = start_run(unit, trigger=Trigger.MANUAL)
    wait_for(lambda: progress(context, run_id)[0] == "done", 240)
    assert progress(context, run_id) == ("done", 131)
    assert snapshots_per_citizen(context, run_id) == [1] * 131


def test_a_worker_killed_mid_run_is_restarted_and_the_run_completes_once(
    setup: tuple[AppContext, Worker],
) -> None:
    context, worker = setup
    worker.start()
    with unit_of_work(context) as unit:
        run_id = start_run(unit, trigger=Trigger.MANUAL)
    wait_for(lambda: progress(context, run_id)[1] >= 10, 240)
    worker.kill()
    status, done = progress(context, run_id)
    assert status == "running" and 10 <= done < 131, (status, done)
    worker.start()
    wait_for(lambda: progress(context, run_id)[0] == "done", 240)
    assert progress(context, run_id) == ("done", 131)
    assert snapshots_per_citizen(context, run_id) == [1] * 131
    assert "rerank.run" in worker.log.read_text(errors="replace")


# The last chunk of a run, ranked in a process that is killed (SIGKILL) right after the run
# counts itself done and before its allocation is written.
_DIES_BEFORE_ALLOCATING = """
import os, signal, sys
import batch.tasks
from api.composition.settings import Settings
from api.composition.wiring import create_context

context = create_context(Settings(), migrate=False, serves_index=False)
batch.tasks.configure(context.batch)
batch.tasks.allocate_run = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
batch.tasks.rerank_chunk_task(int(sys.argv[1]), [int(i) for i in sys.argv[2:]])
"""


def test_a_run_whose_process_died_before_allocating_is_allocated_when_a_worker_starts(
    setup: tuple[AppContext, Worker],
) -> None:
    context, worker = setup
    with context.sessions.begin() as session:
        run_id = create_run(session, trigger=Trigger.MANUAL)
        run = reranks.get_run(session, run_id=run_id)
        assert run is not None
        ids = [str(i) for i in run.citizen_ids]
    assert len(ids) == 131
    killed = subprocess.run(
        [sys.executable, "-c", _DIES_BEFORE_ALLOCATING, str(run_id), *ids],
        env=worker.env,
        capture_output=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode(errors="replace")
    assert progress(context, run_id) == ("done", 131)
    assert allocation(context, run_id) is None  # what the kill left
    worker.start()
    wait_for(lambda: allocation(context, run_id) is not None, 240)
    with context.sessions() as session:
        shown = session.scalars(
            select(CitizenSnapshot.shown).where(CitizenSnapshot.run_id == run_id)
        ).all()
    assert len(shown) == 131 and sum(1 for s in shown if s) > 100
    assert snapshots_per_citizen(context, run_id) == [1] * 131


@pytest.mark.servers
@pytest.mark.postgres
def test_workers_on_two_hosts_share_one_run_through_the_broker_and_the_database(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two hosts' workers: each its own data folder (own index snapshot, no shared file), only
    Redis and PostgreSQL in common. Both take chunks of one run; every citizen is ranked once
    and the run is allocated once."""
    reset_schema(postgres_url)
    folders = [Path(tempfile.mkdtemp(prefix=f"matcher-host-{name}-")) for name in "ab"]
    workers: list[Worker] = []
    with redis_server() as broker:
        settings = Settings(
            environment="test", data_dir=tmp_path, database_url=postgres_url, broker_url=broker
        )
        context = create_context(settings)
        try:
            demo.load_demo(context, DATA_DIR)
            for name, folder in zip("ab", folders, strict=True):
                env = {
                    **os.environ,
                    "MATCHER_DATA_DIR": str(folder),
                    "MATCHER_DATABASE_URL": postgres_url,
                    "MATCHER_BROKER_URL": broker,
                    "MATCHER_INDEX_SNAPSHOTS": "true",
                    "MATCHER_TODAY": "2026-11-22",
                    "MATCHER_RERANK_CHUNK_SIZE": "5",
                }
                workers.append(Worker(env, folder / "worker.log", name=f"host-{name}"))
            for worker in workers:
                worker.start()
            for worker in workers:  # both are taking tasks before the run is sent
                wait_for(lambda w=worker: " ready." in w.log.read_text(errors="replace"), 120)
            with unit_of_work(context) as unit:
                run_id = start_run(unit, trigger=Trigger.MANUAL)
            wait_for(lambda: progress(context, run_id)[0] == "done", 300)
            assert progress(context, run_id) == ("done", 131)
            assert snapshots_per_citizen(context, run_id) == [1] * 131
            # A run is done when its last snapshot is in; the worker that wrote it then
            # allocates the run's first places.
            wait_for(lambda: allocation(context, run_id) is not None, 60)
            for worker, folder in zip(workers, folders, strict=True):
                log = worker.log.read_text(errors="replace")
                assert "matcher.rerank.chunk[" in log and "succeeded" in log, worker.name
                # Each host built and maps its own index version; it kept no store or queue.
                assert (folder / "index" / "CURRENT").exists(), worker.name
                assert not list(folder.glob("*.sqlite3")), worker.name
        finally:
            for worker in workers:
                worker.stop()
            context.close()
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
