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


def test_titles_are_alike_by_head_and_modifier_both() -> None:
    """A shared "-medhjælper" with another modifier is no match; a bare head is met by every
    kind of it; spelling apart is still alike."""
    kitchen = goal("Kantinemedhjælper", None)
    table = FunctionTable.build(
        [
            row
            for f in (
                function(40, title="Gartnermedhjælper", occupation_code="9214"),
                function(50, title="Kantine medhjælper", occupation_code="9412"),
                function(60, title="Cykelbud", occupation_code="9331"),
            )
            for row in function_rows(workplace(2, f))
        ],
        Vocabulary(),
    )
    found = goal_similarity(table, kitchen, DEFAULT_WEIGHTS, OCCUPATIONS)
    garden, canteen, courier = (float(found[key]) for key in table.title_key)
    assert garden == 0.0 and canteen == 1.0 and courier == 0.0
    courier_goal = goal_similarity(table, goal("Bud", None), DEFAULT_WEIGHTS, OCCUPATIONS)
    assert float(courier_goal[table.title_key[2]]) == 1.0


def test_a_goal_read_as_a_field_is_near_every_occupation_of_the_field() -> None:
    warehouse_field = ResolvedGoal("lager", None, 1.0, None, 1.0, "lag", field="logistik")
    sorting, warehouse, salon = similarity(warehouse_field)
    assert sorting == warehouse == DEFAULT_WEIGHTS.goal_field and salon == 0.0
