"""Typed goals read as occupations or fields: the project's list of typed goals, bare words
that name a field, manager titles only when asked, abbreviations, and the type-ahead's order."""

import pytest

from fixtures.readings import FIELD_PREFIX, NOTHING, TypedGoal, typed_goals
from matcher.goal_reading import default_reader
from matcher.occupations import default_occupations, is_manager_title
from matcher.query import read_goal
from matcher.weights import DEFAULT_WEIGHTS

READER = default_reader()
# The goals the reader was written against (the list's held-out part, after "lagerarbejder",
# is measured by `matcher evaluate`, not fitted here).
GOALS = typed_goals()
HELD_OUT = next(n for n, g in enumerate(GOALS) if g.typed == "lagerarbejder")


def _reading(goal: TypedGoal) -> str | None:
    found = READER.read(goal.typed)
    if found is None:
        return None
    return FIELD_PREFIX + found.field.key if found.field is not None else found.occupation_code


@pytest.mark.parametrize("goal", GOALS[:HELD_OUT], ids=lambda g: g.typed)
def test_a_typed_goal_is_read_as_one_of_its_right_readings(goal: TypedGoal) -> None:
    assert len(GOALS[:HELD_OUT]) >= 150
    assert _reading(goal) in goal.acceptable


def test_held_out_goals_are_mostly_read_right_and_nothing_is_made_of_nonsense() -> None:
    held = GOALS[HELD_OUT:]
    right = 0
    for goal in held:
        taken = read_goal(goal.typed, DEFAULT_WEIGHTS)
        reading = taken.occupation_code or (FIELD_PREFIX + taken.field if taken.field else None)
        right += reading in goal.acceptable or (reading is None and NOTHING in goal.acceptable)
    assert right / len(held) >= 0.9, right
    assert read_goal("qwxz", DEFAULT_WEIGHTS).occupation_code is None


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("kontor", "kontor"),
        ("lager", "logistik"),
        ("køkkenet", "koekken"),
        ("noget med børn", "boern"),
    ],
)
def test_a_bare_word_that_names_a_field_is_read_as_the_field(typed: str, field: str) -> None:
    found = READER.read(typed)
    assert found is not None and found.field is not None and found.field.key == field
    assert found.occupation_code is None  # not Konditor, not Slagter
    taken = read_goal(typed, DEFAULT_WEIGHTS)
    assert taken.field == field and taken.interpreted_as == found.field.name


def test_a_manager_title_is_read_only_when_the_goal_asks_for_a_manager() -> None:
    for typed in ("lagermedarbeider", "medarbejder på lager", "butiks medhjælper"):
        found = READER.read(typed)
        assert found is not None and not is_manager_title(found.title), typed
    found = READER.read("lagerchef")
    assert found is not None and found.occupation_code == "1324"


def test_abbreviations_are_written_out() -> None:
    for typed in ("ppm", "PMH", "pæd medhjælper"):
        found = READER.read(typed)
        assert found is not None and found.occupation_code == "5311", typed


def test_each_step_is_as_sure_as_it_is_right() -> None:
    """Exact titles first, character-level closeness last, at its measured confidence."""
    exact, closest = READER.read("Kok"), READER.read("chafør")
    assert exact is not None and exact.how == "exact" and exact.confidence == 1.0
    assert closest is not None and closest.how == "closest" and closest.occupation_code == "8322"
    assert closest.confidence < exact.confidence
    phrase = READER.read("køre varer ud")
    assert phrase is not None and phrase.how == "catalogue" and phrase.occupation_code == "8322"


def test_the_type_ahead_offers_ordinary_titles_before_manager_titles() -> None:
    titles = [m.title for m in default_occupations().suggest("lager", limit=10)]
    managers = [n for n, t in enumerate(titles) if is_manager_title(t)]
    ordinary = [n for n, t in enumerate(titles) if not is_manager_title(t)]
    assert ordinary and (not managers or max(ordinary) < min(managers)), titles
    asked = [m.title for m in default_occupations().suggest("lagerchef", limit=3)]
    assert asked[0] == "Lagerchef"
