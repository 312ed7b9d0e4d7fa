"""Scoring citizens against a table a block at a time, and the best rows of each, explained.

Both backends end here: the embedded index scores its whole table, OpenSearch's candidates are
turned into a small table and scored by the same code, so a suggestion's score and reasons
never depend on the backend.
"""

import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.query import CitizenQuery
from matcher.scoring import candidates as candidate_rows
from matcher.scoring.context import Scored, ScoringContext
from matcher.scoring.explanation import Suggestion, explain_best
from matcher.scoring.factors import factors, fit_share, score_bounds
from matcher.scoring.filters import Pairs, column, hard_filtered
from matcher.scoring.order import Best, best, best_together, relevant_count
from matcher.scoring.relevance import Relevance
from matcher.table import FloatArray, FunctionTable, IntArray, Vocabulary
from matcher.weights import FACTOR_NAMES, FIT_FACTORS, RELEVANCE_FACTORS, ScoringWeights

# A block scores this many citizens together, or fewer when their candidate rows (pairs of
# citizen and row) would pass PAIRS_PER_BLOCK: that bounds a block's memory to some 100 MB.
CITIZENS_PER_BLOCK = 64
PAIRS_PER_BLOCK = 1_500_000
# A search for the best few relevant rows among more than twice this many candidates scores
# this many with the highest score bounds first (at least BOUNDED_PER_ROW per row it wants).
BOUNDED_FIRST = 256
BOUNDED_PER_ROW = 32


