"""Processes sharing an index snapshot: the first builds and publishes it, the others open it
without building; a change committed in one reaches the others' answers; a published version
holds every change and the outbox forgets them."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.composition import demo
from api.composition.context import AppContext
from api.composition.wiring import create_context
from fixtures.generate import DATA_DIR
from store import outbox
from store import workplaces as workplace_repository
from tests.conftest import make_settings


def _opened(database_url: str, directory: Path) -> AppContext:
    settings = make_settings(database_url, directory).model_copy(
        update={"index_snapshots": True, "index_check_s": 0.0}
    )
    return create_context(settings)


@pytest.fixture
def processes(database_url: str, tmp_path: Path) -> Iterator[tuple[AppContext, AppContext]]:
    first = _opened(database_url, tmp_path)
    demo.load_demo(first, DATA_DIR)
    second = _opened(database_url, tmp_path)
    yield first, second
    first.close()
    second.close()


def _before_a_request(context: AppContext) -> None:
    with context.sessions() as session:
        context.freshness.before_request(session)


def _delete(context: AppContext, workplace_id: int) -> None:
    with context.sessions() as session:
        row = workplace_repository.get(session, workplace_id=workplace_id)
        assert row is not None
        workplace_repository.delete(session, row=row)
        session.commit()
    context.freshness.after_commit()


def test_the_second_process_opens_what_the_first_published(
    processes: tuple[AppContext, AppContext],
) -> None:
    first, second = processes
    stored = first.freshness.rebuild()
    assert first.keeper is not None and second.keeper is not None
    published = first.keeper.directory.current()
    assert published is not None and first.backend.version == published  # type: ignore[attr-defined]
    assert second.freshness.rebuild() == stored
    assert second.backend.version == published  # type: ignore[attr-defined]
    assert second.backend.indexed_versions() == first.backend.indexed_versions()


def test_a_change_committed_in_one_process_reaches_the_other(
    processes: tuple[AppContext, AppContext],
) -> None:
    first, second = processes
    first.freshness.rebuild()
    second.freshness.rebuild()
    workplace_id = min(first.backend.indexed_versions())
    _delete(first, workplace_id)
    assert workplace_id not in first.backend.indexed_versions()  # its own commit, at once
    _before_a_request(second)
    assert workplace_id not in second.backend.indexed_versions()
    with first.sessions() as session:
        assert outbox.pending_count(session) == 1  # no version holds it yet


def test_a_published_version_holds_the_changes_and_the_outbox_forgets_them(
    processes: tuple[AppContext, AppContext],
) -> None:
    first, second = processes
    first.freshness.rebuild()
    second.freshness.rebuild()
    before = first.backend.version  # type: ignore[attr-defined]
    workplace_id = min(first.backend.indexed_versions())
    _delete(first, workplace_id)
    assert second.keeper is not None
    published = second.keeper.publish()
    assert published is not None and published != before
    with first.sessions() as session:
        assert outbox.pending_count(session) == 0
    _before_a_request(first)
    assert first.backend.version == published  # type: ignore[attr-defined]
    assert workplace_id not in first.backend.indexed_versions()
    assert first.backend.indexed_versions() == second.backend.indexed_versions()


def test_processes_starting_together_build_one_version_not_one_each(
    processes: tuple[AppContext, AppContext],
) -> None:
    first, second = processes
    assert first.keeper is not None and second.keeper is not None
    # The second found no version and waited for the builder's lock while the first built.
    first.freshness.rebuild()
    published = first.keeper.directory.current()
    assert second.keeper.publish(rebuild=True, first=True) is None
    assert second.backend.version == published  # type: ignore[attr-defined]
    assert first.keeper.directory.current() == published
    assert second.backend.indexed_versions() == first.backend.indexed_versions()


def test_a_version_made_with_another_catalogue_is_rebuilt_from_the_store(
    processes: tuple[AppContext, AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that changes the word lists or the competence catalogue, the next
    refresh rebuilds the shared index from the store: its rows get today's terms."""
    first, second = processes
    first.freshness.rebuild()
    assert first.keeper is not None and second.keeper is not None
    old = first.keeper.directory.current()
    monkeypatch.setattr("indexer.snapshot.terms_fingerprint", lambda: "2-another-catalogue")
    _before_a_request(second)
    rebuilt = second.keeper.directory.current()
    assert rebuilt is not None and rebuilt != old
    assert not second.keeper.directory.stale(rebuilt)
    assert second.backend.version == rebuilt  # type: ignore[attr-defined]
    assert second.backend.indexed_versions() == first.backend.indexed_versions()
