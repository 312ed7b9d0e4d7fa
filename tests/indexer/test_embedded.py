"""The embedded index answers as a fresh rebuild would, after any sequence of writes."""

import random
from dataclasses import replace

import pytest

from indexer.embedded import EmbeddedIndex
from matcher.scoring import ScoringContext
from tests.factories import TODAY, citizen, function, query, workplace
from tests.indexer.demo import demo_profiles, demo_workplaces


def _ranking(index: EmbeddedIndex, profiles) -> list[list[tuple[int, float]]]:  # type: ignore[no-untyped-def]
    context = ScoringContext(on=TODAY)
    return [
        [(s.function_id, round(s.score, 9)) for s in index.suggest(query(p, limit=15), context)]
        for p in profiles
    ]


@pytest.mark.parametrize("compact_after", [3, 10_000])
def test_writes_give_the_same_answers_as_a_rebuild(compact_after: int) -> None:
    workplaces = {w.id: w for w in demo_workplaces()}
    index = EmbeddedIndex(compact_after=compact_after)
    index.rebuild(workplaces.values())
    rng = random.Random(5)
    next_function_id = 100_000
    for step in range(60):
        workplace_id = rng.choice(sorted(workplaces))
        if step % 5 == 0:
            index.delete(workplace_id)
            del workplaces[workplace_id]
            continue
        old = workplaces[workplace_id]
        changed = replace(
            old,
            accommodations=old.accommodations ^ {"no_heavy_lifting", "late_start"},
            functions=(
                *old.functions[1:],
                function(next_function_id, hours=old.functions[0].hours),
            ),
            version=old.version + 1,
        )
        next_function_id += 1
        workplaces[workplace_id] = changed
        index.upsert(changed)
        index.upsert(changed)  # repeating an upsert changes nothing
    index.delete(-1)  # deleting what is not there changes nothing
    fresh = EmbeddedIndex()
    fresh.rebuild(workplaces.values())
    profiles = demo_profiles()[:40]
    assert index.count() == fresh.count() == len(workplaces)
    assert _ranking(index, profiles) == _ranking(fresh, profiles)


def test_a_deleted_workplace_is_never_suggested() -> None:
    index = EmbeddedIndex()
    index.rebuild([workplace(1), workplace(2)])
    index.delete(1)
    [suggestion] = index.suggest(query(citizen()), ScoringContext(on=TODAY))
    assert suggestion.workplace_id == 2


class TestSearchWorkplaces:
    def setup_method(self) -> None:
        self.index = EmbeddedIndex()
        self.index.rebuild(
            [
                workplace(1, industry="recycling", postal_code="2500"),
                workplace(
                    2,
                    function(
                        20,
                        title="Kassemedarbejder",
                        occupation_code="5230",
                        tasks=("Kassebetjening",),
                    ),
                    industry="supermarket",
                    postal_code="2300",
                ),
                workplace(3, industry="recycling", postal_code="2300"),
            ]
        )

    def test_by_industry_and_postal_code(self) -> None:
        page = self.index.search_workplaces(
            text=None, industry="recycling", postal_code="2300", offset=0, limit=10
        )
        assert (page.total, page.workplace_ids) == (1, [3])

    def test_by_text_in_danish(self) -> None:
        page = self.index.search_workplaces(
            text="kasse", industry=None, postal_code=None, offset=0, limit=10
        )
        assert page.workplace_ids == [2]

    def test_paginated(self) -> None:
        first = self.index.search_workplaces(
            text=None, industry=None, postal_code=None, offset=0, limit=2
        )
        second = self.index.search_workplaces(
            text=None, industry=None, postal_code=None, offset=2, limit=2
        )
        assert (first.total, first.workplace_ids, second.workplace_ids) == (3, [1, 2], [3])


def test_functions_whose_text_is_only_stop_words_are_indexed() -> None:
    index = EmbeddedIndex()
    index.rebuild([workplace(1, function(10, title="Og", tasks=("i", "på")))])
    [suggestion] = index.suggest(query(citizen()), ScoringContext(on=TODAY))
    assert suggestion.matched_terms == ()


def test_relevant_functions_are_counted_over_the_rebuilt_ones_and_the_written_since() -> None:
    """The index answers from its last build and the changes written since: both count."""
    salon = function(30, title="Frisørelev", occupation_code="5141", tasks=("Hårvask",))
    index = EmbeddedIndex(compact_after=1_000)
    index.rebuild([workplace(1), workplace(2, salon)])
    index.upsert(workplace(3))
    [ranked] = index.rank_many([query(citizen())], ScoringContext(on=TODAY))
    assert (ranked.total, ranked.relevant) == (3, 2)
    assert {s.workplace_id for s in ranked.suggestions} == {1, 3}
