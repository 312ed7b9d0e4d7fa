"""Which rows have anything to do with a citizen: a shared term or an occupation related to a
goal; and how many of the citizen's terms each row has."""

from dataclasses import replace

import numpy as np

from matcher.models import GoalOccupation
from matcher.query import CitizenQuery
from matcher.scoring import ScoringContext
from matcher.scoring.relevance import Relevance, split_counts
from matcher.table import FunctionTable, Vocabulary, function_rows
from tests.factories import TODAY, citizen, function, query, workplace

CONTEXT = ScoringContext(on=TODAY)
SORTING = function(10)  # Sorteringsmedarbejder (9612): sortering, pluk og pakning
WAREHOUSE = function(
    20, title="Lagermedarbejder", occupation_code="4321", tasks=("Varemodtagelse",)
)
SALON = function(30, title="Frisørelev", occupation_code="5141", tasks=("Hårvask",))


def relevance() -> Relevance:
    vocabulary = Vocabulary()
    rows = [row for f in (SORTING, WAREHOUSE, SALON) for row in function_rows(workplace(1, f))]
    return Relevance(FunctionTable.build(rows, vocabulary), vocabulary, CONTEXT)


def _words(q: CitizenQuery) -> tuple[str, ...]:
    return tuple(t for t in q.terms if not t.startswith(("@", "~")))


def test_rows_count_the_citizens_terms_they_have() -> None:
    q = query(citizen(skills=("sortering", "pluk og pakning", "hårvask"), goal_occupations=()))
    # "hårvask" is also hår + vask: three terms of the salon's too.
    assert relevance().shared_terms(_words(q)).tolist() == [3, 0, 3]
    # Competences count apart from words: sorting and pick-and-pack are the sorting
    # function's; warehouse work and hair care are near ones of the other two.
    words, concepts, near = split_counts(relevance().shared_terms(q.terms))
    assert words.tolist() == [3, 0, 3]
    assert concepts.tolist()[0] >= 2 and concepts.tolist()[2] >= 1
    assert near.tolist()[1] >= 1


def test_a_row_sharing_no_term_is_relevant_by_a_related_goal() -> None:
    warehouse_goal = replace(
        citizen(skills=()), goal_occupations=(GoalOccupation("Lagermedarbejder", "4321"),)
    )
    # Sorting (9612) and warehouse work (4321) share the logistics field; a salon shares nothing.
    assert relevance().rows(query(warehouse_goal)).tolist() == [True, True, False]
    terms_only = citizen(skills=("hårvask",), goal_occupations=())
    assert relevance().rows(query(terms_only)).tolist() == [False, False, True]


def test_a_citizen_with_no_terms_and_no_goals_asks_nothing_of_relevance() -> None:
    assert not query(citizen(skills=(), goal_occupations=())).asks_relevance
    assert query(citizen(goal_occupations=())).asks_relevance
    assert query(citizen(skills=())).asks_relevance


def test_only_the_last_few_citizens_are_kept() -> None:
    found = relevance()
    for n in range(Relevance.KEPT + 3):
        found.shared_terms((f"term{n}",))
    assert len(found._counts) == Relevance.KEPT
    first = found.shared_terms(("sortering",))
    assert found.shared_terms(("sortering",)) is first  # the same citizen again: kept


def test_counting_some_rows_gives_what_counting_the_table_gives_for_them() -> None:
    """Read from a few rows' own terms (no table-wide count made) or from the kept count of
    the whole table: the same numbers, for any rows in any order, repeated or none."""
    vocabulary = Vocabulary()
    rows = [
        row
        for n in range(1, 31)
        for f in (SORTING, WAREHOUSE, SALON)
        for row in function_rows(workplace(n, replace(f, id=f.id * 100 + n)))
    ]
    table = FunctionTable.build(rows, vocabulary)
    q = query(citizen(skills=("sortering", "pluk og pakning", "frisør"), goal_occupations=()))
    whole = Relevance(table, vocabulary, CONTEXT).shared_terms(q.terms)
    assert len(set(whole.tolist())) == 3
    for picked in ([2, 0], [1], [0, 0, 2, 1], [89, 3, 47], []):
        positions = np.array(picked, dtype=np.int64)
        fresh = Relevance(table, vocabulary, CONTEXT)
        assert fresh.shared_terms_of(q.terms, positions).tolist() == whole[positions].tolist()
        assert not fresh._counts  # read from the rows alone: nothing table-wide was made
        fresh.shared_terms(q.terms)
        assert fresh.shared_terms_of(q.terms, positions).tolist() == whole[positions].tolist()
    unknown = Relevance(table, vocabulary, CONTEXT).shared_terms_of(("ukendt",), np.arange(3))
    assert unknown.tolist() == [0, 0, 0]


def test_relevance_among_some_rows_is_the_tables_for_them() -> None:
    goal = replace(
        citizen(skills=("hårvask",)),
        goal_occupations=(GoalOccupation("Lagermedarbejder", "4321"),),
    )
    for picked in ([2, 0, 1], [1], []):
        positions = np.array(picked, dtype=np.int64)
        whole = relevance().rows(query(goal))[positions].tolist()
        assert relevance().among(query(goal), positions).tolist() == whole
    assert relevance().among(query(goal), np.array([0, 1, 2])).tolist() == [True, True, True]
