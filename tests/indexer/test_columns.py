"""Workplaces become columns a batch at a time: however they are batched, the rows, the
listings and the index's answers are the same, and progress is told batch by batch."""

from indexer.columns import build_columns
from indexer.embedded import EmbeddedIndex
from matcher.scoring import ScoringContext
from matcher.table import FunctionTable, Vocabulary
from tests.factories import TODAY, query
from tests.indexer.demo import demo_profiles, demo_workplaces


def _answers(index: EmbeddedIndex) -> list[list[int]]:
    scoring = ScoringContext(on=TODAY)
    return [
        [s.function_id for s in index.suggest(query(p, limit=10), scoring)] for p in demo_profiles()
    ]


def test_batches_give_the_rows_listings_and_answers_of_one() -> None:
    workplaces = demo_workplaces()
    told: list[int] = []
    vocabulary = Vocabulary()
    tables, listings = build_columns(workplaces, vocabulary, batch=7, progress=told.append)
    assert len(tables) == len(listings) == -(-len(workplaces) // 7)
    assert told == [len(listing) for listing in listings] and sum(told) == len(workplaces)
    whole = FunctionTable.concat(tables, len(vocabulary))
    assert sorted(whole.function_id.tolist()) == sorted(
        f.id for w in workplaces for f in w.functions
    )
    batched, alone = EmbeddedIndex(), EmbeddedIndex()
    batched.install_columns(tables, listings, vocabulary)
    alone.rebuild(workplaces)
    assert _answers(batched) == _answers(alone)


def test_no_workplaces_make_no_columns() -> None:
    assert build_columns([], Vocabulary()) == ([], [])
