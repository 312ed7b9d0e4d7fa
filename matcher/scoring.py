"""Hard filters, the score and its explanation, vectorised over a FunctionTable.

Both backends end here: the embedded index scores its whole table, OpenSearch's candidates are
turned into a small table and scored by the same code, so a suggestion's score and reasons
never depend on the backend.
"""

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from rapidfuzz import fuzz, process

from matcher.geo import RadianPoints
from matcher.query import CitizenQuery, ResolvedGoal
from matcher.rules import DEFAULT_RULES, RuleBook
from matcher.spatial import SpatialGrid
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

_T = TypeVar("_T")
_PLACEMENT_BITS = tuple((code, placement_mask([code])) for code in PLACEMENT_TYPES)


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


# A block scores this many citizens together, or fewer when their candidate rows (pairs of
# citizen and row) would pass PAIRS_PER_BLOCK: that bounds a block's memory to some 100 MB.
CITIZENS_PER_BLOCK = 64
PAIRS_PER_BLOCK = 1_500_000
# Below this many rows a table is scanned whole: a grid would cost more than it saves.
GRID_MIN_ROWS = 2048


def _derived(table: FunctionTable, key: object, make: Callable[[], _T]) -> _T:
    """A value computed from the table once and kept with it (tables never change)."""
    value = table.derived.get(key)
    if value is None:
        value = make()
        table.derived[key] = value
    return cast(_T, value)


def _offered(table: FunctionTable, context: ScoringContext) -> npt.NDArray[np.uint8]:
    """Placement types each row offers today: a workplace that is full under the
    reasonableness rule takes no one more in praktik or wage subsidy."""
    rule = context.rules.reasonableness_at(context.on)

    def make() -> npt.NDArray[np.uint8]:
        full = table.current_subsidised >= rule.limits(table.ordinary_employees)
        offered = np.where(
            full, table.placement_types & ~np.uint8(SUBSIDISED_MASK), table.placement_types
        )
        return offered.astype(np.uint8)

    return _derived(table, ("offered", rule), make)


