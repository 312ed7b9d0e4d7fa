"""The factors of a score, over a block of (citizen, row) pairs that passed the hard filters:
skills, soft needs, goal occupations, distance, paid-hours potential and the record."""

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process

from matcher.occupations import OccupationTable
from matcher.query import CitizenQuery, ResolvedGoal
from matcher.scoring.context import derived, smoothed_rate
from matcher.scoring.filters import Pairs, column
from matcher.table import FloatArray, FunctionTable, IntArray, Vocabulary
from matcher.vocabulary import PAID_HOURS_MASK
from matcher.weights import ScoringWeights


def factors(
    table: FunctionTable,
    queries: list[CitizenQuery],
    pairs: Pairs,
    vocabulary: Vocabulary,
    weights: ScoringWeights,
    occupations: OccupationTable,
) -> tuple[dict[str, FloatArray], IntArray, FloatArray]:
    """Each factor's contribution for each pair; and each pair's best goal with its
    similarity (for the explanation)."""
    rows, owner = pairs.rows, pairs.owner
    found = {
        "skills": _skills(table, queries, rows, owner, vocabulary, weights),
        "soft_needs": _soft_needs(table, queries, rows, owner, weights),
    }
    goal_value, best_goal, goal_similarity = _goals(
        table, queries, rows, owner, weights, occupations
    )
    found["goal_occupation"] = weights.goal_occupation * goal_value
    most = np.where(
        column(queries, lambda q: q.prefers_near_home, np.bool_)[owner],
        weights.distance_near_home,
        weights.distance,
    )
    found["distance"] = np.where(
        pairs.located[owner],
        most * 0.5 ** (pairs.distance / weights.distance_half_life_km),
        0.0,
    )
    found["paid_hours_potential"] = _paid_hours_potential(table, queries, pairs, weights)
    found["record"] = weights.record * smoothed_rate(
        table.record_good[rows],
        table.record_placements[rows],
        prior_rate=weights.record_prior_rate,
        strength=weights.record_prior_strength,
    )
    return found, best_goal, goal_similarity


def _paid_hours_potential(
    table: FunctionTable, queries: list[CitizenQuery], pairs: Pairs, weights: ScoringWeights
) -> FloatArray:
    """For citizens who want paid hours: half whether the pair offers them, half how often
    the workplace's placements ended in paid hours."""
    rows = pairs.rows
    offers_paid = ((pairs.available & np.uint8(PAID_HOURS_MASK)) != 0).astype(np.float64)
    paid_rate = smoothed_rate(
        table.record_paid[rows],
        table.record_placements[rows],
        prior_rate=weights.paid_hours_prior_rate,
        strength=weights.record_prior_strength,
    )
    result: FloatArray = np.where(
        column(queries, lambda q: q.wants_paid_hours, np.bool_)[pairs.owner],
        weights.paid_hours_potential * (0.5 * offers_paid + 0.5 * paid_rate),
        0.0,
    )
    return result


def _skills(
    table: FunctionTable,
    queries: list[CitizenQuery],
    rows: IntArray,
    owner: IntArray,
    vocabulary: Vocabulary,
    weights: ScoringWeights,
) -> FloatArray:
    """Dice overlap of each citizen's stems with each row's: one sparse product for the block."""
    columns = table.terms.shape[1]
    indptr = [0]
    indices: list[int] = []
    for query in queries:
        known = vocabulary.known(query.terms)
        indices.extend(int(t) for t in known if t < columns)
        indptr.append(len(indices))
    asked = sp.csr_matrix(
        (np.ones(len(indices), dtype=np.int32), indices, indptr), shape=(len(queries), columns)
    )
    if not len(rows) or not asked.nnz:
        return np.zeros(len(rows), dtype=np.float64)
    # The product for the distinct rows in play only (citizens of a block look at many of
    # the same rows), then each pair reads its count by the row's position among them.
    in_play = np.zeros(len(table), dtype=np.bool_)
    in_play[rows] = True
    distinct = np.flatnonzero(in_play)
    position = np.zeros(len(table), dtype=np.int64)
    position[distinct] = np.arange(len(distinct))
    counts = (table.terms[distinct] @ asked.T).toarray()
    overlap = counts[position[rows], owner].astype(np.float64)
    asked_count = column(queries, lambda q: len(q.terms), np.float64)[owner]
    dice = np.divide(
        2.0 * overlap,
        asked_count + table.term_count[rows],
        out=np.zeros(len(rows), dtype=np.float64),
        where=asked_count > 0,
    )
    result: FloatArray = weights.skills * dice
    return result


