"""Ranking quality measures for the evaluation harness (`matcher evaluate`).

A ranking is the workplace ids a system proposes, best first. A case grades the workplaces it
knows: 2 fits, 1 would do, 0 is no good; a trap is one the citizen must never be proposed
(it lacks a hard need). Every measure is over one case; `mean` averages over cases.
"""

import math
from collections.abc import Collection, Iterable, Mapping, Sequence


def hit_at(ranked: Sequence[int], relevant: Collection[int], k: int) -> float:
    """1 when a relevant workplace is among the first k, else 0."""
    return 1.0 if any(w in relevant for w in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[int], relevant: Collection[int]) -> float:
    """1 / the rank of the first relevant workplace; 0 when none is proposed."""
    for rank, workplace_id in enumerate(ranked, start=1):
        if workplace_id in relevant:
            return 1.0 / rank
    return 0.0


def _dcg(gains: Iterable[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at(ranked: Sequence[int], grades: Mapping[int, int], k: int) -> float:
    """Discounted gain of the first k against the best order of the graded workplaces
    (gain 2^grade - 1, discount log2(rank + 1)); 0 when the case grades nothing above 0."""
    ideal = _dcg(sorted((g for g in grades.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg(grades.get(w, 0) for w in ranked[:k]) / ideal


def trapped(ranked: Sequence[int], traps: Collection[int]) -> float:
    """1 when any trap is proposed at all, else 0."""
    return 1.0 if any(w in traps for w in ranked) else 0.0


def first_occurrences(workplace_ids: Iterable[int]) -> list[int]:
    """The ranking of workplaces from a ranking of functions: each workplace at its best rank."""
    return list(dict.fromkeys(workplace_ids))


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
