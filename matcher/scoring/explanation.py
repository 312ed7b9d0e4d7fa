"""A suggestion and its reasons: each factor's contribution, the needs met and not met, the
words that matched, the goal occupation, the record, and how long a praktik may last."""

from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.competences import TOKEN, CompetenceMatch, default_catalogue, matches
from matcher.query import CitizenQuery
from matcher.scoring.context import Scored, ScoringContext
from matcher.scoring.factors import good_rate
from matcher.table import FloatArray, FunctionRow, FunctionTable, IntArray, Vocabulary
from matcher.text import surface_words
from matcher.vocabulary import PLACEMENT_TYPES, PRAKTIK_MASK, placement_mask
from matcher.weights import FACTOR_NAMES

HAND_WEIGHTS = "hand_weights"
"""What ranked a suggestion when no learned ranking ordered it."""
_PLACEMENT_BITS = tuple((code, placement_mask([code])) for code in PLACEMENT_TYPES)


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
    relation: str
    """How the function's occupation relates to the goal: one of matcher.occupations.RELATIONS,
    or "similar_title" when only the titles are alike."""
    field: str | None = None
    """The occupational field both belong to, when that is the relation."""
    interpreted_as: str | None = None
    confidence: float | None = None


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
    fit_points: float = 0.0
    """The fit factors' points before relevance scaled them."""
    fit_share: float = 1.0
    """The share of the fit points that counts: 1 for a suggestion relevant enough
    (relevance floor), less for one less relevant, 0 for one with no relevance at all."""
    weekly_hours: tuple[float, float] = (0.0, 0.0)
    """The function's weekly hours, least and most."""
    free_places: int = 0
    """How many more people the workplace can take in praktik and wage subsidy today, under
    the reasonableness rule (what the consultant asks the workplace about)."""
    learned: float | None = None
    """The learned ranking's probability of a good outcome, when one ordered this suggestion."""
    ranked_by: str = HAND_WEIGHTS
    """What ordered it: the hand weights, or a learned model (`model_<version>`)."""
    matched_competences: tuple[CompetenceMatch, ...] = ()
    """What the citizen can do that the function asks for: each shared competence (and each
    near one) in the workplace's words and the citizen's."""

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
                "relation": goal.relation,
                "field": goal.field,
                "interpreted_as": goal.interpreted_as,
                "confidence": goal.confidence,
            },
            "record": {
                "placements": record.placements,
                "good_outcomes": record.good_outcomes,
                "paid_hours_outcomes": record.paid_hours_outcomes,
                "smoothed_good_rate": record.smoothed_good_rate,
            },
            "max_praktik_weeks": self.max_praktik_weeks,
            "fit_points": self.fit_points,
            "fit_share": self.fit_share,
            "weekly_hours": {"min": self.weekly_hours[0], "max": self.weekly_hours[1]},
            "free_places": self.free_places,
            "learned": self.learned,
            "ranked_by": self.ranked_by,
            "matched_competences": [m.document() for m in self.matched_competences],
        }


def explain(
    table: FunctionTable,
    scored: Scored,
    position: int,
    query: CitizenQuery,
    vocabulary: Vocabulary,
    context: ScoringContext,
    *,
    learned: float | None = None,
    ranked_by: str = HAND_WEIGHTS,
) -> Suggestion:
    """The suggestion at one position of `scored`, with every reason behind its score (and
    what ordered it)."""
    row_index = int(scored.rows[position])
    row = table.row(row_index)
    offered = row.accommodations
    soft_met = tuple(code for code in query.soft_needs if code in offered)
    soft_unmet = tuple(code for code in query.soft_needs if code not in offered)
    factors = tuple(Factor(name, float(scored.factors[name][position])) for name in FACTOR_NAMES)
    available = int(scored.available_placements[position])
    placement_types = tuple(code for code, bit in _PLACEMENT_BITS if available & bit)
    max_weeks = context.rules.praktik_length_at(context.on).max_weeks(query.target_group)
    row_terms = _row_terms(table, row_index, vocabulary)
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
        matched_terms=_matched_terms(row, query, row_terms),
        distance_km=None if scored.distance_km is None else float(scored.distance_km[position]),
        goal_occupation=_goal_match(scored, position, query, row, context),
        record=_record(table, row_index, row, context),
        max_praktik_weeks=max_weeks if available & PRAKTIK_MASK else None,
        fit_points=float(scored.fit_points[position]),
        fit_share=float(scored.fit_share[position]),
        weekly_hours=(row.hours_min, row.hours_max),
        free_places=_free_places(row, context),
        learned=learned,
        ranked_by=ranked_by,
        matched_competences=_competences(query, row, row_terms),
    )


