"""Building the embedded index from the store on several processes gives exactly the index
one process builds: the same columns, vocabulary and answers."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import indexer.from_store as from_store
from api.composition import demo
from api.composition.context import AppContext
from api.composition.wiring import create_context
from fixtures.generate import DATA_DIR
from indexer.columns import build_columns
from indexer.embedded import EmbeddedIndex
from indexer.from_store import rebuild_from_store
from matcher.scoring import ScoringContext
from matcher.table import NUMBER_COLUMNS, Vocabulary
from store import workplaces as workplace_repository
from store.db import make_engine, make_session_factory
from store.models import Base
from tests.conftest import make_settings
from tests.factories import TODAY, function, query, workplace
from tests.indexer.demo import demo_profiles


@pytest.fixture
def stored(database_url: str, tmp_path: Path) -> AppContext:
    context = create_context(make_settings(database_url, tmp_path))
    demo.load_demo(context, DATA_DIR)
    return context


def _answers(index: EmbeddedIndex) -> list[list[tuple[int, float]]]:
    scoring = ScoringContext(on=TODAY)
    return [
        [(s.function_id, round(s.score, 9)) for s in index.suggest(query(p, limit=10), scoring)]
        for p in demo_profiles()
    ]


def test_ranges_built_by_other_processes_give_the_index_one_process_builds(
    stored: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[Any, ...]] = []
    start = from_store._Range.start

    def counted(*args: Any) -> Any:
        started.append(args)
        return start(*args)

    monkeypatch.setattr(from_store._Range, "start", counted)
    alone, together = EmbeddedIndex(), EmbeddedIndex()
    with stored.sessions() as session:
        count = workplace_repository.count(session)
        batch = max(count // 7, 1)
        vocabulary = Vocabulary()  # what EmbeddedIndex.rebuild does, with this batch size
        built = build_columns(workplace_repository.load_all(session), vocabulary, batch=batch)
        alone.install_columns(*built, vocabulary)
        indexed = rebuild_from_store(together, session, processes=3, parallel_from=0, batch=batch)
    assert len(started) == 2  # this process built the first range, two others the rest
    assert indexed == count
    (table, listings, vocabulary), (expected, expected_listings, expected_vocabulary) = (
        together.export(),
        alone.export(),
    )
    assert vocabulary.terms == expected_vocabulary.terms
    for name in (*NUMBER_COLUMNS, "title_key"):
        assert np.array_equal(getattr(table, name), getattr(expected, name)), name
    assert np.array_equal(table.terms.indptr, expected.terms.indptr)
    assert np.array_equal(table.terms.indices, expected.terms.indices)
    assert table.text.pool.all() == expected.text.pool.all()
    assert np.array_equal(listings.workplace_id, expected_listings.workplace_id)
    assert (listings.terms != expected_listings.terms).nnz == 0
    assert _answers(together) == _answers(alone)
    stored.engine.dispose()


def test_a_range_that_cannot_be_built_fails_the_build_with_its_reason(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database's folder should be")
    other = from_store._Range.start(f"sqlite:///{blocked / 'store.sqlite3'}", 0, 10, 5)
    with pytest.raises(RuntimeError, match=r"building a range of the index failed: .*Error"):
        other.result()
    assert other.errors.closed


def test_an_in_memory_database_is_built_by_this_process_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process cannot see it: the build stays here, whatever the sizes say."""

    def refused(*_args: object) -> None:
        raise AssertionError("a process was started for an in-memory database")

    monkeypatch.setattr(from_store._Range, "start", refused)
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    with make_session_factory(engine)() as session:
        for workplace_id in range(1, 31):
            workplace_repository.create(
                session, workplace=workplace(workplace_id, function(workplace_id)), portfolio="syd"
            )
        index = EmbeddedIndex()
        assert rebuild_from_store(index, session, processes=2, parallel_from=0, batch=5) == 30
    assert len(index.export()[0]) == 30


@pytest.mark.parametrize(
    ("count", "processes", "batch", "expected"),
    [
        (0, 2, 10, []),
        (25, 1, 10, [(0, 25)]),
        (25, 2, 10, [(0, 20), (20, 25)]),
        (40, 2, 10, [(0, 20), (20, 40)]),
        (41, 3, 5, [(0, 15), (15, 30), (30, 41)]),
    ],
)
def test_ranges_are_whole_batches_one_for_each_process(
    count: int, processes: int, batch: int, expected: list[tuple[int, int]]
) -> None:
    ids = list(range(1, count + 1))
    assert from_store._ranges(ids, processes, batch) == expected
