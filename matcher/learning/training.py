"""From a history to a judged candidate: train on the older courses, compare with the hand
weights on the newer, measure fairness on the live lists, and say whether it may rank."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matcher.learning.evaluation import ROUNDS, Comparison, History, compare, time_split
from matcher.learning.fairness import TOP, FairnessReport, Hits, Lists, exposure, report
from matcher.learning.model import LearnedRanking, TooFewOutcomes, train
from matcher.learning.refusals import HAND, Refusal, not_better
from matcher.scoring import Suggestion


@dataclass
class Candidate:
    """A trained model and its report, or why none could be trained."""

    model: LearnedRanking | None
    trained_on: int = 0  # courses in the training window
    tested_on: int = 0  # courses in the test window
    windows: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    comparison: Comparison | None = None
    fairness: FairnessReport | None = None
    against_current: Comparison | None = None  # with the model in use, when one is
    refused: list[Refusal] = field(default_factory=list)

    @property
    def may_rank(self) -> bool:
        """It beats the hand weights and passes the fairness gate."""
        return self.model is not None and not self.refused


def lists_of(
    groups: Mapping[str, npt.NDArray[np.str_]],
    hand: Sequence[Sequence[Suggestion]],
    model: Sequence[Sequence[Suggestion]],
) -> Lists:
    """The live lists' figures from each citizen's suggestions under both systems: `hand`
    the REACH best by the hand weights, `model` the TOP best by the model."""
    return Lists(
        groups=groups,
        suggestions=np.array([min(len(s), TOP) for s in hand], dtype=np.int64),
        good={
            "hand": np.array([exposure(s, s) for s in hand], dtype=np.float64),
            "model": np.array([exposure(m, s) for s, m in zip(hand, model, strict=True)]),
        },
    )


def judge(
    history: History,
    lists: Callable[[LearnedRanking], Lists],
    *,
    rounds: int = ROUNDS,
    current: LearnedRanking | None = None,
) -> Candidate:
    """Train a model on the older courses and judge it: `lists` gives the live lists' figures
    with the model and with the hand weights (the fairness gate reads them). With a model in
    use (`current`), the new one must beat it as well as the hand weights."""
    older, newer = time_split(history)
    windows = {"train": _window(older), "test": _window(newer)}
    try:
        model = train(older.features, older.good)
    except TooFewOutcomes as exc:
        return Candidate(None, len(older), len(newer), windows, refused=[exc.refusal])
    comparison, learned, hand = compare(newer, model.ranking_values(newer.features), rounds=rounds)
    tested = newer.take(learned.first)
    hits = Hits(
        groups={"target_group": tested.target_group, "danish_level": tested.danish_level},
        hit={"hand": hand.values["hit@5"], "model": learned.values["hit@5"]},
    )
    fairness = report(lists(model), hits)
    refused = [] if comparison.beats else [_not_better(comparison, HAND)]
    against = None
    if current is not None:
        values = model.ranking_values(newer.features)
        baseline = current.ranking_values(newer.features)
        against, _, _ = compare(newer, values, baseline=baseline, rounds=rounds)
        if not against.beats:
            refused.append(_not_better(against, current.label))
    refused += fairness.reasons()
    return Candidate(
        model,
        len(older),
        len(newer),
        windows,
        comparison=comparison,
        fairness=fairness,
        against_current=against,
        refused=refused,
    )


def _window(history: History) -> tuple[str, str] | None:
    found = history.window()
    return None if found is None else (found[0].isoformat(), found[1].isoformat())


def _not_better(comparison: Comparison, against: str) -> Refusal:
    ndcg = comparison.difference["ndcg@10"]
    hit = comparison.difference["hit@5"].mean
    return not_better(against, ndcg=ndcg.mean, low=ndcg.low, high=ndcg.high, hit=hit)
