"""The learned model: it recovers known effects, refuses to learn from too little, and is
kept as plain numbers that give the same probabilities when read back."""

import numpy as np
import pytest

from matcher.learning.features import FEATURE_COUNT, FEATURE_NAMES
from matcher.learning.model import (
    MIN_COURSES,
    MIN_EACH,
    LearnedRanking,
    TooFewOutcomes,
    expand,
    interaction_names,
    train,
)

PROXIMITY = FEATURE_NAMES.index("proximity")
RECORD = FEATURE_NAMES.index("record")
SKILLS = FEATURE_NAMES.index("skills")
HAND = FEATURE_NAMES.index("hand_score")
RELEVANCE = FEATURE_NAMES.index("relevance_share")


def _history(count: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Random features; a good outcome is likelier near home and with a good record, and
    skills play no part."""
    rng = np.random.default_rng(seed)
    found = rng.random((count, FEATURE_COUNT))
    logit = -2.0 + 3.0 * found[:, PROXIMITY] + 2.0 * found[:, RECORD]
    return found, rng.random(count) < 1 / (1 + np.exp(-logit))


def test_it_learns_which_factors_lead_to_good_outcomes():
    found, good = _history(4000)
    model = train(found, good)
    base = np.full((1, FEATURE_COUNT), 0.5)
    near, far = base.copy(), base.copy()
    near[0, PROXIMITY], far[0, PROXIMITY] = 0.9, 0.1
    assert model.probability(near)[0] > model.probability(far)[0] + 0.2
    good_record, poor_record = base.copy(), base.copy()
    good_record[0, RECORD], poor_record[0, RECORD] = 0.9, 0.1
    assert model.probability(good_record)[0] > model.probability(poor_record)[0] + 0.1
    skilled, unskilled = base.copy(), base.copy()
    skilled[0, SKILLS], unskilled[0, SKILLS] = 0.9, 0.1
    assert abs(model.probability(skilled)[0] - model.probability(unskilled)[0]) < 0.05


def test_its_probabilities_are_calibrated_on_what_it_learned_from():
    found, good = _history(4000)
    chance = train(found, good).probability(found)
    assert chance.mean() == pytest.approx(good.mean(), abs=0.01)


@pytest.mark.parametrize(
    ("count", "wins"),
    [(MIN_COURSES - 1, 100), (MIN_COURSES, MIN_EACH - 1), (MIN_COURSES, MIN_COURSES - 1)],
)
def test_too_few_outcomes_are_refused_with_the_counts(count, wins):
    found = np.zeros((count, FEATURE_COUNT))
    good = np.arange(count) < wins
    with pytest.raises(TooFewOutcomes, match=f"{count} courses with an outcome, {wins} good"):
        train(found, good)


def test_stored_as_json_it_gives_the_same_probabilities():
    found, good = _history(1000)
    model = train(found, good)
    again = LearnedRanking.from_json(model.to_json(), version=4)
    assert again.label == "model_4"
    np.testing.assert_allclose(again.probability(found), model.probability(found), rtol=1e-12)


def test_a_model_of_other_features_is_not_read():
    found, good = _history(1000)
    text = train(found, good).to_json().replace('"record"', '"origin"')
    with pytest.raises(ValueError, match="other features"):
        LearnedRanking.from_json(text)


def test_interactions_are_each_pairs_product_named_after_both():
    found = np.array([[2.0, 3.0, 5.0]])
    assert expand(found).tolist() == [[2.0, 3.0, 5.0, 6.0, 10.0, 15.0]]
    assert interaction_names(("a", "b", "c")) == ("a", "b", "c", "a x b", "a x c", "b x c")


def test_contributions_name_the_largest_weights_first():
    found, good = _history(4000)
    named = train(found, good).contributions()
    assert sorted(name for name, _ in named) == sorted(interaction_names(FEATURE_NAMES))
    sizes = [abs(weight) for _, weight in named]
    assert sizes == sorted(sizes, reverse=True)


def test_ranking_values_put_relevant_contacts_first_by_probability():
    found, good = _history(1000)
    model = train(found, good)
    rows = np.full((3, FEATURE_COUNT), 0.5)
    rows[0, RELEVANCE] = 0.0  # no relevance: its hand score orders it, after the others
    rows[0, HAND] = 1.0
    rows[1, PROXIMITY], rows[2, PROXIMITY] = 0.1, 0.9
    values = model.ranking_values(rows)
    assert values[2] > values[1] > values[0] == 1.0


def test_its_probability_is_the_logistic_of_the_standardised_features_and_products():
    found, good = _history(1000)
    model = train(found, good)
    standard = (expand(found) - model.mean) / model.scale
    logit = standard @ model.weights + model.intercept
    np.testing.assert_allclose(model.probability(found), 1 / (1 + np.exp(-logit)), rtol=1e-9)