def score_many(
    table: FunctionTable,
    queries: Sequence[CitizenQuery],
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> Iterator[Scored]:
    """For each query in order, the rows that pass every hard filter and their factors.

    Citizens are scored a block at a time: every filter and factor is one operation over the
    block's (citizen, row) pairs, not one pass over the table per citizen."""
    block: list[tuple[CitizenQuery, IntArray]] = []
    passing: list[int | None] = []
    pairs = 0
    relevance = Relevance(table, vocabulary, context)
    for query in queries:
        candidates = candidate_rows.candidates(table, query, active, relevance)
        passed = None
        if (
            query.relevant_only
            and query.limit > 0
            and query.asks_relevance
            and (context.model is None or not query.learned_order)  # hand weights' bounds
        ):
            worth = _worth_scoring(table, query, candidates, relevance, context)
            if query.counted and len(worth) < len(candidates):
                # The rows left out still count among those that pass the hard filters.
                passed = len(hard_filtered(table, [(query, candidates)], context).rows)
            candidates = worth
        if block and (
            len(block) >= CITIZENS_PER_BLOCK or pairs + len(candidates) > PAIRS_PER_BLOCK
        ):
            yield from _with_passing(_score_block(table, block, relevance, context), passing)
            block, passing, pairs = [], [], 0
        block.append((query, candidates))
        passing.append(passed)
        pairs += len(candidates)
    if block:
        yield from _with_passing(_score_block(table, block, relevance, context), passing)


def _with_passing(scored: Iterable[Scored], passing: list[int | None]) -> Iterator[Scored]:
    for found, passed in zip(scored, passing, strict=True):
        yield found if passed is None else dataclasses.replace(found, passing=passed)


def _worth_scoring(
    table: FunctionTable,
    query: CitizenQuery,
    candidates: IntArray,
    relevance: Relevance,
    context: ScoringContext,
) -> IntArray:
    """Of many candidates for the best few relevant rows (a near-match search), those that
    could be among them: the rows with the highest score bounds are scored first, and only
    the rows whose bound reaches the last of the best found there can do better."""
    first = max(BOUNDED_FIRST, BOUNDED_PER_ROW * query.limit)
    if len(candidates) <= 2 * first:
        return candidates
    bounds = score_bounds(table, query, candidates, relevance, context.weights, context.occupations)
    cut = len(bounds) - first
    highest = np.sort(np.argpartition(bounds, cut)[cut:])
    (scored,) = _score_block(table, [(query, candidates[highest])], relevance, context)
    if len(scored.rows) < query.limit:
        return candidates
    last = np.partition(scored.total, len(scored.rows) - query.limit)[-query.limit]
    # The margin keeps a row whose exact score could equal the last (sums in another order).
    kept: IntArray = candidates[bounds >= last - 1e-9]
    return kept


def score(
    table: FunctionTable,
    query: CitizenQuery,
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> Scored:
    """Apply the hard filters and compute every factor for the rows that remain."""
    return next(score_many(table, [query], vocabulary, context, active))


def _score_block(
    table: FunctionTable,
    block: list[tuple[CitizenQuery, IntArray]],
    relevance: Relevance,
    context: ScoringContext,
) -> list[Scored]:
    queries = [query for query, _ in block]
    pairs = hard_filtered(table, block, context)
    found, best_goal, goal_similarity = factors(
        table, queries, pairs, relevance, context.weights, context.occupations
    )
    pairs, found, best_goal, goal_similarity = _only_relevant(
        queries, pairs, found, best_goal, goal_similarity
    )
    fit_points, fit_share = _relevance_first(found, queries, pairs.owner, context.weights)
    total = np.zeros(len(pairs.rows))
    for name in FACTOR_NAMES:
        total = total + found[name]
    bounds = np.searchsorted(pairs.owner, np.arange(len(block) + 1)).tolist()
    return [
        Scored(
            rows=pairs.rows[start:end],
            factors={name: values[start:end] for name, values in found.items()},
            total=total[start:end],
            distance_km=pairs.distance[start:end] if pairs.located[position] else None,
            available_placements=pairs.available[start:end],
            best_goal=best_goal[start:end],
            goal_similarity=goal_similarity[start:end],
            fit_points=fit_points[start:end],
            fit_share=fit_share[start:end],
        )
        for position, (start, end) in enumerate(itertools.pairwise(bounds))
    ]


def _only_relevant(
    queries: list[CitizenQuery],
    pairs: Pairs,
    found: dict[str, FloatArray],
    best_goal: IntArray,
    goal_similarity: FloatArray,
) -> tuple[Pairs, dict[str, FloatArray], IntArray, FloatArray]:
    """For queries that want relevant rows only, drop the pairs with no skill and no goal
    points (the embedded index has mostly left them out already, OpenSearch's candidates
    have not)."""
    wants = column(queries, lambda q: q.relevant_only and q.asks_relevance, np.bool_)
    if not wants.any():
        return pairs, found, best_goal, goal_similarity
    relevance = sum((found[name] for name in RELEVANCE_FACTORS), np.zeros(len(pairs.rows)))
    keep = (relevance > 0) | ~wants[pairs.owner]
    return (
        pairs.kept(keep),
        {name: values[keep] for name, values in found.items()},
        best_goal[keep],
        goal_similarity[keep],
    )


def _relevance_first(
    found: dict[str, FloatArray],
    queries: list[CitizenQuery],
    owner: IntArray,
    weights: ScoringWeights,
) -> tuple[FloatArray, FloatArray]:
    """Scale the fit factors (in place) by each pair's relevance (weights.relevance_floor);
    return the fit points before scaling and the share of them that counts."""
    relevance = sum((found[name] for name in RELEVANCE_FACTORS), np.zeros(len(owner)))
    fit = sum((found[name] for name in FIT_FACTORS), np.zeros(len(owner)))
    share = fit_share(relevance, weights)
    asks = column(queries, lambda q: q.asks_relevance, np.bool_)[owner]
    share = np.where(asks, share, 1.0)
    for name in FIT_FACTORS:
        found[name] = found[name] * share
    return fit, share


@dataclass(frozen=True, slots=True)
class Ranked:
    """A citizen's best suggestions, and how many functions passed every hard filter."""

    total: int
    suggestions: list[Suggestion]
    relevant: int | None = None
    """How many of those have skill or goal points (None for a citizen with nothing to be
    relevant to); only they are suggestions."""


def suggest(
    table: FunctionTable,
    query: CitizenQuery,
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> list[Suggestion]:
    """The best `query.limit` suggestions in the table, explained, best first."""
    return suggest_many(table, [query], vocabulary, context, active)[0]


def suggest_many(
    table: FunctionTable,
    queries: Sequence[CitizenQuery],
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> list[list[Suggestion]]:
    """`suggest` for many citizens, scored a block of citizens at a time."""
    return [r.suggestions for r in rank_many(table, queries, vocabulary, context, active)]


def rank_many(
    table: FunctionTable,
    queries: Sequence[CitizenQuery],
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> list[Ranked]:
    """`suggest_many`, with how many functions passed each citizen's hard filters. A query
    with limit 0 only counts: its rows are filtered, not scored (unless it wants relevant rows
    only, which takes their scores)."""
    scoring = [query for query in queries if _scores(query)]
    ranked: list[Ranked] = []
    waiting: list[tuple[int, CitizenQuery, Scored, Best]] = []
    for query, rows in zip(
        scoring, score_many(table, scoring, vocabulary, context, active), strict=True
    ):
        found = best(table, rows, query.limit, query, context)
        if query.limit_group is not None:  # explained below if among its group's best
            waiting.append((len(ranked), query, rows, found))
        ranked.append(
            Ranked(
                total=len(rows.rows) if rows.passing is None else rows.passing,
                suggestions=[]
                if query.limit_group is not None
                else explain_best(
                    table, rows, query, found.positions, found.learned, vocabulary, context
                ),
                relevant=relevant_count(rows, query, context.weights),
            )
        )
    for index, query, rows, found in best_together(table, waiting):
        explained = explain_best(
            table, rows, query, found.positions, found.learned, vocabulary, context
        )
        ranked[index] = dataclasses.replace(ranked[index], suggestions=explained)
    done = iter(ranked)
    return [
        next(done) if _scores(query) else Ranked(count(table, query, context, active), [])
        for query in queries
    ]


def _scores(query: CitizenQuery) -> bool:
    return query.limit > 0 or query.relevant_only


def count(
    table: FunctionTable,
    query: CitizenQuery,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> int:
    """How many rows pass every hard filter for a citizen (none of them scored, so a query's
    `relevant_only` is not applied: `rank_many` scores such a query)."""
    rows = candidate_rows.candidates(table, query, active)
    return len(hard_filtered(table, [(query, rows)], context).rows)
