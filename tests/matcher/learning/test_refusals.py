"""A model's reasons for not ranking: a code and figures, said in English for the API as they
were always said, and read back from a sentence stored before the codes."""

import pytest

from matcher.learning.refusals import (
    HAND,
    OTHER,
    Refusal,
    gap_widened,
    not_better,
    parse,
    too_few,
)

REFUSALS = [
    too_few(75, 20, least=200, each=30),
    not_better(HAND, ndcg=-0.02, low=-0.05, high=0.01, hit=0.0),
    not_better("model_4", ndcg=0.001, low=-0.003, high=0.006, hit=-0.02),
    gap_widened("good_exposure", "target_group", hand=0.1, model=0.2),
]


def test_the_english_sentences_are_the_ones_the_api_always_gave() -> None:
    assert [r.text for r in REFUSALS] == [
        "75 courses with an outcome, 20 good: a model needs at least 200, with 30 good and 30 not",
        "does not beat the hand weights: nDCG@10 difference -0.020 (95% interval -0.050 to "
        "+0.010), hit@5 difference +0.000",
        "does not beat the model in use (model_4): nDCG@10 difference +0.001 (95% interval "
        "-0.003 to +0.006), hit@5 difference -0.020",
        "good_exposure by target_group: the gap grows from 0.100 to 0.200",
    ]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: r.code)
def test_a_stored_sentence_reads_back_as_its_code(refusal: Refusal) -> None:
    assert parse(refusal.text) == refusal
    assert Refusal.read(refusal.text) == refusal
    assert Refusal.read(refusal.stored()) == refusal


def test_a_sentence_without_a_code_is_kept_whole() -> None:
    assert parse("the model was trained on other features") == Refusal(
        OTHER, {"text": "the model was trained on other features"}
    )
    assert Refusal.read("x").text == "x"
