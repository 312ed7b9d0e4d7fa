"""`matcher rerank` (SQLite and PostgreSQL, tasks run in the command's process): a run is
started and followed to its end, the exit code says whether every citizen was done, and an
unfinished run is resumed by its number."""

from pathlib import Path

import pytest

from api.cli import main
from api.composition.settings import Settings
from api.composition.wiring import create_context
from store import reranks
from store.states import Trigger
from tests.stored import matchable


@pytest.fixture
def citizens(env: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    monkeypatch.setenv("MATCHER_TASKS_EAGER", "true")
    context = create_context(Settings())
    try:
        return matchable(context, citizens=3)
    finally:
        context.close()


def test_a_run_is_followed_to_its_end(
    citizens: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rerank", "--wait"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "run 1 started"
    assert out[-1] == "run 1 done: 3 of 3 citizens, 0 failed"


def test_without_wait_it_only_starts_the_run(
    citizens: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rerank"]) == 0
    assert capsys.readouterr().out == "run 1 started\n"


def test_a_resumed_run_that_had_a_failure_exits_1(
    citizens: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    context = create_context(Settings())
    try:
        with context.sessions.begin() as session:
            run = reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=citizens, top_k=5)
            reranks.add_failure(session, run_id=run.id, citizen_id=citizens[0], error="ValueError")
    finally:
        context.close()
    assert main(["rerank", "--resume", str(run.id), "--wait"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"run {run.id} started"
    assert out[-1] == f"run {run.id} failed: 2 of 3 citizens, 1 failed"
