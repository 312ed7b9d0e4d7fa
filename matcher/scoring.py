"""Hard filters, the score and its explanation, vectorised over a FunctionTable.

Both backends end here: the embedded index scores its whole table, OpenSearch's candidates are
turned into a small table and scored by the same code, so a suggestion's score and reasons
never depend on the backend.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from matcher.geo import haversine_km_many
from matcher.query import CitizenQuery, ResolvedGoal
from matcher.rules import DEFAULT_RULES, RuleBook
from matcher.table import FloatArray, FunctionTable, IntArray, Vocabulary
from matcher.text import surface_words
from matcher.vocabulary import (
    PAID_HOURS_MASK,
    PLACEMENT_TYPES,
    PRAKTIK_MASK,
    SUBSIDISED_MASK,
    placement_mask,
)
from matcher.weights import DEFAULT_WEIGHTS, FACTOR_NAMES, ScoringWeights


@dataclass(frozen=True, slots=True)
class ScoringContext:
    """Weights and the rules in force on the day of the request."""

    weights: ScoringWeights = DEFAULT_WEIGHTS
    rules: RuleBook = DEFAULT_RULES
    on: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True, slots=True)
class Scored:
    """Rows that passed every hard filter, with each factor's contribution."""

    rows: IntArray
    factors: dict[str, FloatArray]
    total: FloatArray
    distance_km: FloatArray | None
    available_placements: npt.NDArray[np.uint8]
    best_goal: IntArray
    goal_similarity: FloatArray


def _occupation_similarity(
    goals: tuple[ResolvedGoal, ...], title_keys: list[tuple[str, str]], weights: ScoringWeights
) -> FloatArray:
    """Similarity in [0, 1] of every goal (rows) to every (code, title) key (columns)."""
    similarity = np.zeros((len(goals), len(title_keys)), dtype=np.float64)
    if not goals or not title_keys:
        return similarity
    titles = [title for _, title in title_keys]
    ratios = process.cdist(
        [goal.normalised_title for goal in goals], titles, scorer=fuzz.token_set_ratio
    )
    fuzzy = np.where(ratios >= weights.fuzzy_title_min_ratio, ratios / 100.0, 0.0)
    for g, goal in enumerate(goals):
        code = goal.occupation_code
        if not code:
            continue
        for k, (key_code, _) in enumerate(title_keys):
            if key_code == code:
                similarity[g, k] = weights.same_unit_group
            elif key_code[:3] == code[:3]:
                similarity[g, k] = weights.same_minor_group
            elif key_code[:2] == code[:2]:
                similarity[g, k] = weights.same_sub_major_group
    return np.maximum(similarity, fuzzy)


