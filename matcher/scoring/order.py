"""The order of a citizen's scored rows: by the hand-weighted score, or, with a learned
ranking in use, the relevant rows by the model's probability of a good outcome first, then
the rest by their score. Ties go to more fit points, then to the lower function id."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.query import CitizenQuery
from matcher.scoring.context import Scored, ScoringContext
from matcher.scoring.explanation import Suggestion
from matcher.table import FloatArray, FunctionTable, IntArray
from matcher.weights import RELEVANCE_FACTORS, ScoringWeights


@dataclass(frozen=True, slots=True)
class Best:
    """Positions in a citizen's `Scored`, best first, and for each the learned ranking's
    value (NaN where the score ordered it; None when no learned ranking is in use)."""

    positions: IntArray
    learned: FloatArray | None

    def only(self, keep: npt.NDArray[np.bool_]) -> "Best":
        """The positions where `keep` is true, in the same order."""
        learned = None if self.learned is None else self.learned[keep]
        return Best(self.positions[keep], learned)


def relevance_points(scored: Scored) -> FloatArray:
    """Each scored row's relevance: its skill and goal points."""
    points: FloatArray = sum(
        (scored.factors[name] for name in RELEVANCE_FACTORS), np.zeros(len(scored.rows))
    )
    return points


def weighs_relevance(query: CitizenQuery, weights: ScoringWeights) -> bool:
    """Whether rows are told apart by relevance for this citizen: the citizen has something
    to be relevant to, and the weights give relevance points at all."""
    return query.asks_relevance and weights.skills + weights.goal_occupation > 0


def relevant_count(scored: Scored, query: CitizenQuery, weights: ScoringWeights) -> int | None:
    """How many scored rows have relevance (None when relevance tells no rows apart; for a
    search of relevant rows only, all that passed)."""
    if not weighs_relevance(query, weights):
        return None
    if query.relevant_only and scored.passing is not None:
        return scored.passing
    return int(np.count_nonzero(relevance_points(scored) > 0))


def best(
    table: FunctionTable, scored: Scored, limit: int, query: CitizenQuery, context: ScoringContext
) -> Best:
    """The best `limit` positions of `scored`, in the order of the context's ranking (the
    hand weights' for a query that keeps them). For a citizen with something to be relevant
    to, never a row with no relevance: every order puts such rows last, so they are the
    tail of the best few, and left off."""
    found = _best(table, scored, limit, query, context)
    if not weighs_relevance(query, context.weights) or not len(found.positions):
        return found
    return found.only(relevance_points(scored)[found.positions] > 0)


def _best(
    table: FunctionTable, scored: Scored, limit: int, query: CitizenQuery, context: ScoringContext
) -> Best:
    model = context.model if query.learned_order else None
    if model is None:
        return Best(top(table, scored, limit), None)
    count = len(scored.rows)
    if count == 0 or limit <= 0:
        return Best(np.zeros(0, dtype=np.int64), np.zeros(0))
    # Relevance first: a row with no relevance keeps none of its fit points (every row
    # keeps them all for a citizen with nothing to be relevant to), and the model never
    # lifts it over a relevant one.
    eligible = np.flatnonzero(scored.fit_share > 0)
    learned = np.zeros(count)
    if len(eligible):
        learned[eligible] = model.order(table, scored, eligible, query, context)
    looked_at = eligible if len(eligible) >= limit else np.arange(count)
    if len(looked_at) > limit and len(eligible) >= limit:
        threshold = np.partition(learned[eligible], len(eligible) - limit)[len(eligible) - limit]
        looked_at = eligible[learned[eligible] >= threshold]
    later = np.ones(count, dtype=np.int8)
    later[eligible] = 0
    order = np.lexsort(
        (
            table.function_id[scored.rows[looked_at]],
            -scored.fit_points[looked_at],
            -scored.total[looked_at],
            -learned[looked_at],
            later[looked_at],
        )
    )
    positions: IntArray = looked_at[order][:limit]
    return Best(positions, np.where(later[positions] == 0, learned[positions], np.nan))


def best_together(
    table: FunctionTable, searches: list[tuple[int, CitizenQuery, Scored, Best]]
) -> list[tuple[int, CitizenQuery, Scored, Best]]:
    """Searches in limit groups (a citizen's near-match searches, of which only the best few
    of them all are shown), each with only its rows among the best `limit` of its group, in
    the hand weights' order (score, fit points, function id: as `ranking_key` orders them)."""
    keys: dict[int | None, list[tuple[float, float, int, int, int]]] = {}
    limits: dict[int | None, int] = {}
    for n, (_, query, rows, found) in enumerate(searches):
        group = query.limit_group if found.learned is None else None  # learned: no cut
        function_ids = table.function_id[rows.rows[found.positions]].tolist()
        keys.setdefault(group, []).extend(
            (-float(rows.total[p]), -float(rows.fit_points[p]), f, n, int(p))
            for p, f in zip(found.positions, function_ids, strict=True)
        )
        limits[group] = max(limits.get(group, 0), query.limit)
    kept = {
        (n, p)
        for group, ranked in keys.items()
        for *_, n, p in (ranked if group is None else sorted(ranked)[: limits[group]])
    }
    return [
        (
            index,
            query,
            rows,
            found.only(np.array([(n, int(p)) in kept for p in found.positions], dtype=np.bool_)),
        )
        for n, (index, query, rows, found) in enumerate(searches)
    ]


def top(table: FunctionTable, scored: Scored, limit: int) -> IntArray:
    """Positions in `scored` of the best `limit` rows by score: score descending, then the
    fit points before scaling (which orders suggestions equally relevant, none at all
    included), then function id."""
    count = len(scored.rows)
    if count == 0 or limit <= 0:
        return np.zeros(0, dtype=np.int64)
    positions = np.arange(count)
    if count > limit:
        threshold = np.partition(scored.total, count - limit)[count - limit]
        positions = np.flatnonzero(scored.total >= threshold)
    function_ids = table.function_id[scored.rows[positions]]
    order = np.lexsort((function_ids, -scored.fit_points[positions], -scored.total[positions]))
    result: IntArray = positions[order][:limit]
    return result


def merge_ranked(groups: list[list[Suggestion]], limit: int) -> list[Suggestion]:
    """Ranked lists from several tables merged into one, in the order each was ranked by."""
    merged = [suggestion for group in groups for suggestion in group]
    merged.sort(key=ranking_key)
    return merged[:limit]


def ranking_key(suggestion: Suggestion) -> tuple[int, float, float, float, int]:
    """The order of suggestions (and near matches), best first, as `best` orders rows: those
    a learned ranking ordered by its value, then by score, fit points and function id."""
    learned = suggestion.learned
    return (
        1 if learned is None else 0,
        0.0 if learned is None else -learned,
        -suggestion.score,
        -suggestion.fit_points,
        suggestion.function_id,
    )
