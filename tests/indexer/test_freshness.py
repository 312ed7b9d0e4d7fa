"""The strategy that keeps a process' index in step with the store is chosen once, from the
settings; reading the index never maintains it, the strategy does: before a request, after
this process' commits, and (for a command or a batch worker) when it prepares its own copy."""

from pathlib import Path

import pytest

from api.composition import demo
from api.composition.context import AppContext
from api.composition.wiring import create_context
from fixtures.generate import DATA_DIR
from indexer.freshness import LocalIndex, SharedIndex, SnapshotIndex
from store import workplaces as workplace_repository
from tests.conftest import make_settings, opensearch_settings
from tests.stored import workplace


def _snapshots(database_url: str, directory: Path, **more: object) -> AppContext:
    settings = make_settings(database_url, directory).model_copy(
        update={"index_snapshots": True, "index_check_s": 0.0, **more}
    )
    return create_context(settings)


def _add(context: AppContext) -> int:
    with context.sessions() as session:
        row = workplace_repository.create(session, workplace=workplace(0), portfolio="vs")
        session.commit()
        return row.id


def test_the_settings_choose_the_strategy_once(database_url: str, tmp_path: Path) -> None:
    embedded = create_context(make_settings(database_url, tmp_path))
    shared = create_context(
        opensearch_settings(database_url, tmp_path, "http://127.0.0.1:9", "unused"),
        migrate=False,
    )
    snapshots = _snapshots(database_url, tmp_path)
    try:
        assert isinstance(embedded.freshness, LocalIndex)
        assert isinstance(shared.freshness, SharedIndex)
        assert not isinstance(shared.freshness, LocalIndex)
        assert isinstance(snapshots.freshness, SnapshotIndex)
    finally:
        for context in (embedded, shared, snapshots):
            context.close()


def test_a_command_leaves_its_commits_for_the_server_and_the_server_takes_them(
    context: AppContext, database_url: str, tmp_path: Path
) -> None:
    command = create_context(make_settings(database_url, tmp_path), serves_index=False)
    try:
        added = _add(command)
        command.freshness.after_commit()
        assert added not in context.backend.indexed_versions()  # nothing applied yet
        assert added not in command.backend.indexed_versions()  # the command keeps no index
        context.relay.run_once()  # what the serving process' rounds do
        assert added in context.backend.indexed_versions()
    finally:
        command.close()


def test_batch_work_reads_an_index_that_holds_every_commit(
    context: AppContext, database_url: str, tmp_path: Path
) -> None:
    """Before batch work reads the index, the serving process applies what another process
    left waiting, and a worker (which keeps no index while idle) builds its copy."""
    worker = create_context(make_settings(database_url, tmp_path), serves_index=False)
    try:
        assert not context.backend.needs_rebuild()  # the server's index is built and kept
        added = _add(worker)
        assert added not in context.backend.indexed_versions()
        context.batch.refresh_index()
        assert added in context.backend.indexed_versions()
        assert added not in worker.backend.indexed_versions()
        worker.batch.refresh_index()
        assert added in worker.backend.indexed_versions()
    finally:
        worker.close()


def test_a_command_builds_its_own_copy_only_when_the_store_changed(
    context: AppContext, database_url: str, tmp_path: Path
) -> None:
    command = create_context(make_settings(database_url, tmp_path), serves_index=False)
    try:
        command.freshness.prepare()
        built = command.backend.indexed_versions()
        command.freshness.prepare()  # nothing changed: the same index, not built again
        assert command.backend.indexed_versions() == built
        added = _add(context)
        command.freshness.prepare()
        assert added in command.backend.indexed_versions()
    finally:
        command.close()


def test_reading_never_maintains_the_index_a_request_does(
    database_url: str, tmp_path: Path
) -> None:
    server = _snapshots(database_url, tmp_path)
    other = _snapshots(database_url, tmp_path)
    try:
        demo.load_demo(server, DATA_DIR)
        server.freshness.rebuild()
        other.freshness.rebuild()  # opens the version the server published
        added = _add(other)
        other.freshness.after_commit()  # the other process' own index has it at once ...
        assert added in other.backend.indexed_versions()
        server.matching.scoring()  # ... reading in this one changes nothing
        assert added not in server.backend.indexed_versions()
        with server.sessions() as session:
            server.freshness.before_request(session)  # what every request does first
        assert added in server.backend.indexed_versions()
    finally:
        server.close()
        other.close()


@pytest.mark.parametrize("serves_index", [True, False])
def test_a_snapshot_process_takes_its_own_commits_only_where_it_serves(
    database_url: str, tmp_path: Path, serves_index: bool
) -> None:
    first = _snapshots(database_url, tmp_path)
    try:
        first.freshness.rebuild()
        process = create_context(
            make_settings(database_url, tmp_path).model_copy(update={"index_snapshots": True}),
            serves_index=serves_index,
        )
        try:
            process.freshness.prepare()
            added = _add(process)
            process.freshness.after_commit()
            assert (added in process.backend.indexed_versions()) is serves_index
        finally:
            process.close()
    finally:
        first.close()