def passes_hard_filters(
    table: FunctionTable,
    query: CitizenQuery,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> tuple[IntArray, npt.NDArray[np.uint8]]:
    """Rows that meet every hard filter except distance, and their placement types in common."""
    mask = np.ones(len(table), dtype=bool) if active is None else active.copy()
    if query.hard_mask:
        hard = np.uint32(query.hard_mask)
        mask &= (table.accommodations & hard) == hard
    mask &= (table.hours_min <= query.hours_max) & (table.hours_max >= query.hours_min)
    # Reasonableness rule: a full workplace takes no one more in praktik or wage subsidy.
    rule = context.rules.reasonableness_at(context.on)
    full = table.current_subsidised >= rule.limits(table.ordinary_employees)
    offered = np.where(
        full, table.placement_types & ~np.uint8(SUBSIDISED_MASK), table.placement_types
    )
    if query.most_recent_employer_id is not None:
        offered = np.where(
            table.workplace_id == query.most_recent_employer_id,
            offered & ~np.uint8(PRAKTIK_MASK),
            offered,
        )
    available = (offered & np.uint8(query.wanted_placement_mask)).astype(np.uint8)
    mask &= available != 0
    if query.excluded_workplace_ids:
        mask &= ~np.isin(table.workplace_id, np.array(query.excluded_workplace_ids))
    rows = np.flatnonzero(mask)
    return rows, available[rows]


def score(
    table: FunctionTable,
    query: CitizenQuery,
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> Scored:
    """Apply the hard filters and compute every factor for the rows that remain."""
    weights = context.weights
    rows, available = passes_hard_filters(table, query, context, active)
    distance: FloatArray | None = None
    if query.location is not None:
        distance = haversine_km_many(
            query.location.lat, query.location.lon, table.lat[rows], table.lon[rows]
        )
        if query.radius_km is not None:
            inside = distance <= query.radius_km
            rows, available, distance = rows[inside], available[inside], distance[inside]

    factors: dict[str, FloatArray] = {}
    query_term_ids = vocabulary.known(query.terms)
    if query.terms:
        overlap = table.overlap(query_term_ids)[rows].astype(np.float64)
        dice = 2.0 * overlap / (len(query.terms) + table.term_count[rows])
        factors["skills"] = weights.skills * dice
    else:
        factors["skills"] = np.zeros(len(rows))

    similarity = _occupation_similarity(query.goals, table.title_keys, weights)
    if len(query.goals):
        goal_weight = np.array([g.weight * g.balance_weight for g in query.goals])
        per_goal = similarity[:, table.title_key[rows]] * goal_weight[:, None]
        best_goal = np.argmax(per_goal, axis=0)
        goal_value = per_goal[best_goal, np.arange(len(rows))]
        goal_similarity = similarity[best_goal, table.title_key[rows]]
    else:
        best_goal = np.zeros(len(rows), dtype=np.int64)
        goal_value = np.zeros(len(rows))
        goal_similarity = np.zeros(len(rows))
    factors["goal_occupation"] = weights.goal_occupation * goal_value

    if query.soft_needs:
        met = np.bitwise_count(table.accommodations[rows] & np.uint32(query.soft_mask))
        factors["soft_needs"] = weights.soft_needs * met / len(query.soft_needs)
    else:
        factors["soft_needs"] = np.zeros(len(rows))

    if distance is not None:
        factors["distance"] = weights.distance * 0.5 ** (distance / weights.distance_half_life_km)
    else:
        factors["distance"] = np.zeros(len(rows))

    placements = table.record_placements[rows]
    strength = weights.record_prior_strength
    if query.wants_paid_hours:
        offers_paid = ((available & np.uint8(PAID_HOURS_MASK)) != 0).astype(np.float64)
        paid_rate = (table.record_paid[rows] + weights.paid_hours_prior_rate * strength) / (
            placements + strength
        )
        factors["paid_hours_potential"] = weights.paid_hours_potential * (
            0.5 * offers_paid + 0.5 * paid_rate
        )
    else:
        factors["paid_hours_potential"] = np.zeros(len(rows))

    good_rate = (table.record_good[rows] + weights.record_prior_rate * strength) / (
        placements + strength
    )
    factors["record"] = weights.record * good_rate

    total = np.zeros(len(rows))
    for name in FACTOR_NAMES:
        total = total + factors[name]
    return Scored(
        rows=rows,
        factors=factors,
        total=total,
        distance_km=distance,
        available_placements=available,
        best_goal=best_goal,
        goal_similarity=goal_similarity,
    )


def top(table: FunctionTable, scored: Scored, limit: int) -> IntArray:
    """Positions in `scored` of the best `limit` rows: score descending, then function id."""
    count = len(scored.rows)
    if count == 0 or limit <= 0:
        return np.zeros(0, dtype=np.int64)
    positions = np.arange(count)
    if count > limit:
        threshold = np.partition(scored.total, count - limit)[count - limit]
        positions = np.flatnonzero(scored.total >= threshold)
    function_ids = table.function_id[scored.rows[positions]]
    order = np.lexsort((function_ids, -scored.total[positions]))
    result: IntArray = positions[order][:limit]
    return result


@dataclass(frozen=True, slots=True)
class Factor:
    name: str
    contribution: float


@dataclass(frozen=True, slots=True)
class GoalMatch:
    title: str
    occupation_code: str | None
    balance_category: str | None
    similarity: float


@dataclass(frozen=True, slots=True)
class RecordSummary:
    placements: int
    good_outcomes: int
    paid_hours_outcomes: int
    smoothed_good_rate: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A workplace function proposed for a citizen, with the reasons for its score."""

    function_id: int
    workplace_id: int
    workplace_name: str
    function_title: str
    occupation_code: str
    industry: str
    postal_code: str
    score: float
    factors: tuple[Factor, ...]
    placement_types: tuple[str, ...]
    hard_needs_met: tuple[str, ...]
    soft_needs_met: tuple[str, ...]
    soft_needs_unmet: tuple[str, ...]
    matched_terms: tuple[str, ...]
    distance_km: float | None
    goal_occupation: GoalMatch | None
    record: RecordSummary
    max_praktik_weeks: int | None

    def document(self) -> dict[str, Any]:
        """As plain JSON data (what a batch snapshot stores); built by hand because
        dataclasses.asdict was most of a batch chunk's time."""
        goal = self.goal_occupation
        record = self.record
        return {
            "function_id": self.function_id,
            "workplace_id": self.workplace_id,
            "workplace_name": self.workplace_name,
            "function_title": self.function_title,
            "occupation_code": self.occupation_code,
            "industry": self.industry,
            "postal_code": self.postal_code,
            "score": self.score,
            "factors": [{"name": f.name, "contribution": f.contribution} for f in self.factors],
            "placement_types": list(self.placement_types),
            "hard_needs_met": list(self.hard_needs_met),
            "soft_needs_met": list(self.soft_needs_met),
            "soft_needs_unmet": list(self.soft_needs_unmet),
            "matched_terms": list(self.matched_terms),
            "distance_km": self.distance_km,
            "goal_occupation": None
            if goal is None
            else {
                "title": goal.title,
                "occupation_code": goal.occupation_code,
                "balance_category": goal.balance_category,
                "similarity": goal.similarity,
            },
            "record": {
                "placements": record.placements,
                "good_outcomes": record.good_outcomes,
                "paid_hours_outcomes": record.paid_hours_outcomes,
                "smoothed_good_rate": record.smoothed_good_rate,
            },
            "max_praktik_weeks": self.max_praktik_weeks,
        }


def explain(
    table: FunctionTable,
    scored: Scored,
    position: int,
    query: CitizenQuery,
    vocabulary: Vocabulary,
    context: ScoringContext,
) -> Suggestion:
    """The suggestion at one position of `scored`, with every reason behind its score."""
    row_index = int(scored.rows[position])
    row = table.rows[row_index]
    offered = row.accommodations
    soft_met = tuple(code for code in query.soft_needs if code in offered)
    soft_unmet = tuple(code for code in query.soft_needs if code not in offered)
    row_terms = table.terms.indices[
        table.terms.indptr[row_index] : table.terms.indptr[row_index + 1]
    ]
    matched_stems = {vocabulary.terms[t] for t in row_terms} & set(query.terms)
    factors = tuple(Factor(name, float(scored.factors[name][position])) for name in FACTOR_NAMES)
    goal: GoalMatch | None = None
    similarity = float(scored.goal_similarity[position])
    if query.goals and similarity > 0:
        best = query.goals[int(scored.best_goal[position])]
        goal = GoalMatch(best.title, best.occupation_code, best.balance_category, similarity)
    available = int(scored.available_placements[position])
    placement_types = tuple(code for code in PLACEMENT_TYPES if available & placement_mask([code]))
    strength = context.weights.record_prior_strength
    praktik = context.rules.praktik_length_at(context.on)
    return Suggestion(
        function_id=row.function_id,
        workplace_id=row.workplace_id,
        workplace_name=row.workplace_name,
        function_title=row.title,
        occupation_code=row.occupation_code,
        industry=row.industry,
        postal_code=row.postal_code,
        score=float(scored.total[position]),
        factors=factors,
        placement_types=placement_types,
        hard_needs_met=query.hard_needs,
        soft_needs_met=soft_met,
        soft_needs_unmet=soft_unmet,
        matched_terms=tuple(surface_words(row.texts, matched_stems)),
        distance_km=None if scored.distance_km is None else float(scored.distance_km[position]),
        goal_occupation=goal,
        record=RecordSummary(
            placements=row.record_placements,
            good_outcomes=row.record_good_outcomes,
            paid_hours_outcomes=row.record_paid_hours_outcomes,
            smoothed_good_rate=(
                row.record_good_outcomes + context.weights.record_prior_rate * strength
            )
            / (row.record_placements + strength),
        ),
        max_praktik_weeks=(
            praktik.max_weeks(query.target_group) if available & PRAKTIK_MASK else None
        ),
    )


def suggest(
    table: FunctionTable,
    query: CitizenQuery,
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> list[Suggestion]:
    """The best `query.limit` suggestions in the table, explained, best first."""
    scored = score(table, query, vocabulary, context, active)
    return [
        explain(table, scored, int(position), query, vocabulary, context)
        for position in top(table, scored, query.limit)
    ]


def merge_ranked(groups: list[list[Suggestion]], limit: int) -> list[Suggestion]:
    """Ranked lists from several tables merged into one: score descending, then function id."""
    merged = [suggestion for group in groups for suggestion in group]
    merged.sort(key=lambda s: (-s.score, s.function_id))
    return merged[:limit]
