"""The factors of a score, over a block of (citizen, row) pairs that passed the hard filters:
skills, soft needs, goal occupations, distance, paid-hours potential and the record."""

import numpy as np
import scipy.sparse as sp

from matcher.occupations import OccupationTable
from matcher.query import CitizenQuery
from matcher.scoring.context import derived, smoothed_rate
from matcher.scoring.filters import Pairs, column
from matcher.scoring.goals import goal_similarity
from matcher.scoring.relevance import Relevance, TermCounts, split_counts, weighted_columns
from matcher.table import FloatArray, FunctionTable, IntArray, Vocabulary
from matcher.vocabulary import PAID_HOURS_MASK
from matcher.weights import ScoringWeights


def factors(
    table: FunctionTable,
    queries: list[CitizenQuery],
    pairs: Pairs,
    relevance: Relevance,
    weights: ScoringWeights,
    occupations: OccupationTable,
) -> tuple[dict[str, FloatArray], IntArray, FloatArray]:
    """Each factor's contribution for each pair; and each pair's best goal with its
    similarity (for the explanation)."""
    rows, owner = pairs.rows, pairs.owner
    found = {
        "skills": _skills(table, queries, rows, owner, relevance, weights),
        "soft_needs": _soft_needs(table, queries, rows, owner, weights),
    }
    goal_value, best_goal, best_similarity = _goals(
        table, queries, rows, owner, weights, occupations
    )
    found["goal_occupation"] = weights.goal_occupation * goal_value
    most = column(queries, lambda q: _most_distance(q, weights), np.float64)[owner]
    found["distance"] = np.where(
        pairs.located[owner],
        most * 0.5 ** (pairs.distance / weights.distance_half_life_km),
        0.0,
    )
    found["paid_hours_potential"] = _paid_hours_potential(table, queries, pairs, weights)
    found["record"] = weights.record * good_rate(table, weights)[rows]
    return found, best_goal, best_similarity


def good_rate(table: FunctionTable, weights: ScoringWeights) -> FloatArray:
    """Each row's workplace's smoothed rate of good outcomes (computed once per table)."""
    return _rate(table, "good", table.record_good, weights.record_prior_rate, weights)


def paid_rate(table: FunctionTable, weights: ScoringWeights) -> FloatArray:
    """Each row's workplace's smoothed rate of placements ending in paid hours."""
    return _rate(table, "paid", table.record_paid, weights.paid_hours_prior_rate, weights)


def _rate(
    table: FunctionTable, name: str, successes: FloatArray, prior: float, weights: ScoringWeights
) -> FloatArray:
    """A smoothed rate of the placements' outcomes for every row, kept with the table."""
    return derived(
        table,
        (name, prior, weights.record_prior_strength),
        lambda: smoothed_rate(
            successes,
            table.record_placements,
            prior_rate=prior,
            strength=weights.record_prior_strength,
        ),
    )


def fit_share(relevance: FloatArray, weights: ScoringWeights) -> FloatArray:
    """The share of its fit points a suggestion keeps: in proportion to its relevance points,
    in full from the relevance floor (for a citizen with something to be relevant to)."""
    floor = weights.relevance_floor
    if floor <= 0:
        return np.ones(len(relevance), dtype=np.float64)
    share: FloatArray = np.clip(relevance / floor, 0.0, 1.0)
    return share


def score_bounds(
    table: FunctionTable,
    query: CitizenQuery,
    rows: IntArray,
    relevance: Relevance,
    weights: ScoringWeights,
    occupations: OccupationTable,
) -> FloatArray:
    """For a citizen with something to be relevant to, the most each row could score: its
    relevance points (exact) and every fit factor at its most, scaled as relevance first
    scales them. A search for the best few can leave out every row whose bound is below the
    score of its few best found so far."""
    owner = np.zeros(len(rows), dtype=np.int64)
    points = _skills(table, [query], rows, owner, relevance, weights)
    goal_value, _, _ = _goals(table, [query], rows, owner, weights, occupations)
    points = points + weights.goal_occupation * goal_value
    most_fit = (
        weights.soft_needs
        + (0.0 if query.location is None else _most_distance(query, weights))
        + (weights.paid_hours_potential if query.wants_paid_hours else 0.0)
        + weights.record
    )
    bounds: FloatArray = points + fit_share(points, weights) * most_fit
    return bounds


def _most_distance(query: CitizenQuery, weights: ScoringWeights) -> float:
    return weights.distance_near_home if query.prefers_near_home else weights.distance


def _paid_hours_potential(
    table: FunctionTable, queries: list[CitizenQuery], pairs: Pairs, weights: ScoringWeights
) -> FloatArray:
    """For citizens who want paid hours: half whether the pair offers them, half how often
    the workplace's placements ended in paid hours."""
    rows = pairs.rows
    offers_paid = ((pairs.available & np.uint8(PAID_HOURS_MASK)) != 0).astype(np.float64)
    rates = paid_rate(table, weights)[rows]
    result: FloatArray = np.where(
        column(queries, lambda q: q.wants_paid_hours, np.bool_)[pairs.owner],
        weights.paid_hours_potential * (0.5 * offers_paid + 0.5 * rates),
        0.0,
    )
    return result