def explain_best(
    table: FunctionTable,
    scored: Scored,
    query: CitizenQuery,
    positions: IntArray,
    learned: FloatArray | None,
    vocabulary: Vocabulary,
    context: ScoringContext,
) -> list[Suggestion]:
    """The best rows found (their positions in `scored`, and the learned ranking's value of
    each: NaN where the score ordered it), explained, each saying what ranked it."""
    if learned is None:
        return [explain(table, scored, int(p), query, vocabulary, context) for p in positions]
    label = context.model.label if context.model is not None else HAND_WEIGHTS
    return [
        explain(
            table,
            scored,
            int(position),
            query,
            vocabulary,
            context,
            learned=None if np.isnan(value) else float(value),
            ranked_by=HAND_WEIGHTS if np.isnan(value) else label,
        )
        for position, value in zip(positions, learned, strict=True)
    ]


def _row_terms(table: FunctionTable, row_index: int, vocabulary: Vocabulary) -> list[str]:
    """The row's terms as the index holds them: stems and competences (`@key`)."""
    columns = table.terms.indices[table.terms.indptr[row_index] : table.terms.indptr[row_index + 1]]
    return [vocabulary.terms[column] for column in columns]


def _competences(
    query: CitizenQuery, row: FunctionRow, row_terms: list[str]
) -> tuple[CompetenceMatch, ...]:
    """What the citizen can do that the function asks for, in both sides' words."""
    asked = (term[len(TOKEN) :] for term in row_terms if term.startswith(TOKEN))
    return matches(default_catalogue(), query.competence_sources, row.texts, asked)


def _matched_terms(row: FunctionRow, query: CitizenQuery, row_terms: list[str]) -> tuple[str, ...]:
    """The function's words whose stems the citizen's share, as the function writes them."""
    return tuple(surface_words(row.texts, set(row_terms) & set(query.terms)))


def _free_places(row: FunctionRow, context: ScoringContext) -> int:
    """Room for more people in praktik and wage subsidy at the workplace today."""
    limit = context.rules.reasonableness_at(context.on).limit(row.ordinary_employees)
    return max(0, limit - row.current_subsidised_placements)


def _goal_match(
    scored: Scored, position: int, query: CitizenQuery, row: FunctionRow, context: ScoringContext
) -> GoalMatch | None:
    """The citizen's goal occupation closest to the function, if any is close at all, and how
    they are related."""
    similarity = float(scored.goal_similarity[position])
    if not query.goals or similarity <= 0:
        return None
    best = query.goals[int(scored.best_goal[position])]
    relation, field = "similar_title", None
    if best.field is not None and similarity <= context.weights.goal_field:
        relation, field = "same_field", best.interpreted_as
    elif best.occupation_code:
        weights = context.weights
        related = context.occupations.relations(best.occupation_code, row.occupation_code)
        strongest = max(related, key=lambda r: weights.relation_weight(r.kind), default=None)
        if strongest is not None and weights.relation_weight(strongest.kind) >= similarity:
            relation, field = strongest.kind, strongest.field
    return GoalMatch(
        best.title,
        best.occupation_code,
        best.balance_category,
        similarity,
        relation,
        field,
        best.interpreted_as,
        best.confidence,
    )


def _record(
    table: FunctionTable, row_index: int, row: FunctionRow, context: ScoringContext
) -> RecordSummary:
    return RecordSummary(
        placements=row.record_placements,
        good_outcomes=row.record_good_outcomes,
        paid_hours_outcomes=row.record_paid_hours_outcomes,
        smoothed_good_rate=float(good_rate(table, context.weights)[row_index]),
    )
