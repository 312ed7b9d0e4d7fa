"""The order of a citizen's rows: by score, or with a learned ranking by its probability
among the relevant rows; a row with no relevance is never listed (issue 37: it used to come
last); a model never adds or drops a row."""

from dataclasses import replace

import numpy as np

from matcher.learning.features import FEATURE_NAMES
from matcher.learning.model import LearnedRanking, interaction_names
from matcher.models import Coordinates
from matcher.near import relaxations
from matcher.scoring import HAND_WEIGHTS, ScoringContext, merge_ranked, suggest
from matcher.table import FunctionTable, Vocabulary, function_rows
from tests.factories import TODAY, citizen, excellent, function, query, rank, workplace

CONTEXT = ScoringContext(on=TODAY)


def _model(**weights: float) -> LearnedRanking:
    """A model that weighs the named features (and nothing else)."""
    names = interaction_names(FEATURE_NAMES)
    vector = np.zeros(len(names))
    for name, weight in weights.items():
        vector[names.index(name)] = weight
    return LearnedRanking(
        feature_names=FEATURE_NAMES,
        mean=np.zeros(len(names)),
        scale=np.ones(len(names)),
        weights=vector,
        intercept=0.0,
        version=7,
    )


NEAR_HOME = Coordinates(55.6620, 12.5040)
# Workplace 1 fits best by the hand weights but is 5 km away; 2 fits less but is at home;
# 3 has nothing to do with the citizen (no relevance) and is at home too.
WORKPLACES = [
    excellent(1, coordinates=Coordinates(55.6620, 12.5840)),
    workplace(2, function(20, tasks=("Rengøring",)), coordinates=NEAR_HOME),
    workplace(
        3,
        function(30, title="Kok", occupation_code="5120", tasks=("Madlavning",)),
        coordinates=NEAR_HOME,
    ),
]
PREFERS_NEAR = replace(CONTEXT, model=_model(proximity=8.0))


def test_without_a_model_the_score_orders_and_says_so():
    found = rank(WORKPLACES, citizen())
    assert [s.workplace_id for s in found] == [1, 2]  # 3 has no relevance: not listed
    assert {(s.ranked_by, s.learned) for s in found} == {(HAND_WEIGHTS, None)}
    assert found[0].score > found[1].score


def test_a_model_reorders_the_relevant_rows_by_its_probability():
    found = rank(WORKPLACES, citizen(), PREFERS_NEAR)
    assert [s.workplace_id for s in found][:2] == [2, 1]
    assert [s.ranked_by for s in found[:2]] == ["model_7", "model_7"]
    assert found[0].learned is not None and found[1].learned is not None
    assert found[0].learned > found[1].learned
    # The score and its reasons are the hand weights' still.
    assert found[0].score == rank(WORKPLACES, citizen())[1].score


def test_a_row_without_relevance_is_not_listed_whatever_the_model_thinks_of_it():
    found = rank(WORKPLACES, citizen(), PREFERS_NEAR)
    assert [s.workplace_id for s in found] == [2, 1]
    assert all(s.ranked_by == "model_7" for s in found)


def test_a_model_never_adds_or_drops_a_row():
    by_hand = rank(WORKPLACES, citizen(), limit=50)
    learned = rank(WORKPLACES, citizen(), replace(CONTEXT, model=_model(record=-5.0)), limit=50)
    assert sorted(s.function_id for s in by_hand) == sorted(s.function_id for s in learned)


def test_lists_from_several_tables_merge_into_the_one_tables_order():
    everything = [*WORKPLACES, *(excellent(i, coordinates=NEAR_HOME) for i in range(4, 9))]
    asked = query(citizen(), limit=6)
    whole = rank(everything, citizen(), PREFERS_NEAR, limit=6)
    parts = []
    for part in (everything[::2], everything[1::2]):
        vocabulary = Vocabulary()
        table = FunctionTable.build([r for w in part for r in function_rows(w)], vocabulary)
        parts.append(suggest(table, asked, vocabulary, PREFERS_NEAR))
    merged = merge_ranked(parts, 6)
    assert [s.function_id for s in merged] == [s.function_id for s in whole]


def test_a_near_match_search_keeps_the_hand_weights_order():
    asked = query(citizen(), limit=3)
    searches = [q for _, q in relaxations(asked, CONTEXT.weights, limit=5) if q.limit > 0]
    assert searches and not any(q.learned_order for q in searches)  # the rest only count
    vocabulary = Vocabulary()
    table = FunctionTable.build([r for w in WORKPLACES for r in function_rows(w)], vocabulary)
    kept = suggest(table, replace(asked, learned_order=False), vocabulary, PREFERS_NEAR)
    assert [s.workplace_id for s in kept] == [1, 2]
    assert {s.ranked_by for s in kept} == {HAND_WEIGHTS}
