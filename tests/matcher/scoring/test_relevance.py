"""Which rows have anything to do with a citizen: a shared term or an occupation related to a
goal; and how many of the citizen's terms each row has."""

from dataclasses import replace

from matcher.models import GoalOccupation
from matcher.scoring import ScoringContext
from matcher.scoring.relevance import Relevance
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


def test_rows_count_the_citizens_terms_they_have() -> None:
    q = query(citizen(skills=("sortering", "pluk og pakning", "hårvask"), goal_occupations=()))
    assert relevance().shared_terms(q.terms).tolist() == [3, 0, 1]


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