def _soft_needs(
    table: FunctionTable,
    queries: list[CitizenQuery],
    rows: IntArray,
    owner: IntArray,
    weights: ScoringWeights,
) -> FloatArray:
    """The share of each citizen's soft needs the row meets."""
    wanted = column(queries, lambda q: q.soft_mask, np.uint32)[owner]
    count = column(queries, lambda q: len(q.soft_needs), np.float64)[owner]
    met = np.bitwise_count(table.accommodations[rows] & wanted)
    result: FloatArray = np.divide(
        weights.soft_needs * met, count, out=np.zeros(len(rows), dtype=np.float64), where=count > 0
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
    """Each pair's best goal: its value (preference x similarity x balance), which goal it is,
    and that goal's similarity to the row's occupation."""
    most = max((len(q.goals) for q in queries), default=0)
    if not most or not len(rows):
        zeros = np.zeros(len(rows), dtype=np.float64)
        return zeros, np.zeros(len(rows), dtype=np.int64), zeros
    # One similarity vector per distinct goal; slot 0 is "no goal" for citizens with fewer.
    vectors = [np.zeros(len(table.title_keys), dtype=np.float64)]
    slot = np.zeros((len(queries), most), dtype=np.int64)
    preference = np.zeros((len(queries), most), dtype=np.float64)
    seen: dict[int, int] = {}
    for position, query in enumerate(queries):
        for g, goal in enumerate(query.goals):
            vector = _goal_similarity(table, goal, weights, occupations)
            index = seen.setdefault(id(vector), len(vectors))
            if index == len(vectors):
                vectors.append(vector)
            slot[position, g] = index
            preference[position, g] = goal.weight * goal.balance_weight
    similarity = np.vstack(vectors)
    title_key = table.title_key[rows]
    per_goal = np.stack(
        [similarity[slot[owner, g], title_key] * preference[owner, g] for g in range(most)]
    )
    best = np.argmax(per_goal, axis=0)
    picked = np.arange(len(rows))
    return per_goal[best, picked], best, similarity[slot[owner, best], title_key]


def _goal_similarity(
    table: FunctionTable,
    goal: ResolvedGoal,
    weights: ScoringWeights,
    occupations: OccupationTable,
) -> FloatArray:
    """Similarity in [0, 1] of one goal occupation to each of the table's (code, title) keys:
    the closest relation of their DISCO-08 codes (same unit, minor or sub-major group, or a
    shared occupational field), or a fuzzy title match, whichever is higher."""
    key = (
        "goal",
        goal.normalised_title,
        goal.occupation_code,
        weights.fuzzy_title_min_ratio,
        weights.same_unit_group,
        weights.same_minor_group,
        weights.same_sub_major_group,
        weights.same_field,
        id(occupations),
    )

    def make() -> FloatArray:
        keys = table.title_keys
        if not keys:
            return np.zeros(0, dtype=np.float64)
        ratios = process.cdist(
            [goal.normalised_title],
            [title for _, title in keys],
            scorer=fuzz.token_set_ratio,
            dtype=np.float64,
        )[0]
        fuzzy = np.where(ratios >= weights.fuzzy_title_min_ratio, ratios / 100.0, 0.0)
        code = goal.occupation_code
        if not code:
            return fuzzy.astype(np.float64)
        codes = derived(table, "key_codes", lambda: [key_code for key_code, _ in keys])
        by_unit = {unit: code_similarity(occupations, code, unit, weights) for unit in set(codes)}
        by_code = np.array([by_unit[key_code] for key_code in codes], dtype=np.float64)
        return np.maximum(by_code, fuzzy)

    return derived(table, key, make)


def code_similarity(
    occupations: OccupationTable, goal_code: str, code: str, weights: ScoringWeights
) -> float:
    """How near a function's occupation is to a goal's, by their closest relation."""
    return max(
        (weights.relation_weight(r.kind) for r in occupations.relations(goal_code, code)),
        default=0.0,
    )