def _goal_similarity(
    table: FunctionTable, goal: ResolvedGoal, weights: ScoringWeights
) -> FloatArray:
    """Similarity in [0, 1] of one goal occupation to each of the table's (code, title) keys:
    by DISCO-08 code prefix, or by a fuzzy title match, whichever is higher."""
    key = (
        "goal",
        goal.normalised_title,
        goal.occupation_code,
        weights.fuzzy_title_min_ratio,
        weights.same_unit_group,
        weights.same_minor_group,
        weights.same_sub_major_group,
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
        codes = _derived(table, "key_codes", lambda: [key_code for key_code, _ in keys])
        by_code = np.array(
            [
                weights.same_unit_group
                if key_code == code
                else weights.same_minor_group
                if key_code[:3] == code[:3]
                else weights.same_sub_major_group
                if key_code[:2] == code[:2]
                else 0.0
                for key_code in codes
            ],
            dtype=np.float64,
        )
        return np.maximum(by_code, fuzzy)

    return _derived(table, key, make)


def _candidates(
    table: FunctionTable, query: CitizenQuery, active: npt.NDArray[np.bool_] | None
) -> IntArray:
    """The rows worth looking at for a citizen: those that offer the citizen's rarest hard
    need (the other filters follow), and with a commute radius, only those near home."""
    key: object = "all"
    if query.hard_mask:
        counts = _derived(table, "accommodation_counts", lambda: _bit_counts(table))
        bits = [bit for bit in range(32) if query.hard_mask >> bit & 1]
        key = min(bits, key=lambda bit: counts[bit])
    rows = _derived(table, ("rows", key), lambda: _rows_offering(table, key))
    if query.location is not None and query.radius_km is not None and len(rows) >= GRID_MIN_ROWS:
        grid = _derived(table, ("grid", key), lambda: SpatialGrid(table.lat, table.lon, rows=rows))
        near = grid.rows_near(query.location.lat, query.location.lon, query.radius_km)
        if near is not None:
            rows = near
    if active is not None:
        rows = rows[active[rows]]
    return rows


def _bit_counts(table: FunctionTable) -> list[int]:
    """How many rows offer each accommodation bit."""
    return [int(np.count_nonzero(table.accommodations & np.uint32(1 << b))) for b in range(32)]


def _rows_offering(table: FunctionTable, bit: object) -> IntArray:
    """Rows that offer one accommodation bit, or every row ("all")."""
    if bit == "all":
        return np.arange(len(table), dtype=np.int64)
    assert isinstance(bit, int)
    return np.flatnonzero(table.accommodations & np.uint32(1 << bit)).astype(np.int64)


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
    pairs = 0
    for query in queries:
        candidates = _candidates(table, query, active)
        if block and (
            len(block) >= CITIZENS_PER_BLOCK or pairs + len(candidates) > PAIRS_PER_BLOCK
        ):
            yield from _score_block(table, block, vocabulary, context)
            block, pairs = [], 0
        block.append((query, candidates))
        pairs += len(candidates)
    if block:
        yield from _score_block(table, block, vocabulary, context)


def score(
    table: FunctionTable,
    query: CitizenQuery,
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> Scored:
    """Apply the hard filters and compute every factor for the rows that remain."""
    return next(score_many(table, [query], vocabulary, context, active))


def _column(queries: list[CitizenQuery], value: Callable[[CitizenQuery], Any], dtype: Any) -> Any:
    return np.array([value(q) for q in queries], dtype=dtype)


def _score_block(
    table: FunctionTable,
    block: list[tuple[CitizenQuery, IntArray]],
    vocabulary: Vocabulary,
    context: ScoringContext,
) -> list[Scored]:
    weights = context.weights
    queries = [query for query, _ in block]
    rows = np.concatenate([candidates for _, candidates in block])
    owner = np.repeat(
        np.arange(len(block), dtype=np.int64), [len(candidates) for _, candidates in block]
    )

    # Hard filters, the cheap ones first; each pass keeps the pairs that are still in.
    available = (
        _offered(table, context)[rows]
        & _column(queries, lambda q: q.wanted_placement_mask, np.uint8)[owner]
    )
    keep = available != 0
    keep &= table.hours_min[rows] <= _column(queries, lambda q: q.hours_max, np.float64)[owner]
    keep &= table.hours_max[rows] >= _column(queries, lambda q: q.hours_min, np.float64)[owner]
    hard = _column(queries, lambda q: q.hard_mask, np.uint32)
    if hard.any():
        needed = hard[owner]
        keep &= (table.accommodations[rows] & needed) == needed
    rows, owner, available = rows[keep], owner[keep], available[keep]

    employer = _column(
        queries,
        lambda q: -1 if q.most_recent_employer_id is None else q.most_recent_employer_id,
        np.int64,
    )
    if (employer >= 0).any():
        # Never praktik at the citizen's most recent employer.
        at_employer = table.workplace_id[rows] == employer[owner]
        available = np.where(at_employer, available & ~np.uint8(PRAKTIK_MASK), available)
        keep = available != 0
        rows, owner, available = rows[keep], owner[keep], available[keep]
    excluded = [
        (position, workplace_id)
        for position, query in enumerate(queries)
        for workplace_id in query.excluded_workplace_ids
    ]
    if excluded:
        span = int(max(int(table.workplace_id.max(initial=0)), *(w for _, w in excluded))) + 1
        pair_keys = owner * span + table.workplace_id[rows]
        keep = ~np.isin(pair_keys, np.array([p * span + w for p, w in excluded], dtype=np.int64))
        rows, owner, available = rows[keep], owner[keep], available[keep]

    located = _column(queries, lambda q: q.location is not None, np.bool_)
    distance = np.zeros(len(rows), dtype=np.float64)
    if located.any():
        home_lat = _column(queries, lambda q: q.location.lat if q.location else 0.0, np.float64)
        home_lon = _column(queries, lambda q: q.location.lon if q.location else 0.0, np.float64)
        places = _derived(table, "radians", lambda: RadianPoints.of(table.lat, table.lon))
        distance = RadianPoints.of(home_lat, home_lon).distances_km(owner, places, rows)
        radius = _column(
            queries,
            lambda q: q.radius_km if q.location is not None and q.radius_km is not None else np.inf,
            np.float64,
        )
        keep = distance <= radius[owner]
        rows, owner, available, distance = rows[keep], owner[keep], available[keep], distance[keep]

    factors = {
        "skills": _skills(table, queries, rows, owner, vocabulary, weights),
        "soft_needs": _soft_needs(table, queries, rows, owner, weights),
    }
    goal_value, best_goal, goal_similarity = _goals(table, queries, rows, owner, weights)
    factors["goal_occupation"] = weights.goal_occupation * goal_value
    factors["distance"] = np.where(
        located[owner], weights.distance * 0.5 ** (distance / weights.distance_half_life_km), 0.0
    )
    placements = table.record_placements[rows]
    strength = weights.record_prior_strength
    offers_paid = ((available & np.uint8(PAID_HOURS_MASK)) != 0).astype(np.float64)
    paid_rate = (table.record_paid[rows] + weights.paid_hours_prior_rate * strength) / (
        placements + strength
    )
    factors["paid_hours_potential"] = np.where(
        _column(queries, lambda q: q.wants_paid_hours, np.bool_)[owner],
        weights.paid_hours_potential * (0.5 * offers_paid + 0.5 * paid_rate),
        0.0,
    )
    good_rate = (table.record_good[rows] + weights.record_prior_rate * strength) / (
        placements + strength
    )
    factors["record"] = weights.record * good_rate
    total = np.zeros(len(rows))
    for name in FACTOR_NAMES:
        total = total + factors[name]

    bounds = np.searchsorted(owner, np.arange(len(block) + 1)).tolist()
    return [
        Scored(
            rows=rows[start:end],
            factors={name: values[start:end] for name, values in factors.items()},
            total=total[start:end],
            distance_km=distance[start:end] if located[position] else None,
            available_placements=available[start:end],
            best_goal=best_goal[start:end],
            goal_similarity=goal_similarity[start:end],
        )
        for position, (start, end) in enumerate(itertools.pairwise(bounds))
    ]


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
    asked_count = _column(queries, lambda q: len(q.terms), np.float64)[owner]
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
    wanted = _column(queries, lambda q: q.soft_mask, np.uint32)[owner]
    count = _column(queries, lambda q: len(q.soft_needs), np.float64)[owner]
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
            vector = _goal_similarity(table, goal, weights)
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
    placement_types = tuple(code for code, bit in _PLACEMENT_BITS if available & bit)
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
    return suggest_many(table, [query], vocabulary, context, active)[0]


def suggest_many(
    table: FunctionTable,
    queries: Sequence[CitizenQuery],
    vocabulary: Vocabulary,
    context: ScoringContext,
    active: npt.NDArray[np.bool_] | None = None,
) -> list[list[Suggestion]]:
    """`suggest` for many citizens, scored a block of citizens at a time."""
    return [
        [
            explain(table, scored, int(position), query, vocabulary, context)
            for position in top(table, scored, query.limit)
        ]
        for query, scored in zip(
            queries, score_many(table, queries, vocabulary, context, active), strict=True
        )
    ]


def merge_ranked(groups: list[list[Suggestion]], limit: int) -> list[Suggestion]:
    """Ranked lists from several tables merged into one: score descending, then function id."""
    merged = [suggestion for group in groups for suggestion in group]
    merged.sort(key=lambda s: (-s.score, s.function_id))
    return merged[:limit]