def _skills(
    table: FunctionTable,
    queries: list[CitizenQuery],
    rows: IntArray,
    owner: IntArray,
    relevance: Relevance,
    weights: ScoringWeights,
) -> FloatArray:
    """What the citizen can do against what the function asks: the competences they share
    (those near the citizen's partly), and, as a weak signal, the words they share. Each part
    grows with what is shared until it is full: a posting is worth neither more for listing
    fewer tasks nor less for listing more."""
    distinct = {query.terms for query in queries}
    if len(distinct) <= Relevance.KEPT:
        # A request's searches for one citizen: the term counts per row, read once.
        counts = np.zeros(len(rows), dtype=np.int64)
        bounds = np.searchsorted(owner, np.arange(len(queries) + 1)).tolist()
        for position, query in enumerate(queries):
            start, end = bounds[position], bounds[position + 1]
            counts[start:end] = relevance.shared_terms_of(query.terms, rows[start:end])
    else:
        counts = _overlap(table, queries, rows, owner, relevance.vocabulary)
    words, concepts, near = split_counts(counts)
    credit = concepts + weights.near_competence_credit * near
    competence = np.minimum(credit / weights.competences_for_full, 1.0)
    wording = np.minimum(words / weights.words_for_full, 1.0)
    # A citizen whose texts name no competence is matched on words alone.
    has_concepts = column(queries, lambda q: q.has_competences, np.bool_)[owner]
    share = np.where(has_concepts, weights.competence_share, 0.0)
    result: FloatArray = weights.skills * (share * competence + (1.0 - share) * wording)
    return result


def _overlap(
    table: FunctionTable,
    queries: list[CitizenQuery],
    rows: IntArray,
    owner: IntArray,
    vocabulary: Vocabulary,
) -> TermCounts:
    """Each pair's count of its citizen's terms (see matcher.scoring.relevance): one sparse
    product for a block of many citizens."""
    columns = table.terms.shape[1]
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    for query in queries:
        known, weight = weighted_columns(vocabulary, query.terms)
        inside = known < columns
        indices.extend(known[inside].tolist())
        data.extend(weight[inside].tolist())
        indptr.append(len(indices))
    asked = sp.csr_matrix(
        (np.array(data, dtype=np.int64), indices, indptr), shape=(len(queries), columns)
    )
    if not len(rows) or not asked.nnz:
        return np.zeros(len(rows), dtype=np.int64)
    # The product for the distinct rows in play only (citizens of a block look at many of
    # the same rows), then each pair reads its count by the row's position among them.
    in_play = np.zeros(len(table), dtype=np.bool_)
    in_play[rows] = True
    distinct = np.flatnonzero(in_play)
    position = np.zeros(len(table), dtype=np.int64)
    position[distinct] = np.arange(len(distinct))
    counts = (table.terms[distinct].astype(np.int64) @ asked.T).toarray()
    overlap: TermCounts = counts[position[rows], owner].astype(np.int64)
    return overlap


def _soft_needs(
    table: FunctionTable,
    queries: list[CitizenQuery],
    rows: IntArray,
    owner: IntArray,
    weights: ScoringWeights,
) -> FloatArray:
    """The share of each citizen's soft needs the row meets: all of them, for a citizen who
    has none (a need made hard leaves nothing wished for unmet)."""
    wanted = column(queries, lambda q: q.soft_mask, np.uint32)[owner]
    count = column(queries, lambda q: len(q.soft_needs), np.float64)[owner]
    met = np.bitwise_count(table.accommodations[rows] & wanted)
    result: FloatArray = np.divide(
        weights.soft_needs * met,
        count,
        out=np.full(len(rows), weights.soft_needs, dtype=np.float64),
        where=count > 0,
    )
    return result


def _goals(
    table: FunctionTable,
    queries: list[CitizenQuery],
    rows: IntArray,
    owner: IntArray,
    weights: ScoringWeights,
    occupations: OccupationTable,
) -> tuple[FloatArray, IntArray, FloatArray]:
    """Each pair's best goal: its value (preference x similarity x balance), which goal it is
    (the first of equals), and that goal's similarity to the row's occupation."""
    value = np.zeros(len(rows), dtype=np.float64)
    best = np.zeros(len(rows), dtype=np.int64)
    similarity = np.zeros(len(rows), dtype=np.float64)
    if not len(rows):
        return value, best, similarity
    title_key = table.title_key[rows]
    bounds = np.searchsorted(owner, np.arange(len(queries) + 1)).tolist()
    for position, query in enumerate(queries):
        start, end = bounds[position], bounds[position + 1]
        if start == end:
            continue
        keys = title_key[start:end]
        for g, goal in enumerate(query.goals):
            near = goal_similarity(table, goal, weights, occupations)[keys]
            worth = near * (goal.weight * goal.balance_weight)
            better = worth > value[start:end] if g else np.ones(end - start, dtype=np.bool_)
            value[start:end] = np.where(better, worth, value[start:end])
            best[start:end] = np.where(better, g, best[start:end])
            similarity[start:end] = np.where(better, near, similarity[start:end])
    return value, best, similarity
