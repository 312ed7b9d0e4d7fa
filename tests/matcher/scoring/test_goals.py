"""A goal's similarity to each (code, title) of a table: by the closest DISCO-08 relation or a
fuzzy title, whichever is higher; computed once per goal and table."""

from matcher.query import ResolvedGoal
from matcher.scoring import ScoringContext
from matcher.scoring.goals import goal_similarity
from matcher.table import FunctionTable, Vocabulary, function_rows
from matcher.text import normalise_title
from matcher.weights import DEFAULT_WEIGHTS
from tests.factories import TODAY, function, workplace

OCCUPATIONS = ScoringContext(on=TODAY).occupations
TABLE = FunctionTable.build(
    [
        row
        for f in (
            function(10),  # Sorteringsmedarbejder, 9612
            function(20, title="Lagermedarbejder", occupation_code="4321"),
            function(30, title="Frisørelev", occupation_code="5141"),
        )
        for row in function_rows(workplace(1, f))
    ],
    Vocabulary(),
)


def goal(title: str, code: str | None) -> ResolvedGoal:
    return ResolvedGoal(title, code, 1.0, "balanced", 1.0, normalise_title(title))


def similarity(g: ResolvedGoal) -> list[float]:
    found = goal_similarity(TABLE, g, DEFAULT_WEIGHTS, OCCUPATIONS)
    return [round(float(found[key]), 3) for key in TABLE.title_key]


def test_the_same_unit_group_is_most_similar_a_shared_field_less_nothing_shared_none() -> None:
    sorting, warehouse, salon = similarity(goal("Lagermedarbejder", "4321"))
    assert warehouse == DEFAULT_WEIGHTS.same_unit_group
    assert sorting == DEFAULT_WEIGHTS.same_field
    assert salon == 0.0


def test_a_goal_without_a_code_is_similar_by_its_title() -> None:
    sorting, warehouse, salon = similarity(goal("Frisørelever", None))
    assert salon >= DEFAULT_WEIGHTS.fuzzy_title_min_ratio / 100 and sorting == warehouse == 0.0


def test_a_goals_similarity_is_computed_once_per_table() -> None:
    g = goal("Lagermedarbejder", "4321")
    first = goal_similarity(TABLE, g, DEFAULT_WEIGHTS, OCCUPATIONS)
    assert goal_similarity(TABLE, g, DEFAULT_WEIGHTS, OCCUPATIONS) is first
