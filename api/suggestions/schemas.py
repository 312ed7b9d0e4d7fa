"""Suggestion requests and the explained suggestions they return."""

from typing import Any

from pydantic import BaseModel, Field

from api.citizens.schemas import CitizenIn
from api.shared.schemas import PlacementTypeList, Strict
from matcher.load import is_busy
from matcher.near import Outcome, Relaxation
from matcher.scoring import GoalMatch, Suggestion
from store.load import Load

SCORE_DECIMALS = 4


class FiltersIn(Strict):
    placement_types: PlacementTypeList | None = Field(
        default=None, description="Only these placement types (replaces the profile's)"
    )
    radius_km: float | None = Field(
        default=None, gt=0, le=200, description="Replaces the profile's max commute"
    )
    limit: int = Field(default=20, ge=1, le=200)
    near_limit: int = Field(
        default=5,
        ge=0,
        le=50,
        description="How many near matches to list below the suggestions (0: none)",
    )


class SuggestionRequest(Strict):
    profile: CitizenIn
    filters: FiltersIn = Field(default_factory=FiltersIn)


class FactorOut(BaseModel):
    name: str
    contribution: float


class GoalOut(BaseModel):
    title: str
    occupation_code: str | None
    balance_category: str | None
    similarity: float
    relation: str | None = Field(
        default=None,
        description="How the function's occupation relates to the goal: same_occupation, "
        "same_minor_group, same_field, same_sub_major_group or similar_title",
    )
    field: str | None = Field(default=None, description="The shared occupational field")
    interpreted_as: str | None = Field(
        default=None, description="For a goal given as a title only: the job title it was read as"
    )
    confidence: float | None = Field(
        default=None, description="... and how sure that reading is (0-1)"
    )

    @staticmethod
    def data(goal: GoalMatch) -> dict[str, Any]:
        """The goal match as GoalOut's fields (validated with the response, in one pass)."""
        return {
            "title": goal.title,
            "occupation_code": goal.occupation_code,
            "balance_category": goal.balance_category,
            "similarity": round(goal.similarity, 3),
            "relation": goal.relation,
            "field": goal.field,
            "interpreted_as": goal.interpreted_as,
            "confidence": goal.confidence,
        }


class RecordOut(BaseModel):
    placements: int
    good_outcomes: int
    paid_hours_outcomes: int
    smoothed_good_rate: float


class HoursOut(BaseModel):
    min: float
    max: float


class ContactOut(BaseModel):
    name: str | None
    phone: str | None
    email: str | None


class LoadOut(BaseModel):
    """How busy a workplace is: open contacts (contacted or agreed), the enquiries made
    this month and how many a month it accepts."""

    open_contacts: int
    open_for_function: int | None = Field(
        default=None, description="Of the open contacts, those about this function"
    )
    enquiries_this_month: int
    monthly_capacity: int
    busy: bool = Field(description="This month's enquiries have reached the capacity")

    @classmethod
    def of(cls, load: Load, *, open_for_function: int | None = None) -> "LoadOut":
        return cls(
            open_contacts=load.open_contacts,
            open_for_function=open_for_function,
            enquiries_this_month=load.enquiries_this_month,
            monthly_capacity=load.monthly_capacity,
            busy=is_busy(load.enquiries_this_month, load.monthly_capacity),
        )


def shown_score(suggestion: Suggestion) -> float:
    """The score as the API shows it: the sum of the rounded factors, rounded."""
    return round(
        sum(round(f.contribution, SCORE_DECIMALS) for f in suggestion.factors), SCORE_DECIMALS
    )


class CompetenceOut(BaseModel):
    """What met what: a competence the function asks for, in the workplace's words and the
    citizen's."""

    label: str = Field(description="The competence (matcher/data/kompetencer.txt)")
    workplace_words: str = Field(description="The function's title or task that names it")
    citizen_words: str = Field(description="The citizen's skill, experience or education")
    source: str = Field(
        description="Where the citizen's words come from: skill, education, or the "
        "experience's kind (paid, unpaid, home, abroad, education)"
    )
    near: bool = Field(
        default=False,
        description="The citizen has a competence near this one (partly credited), named "
        "in citizen_label",
    )
    citizen_label: str | None = None


class SuggestionOut(BaseModel):
    rank: int
    function_id: int
    workplace_id: int
    workplace_name: str
    function_title: str
    occupation_code: str
    industry: str
    postal_code: str
    score: float = Field(description="The sum of the factors' contributions")
    factors: list[FactorOut]
    placement_types: list[str] = Field(description="Placement types available to this citizen")
    hard_needs_met: list[str]
    soft_needs_met: list[str]
    soft_needs_unmet: list[str]
    matched_terms: list[str]
    matched_competences: list[CompetenceOut] = Field(
        default_factory=list,
        description="What the citizen can do that the function asks for, shared competences "
        "first, then near ones",
    )
    distance_km: float | None
    goal_occupation: GoalOut | None
    record: RecordOut
    max_praktik_weeks: int | None
    fit_points: float = Field(
        default=0.0, description="The fit factors' points before relevance scaled them"
    )
    fit_share: float = Field(
        default=1.0,
        description="Relevance first: the share of the fit points that counts (1 from the "
        "relevance floor, 0 for a suggestion with no relevance)",
    )
    weekly_hours: HoursOut = Field(description="The function's weekly hours")
    free_places: int = Field(
        description="How many more people the workplace can take in praktik and wage subsidy "
        "today, under the reasonableness rule"
    )
    ranked_by: str = Field(
        default="hand_weights",
        description="What ordered it: hand_weights, or the learned model_<version> (which "
        "orders the relevant suggestions by its chance of a good outcome; the score and its "
        "factors stay the hand weights')",
    )
    learned: float | None = Field(
        default=None,
        description="The learned model's chance of a good outcome, when one ordered it",
    )
    contact: ContactOut | None = Field(
        default=None,
        description="Whom to call at the workplace (read from the store for the listed "
        "workplaces; not in batch snapshots, where it could be out of date)",
    )
    load: LoadOut | None = Field(
        default=None,
        description="How busy the workplace is now: open contacts, and this month's "
        "enquiries against what it accepts (read from the store; not in batch snapshots)",
    )

    @classmethod
    def of(cls, rank: int, suggestion: Suggestion) -> "SuggestionOut":
        """The suggestion as the API shows it."""
        return cls.model_validate(cls.data(rank, suggestion))

    @staticmethod
    def data(rank: int, suggestion: Suggestion) -> dict[str, Any]:
        """The suggestion as the API shows it, as SuggestionOut's fields: plain data that the
        response model validates in one pass (a model per factor, built one by one, cost a
        tenth of a request)."""
        contributions = [round(f.contribution, SCORE_DECIMALS) for f in suggestion.factors]
        goal, record = suggestion.goal_occupation, suggestion.record
        return {
            "rank": rank,
            "function_id": suggestion.function_id,
            "workplace_id": suggestion.workplace_id,
            "workplace_name": suggestion.workplace_name,
            "function_title": suggestion.function_title,
            "occupation_code": suggestion.occupation_code,
            "industry": suggestion.industry,
            "postal_code": suggestion.postal_code,
            # Rounded factors add up to the rounded score exactly as shown.
            "score": round(sum(contributions), SCORE_DECIMALS),
            "factors": [
                {"name": f.name, "contribution": c}
                for f, c in zip(suggestion.factors, contributions, strict=True)
            ],
            "placement_types": list(suggestion.placement_types),
            "hard_needs_met": list(suggestion.hard_needs_met),
            "soft_needs_met": list(suggestion.soft_needs_met),
            "soft_needs_unmet": list(suggestion.soft_needs_unmet),
            "matched_terms": list(suggestion.matched_terms),
            "matched_competences": [m.document() for m in suggestion.matched_competences],
            "distance_km": (
                None if suggestion.distance_km is None else round(suggestion.distance_km, 2)
            ),
            "goal_occupation": GoalOut.data(goal) if goal else None,
            "record": {
                "placements": record.placements,
                "good_outcomes": record.good_outcomes,
                "paid_hours_outcomes": record.paid_hours_outcomes,
                "smoothed_good_rate": round(record.smoothed_good_rate, 3),
            },
            "max_praktik_weeks": suggestion.max_praktik_weeks,
            "fit_points": round(suggestion.fit_points, SCORE_DECIMALS),
            "fit_share": round(suggestion.fit_share, 3),
            "weekly_hours": {"min": suggestion.weekly_hours[0], "max": suggestion.weekly_hours[1]},
            "free_places": suggestion.free_places,
            "ranked_by": suggestion.ranked_by,
            "learned": None if suggestion.learned is None else round(suggestion.learned, 4),
        }


class MissingOut(BaseModel):
    kind: str = Field(description='"need", "radius" or "placement_types"')
    need: str | None = Field(default=None, description="The hard need not offered")
    radius_km: float | None = Field(default=None, description="The citizen's radius")
    widened_km: float | None = Field(
        default=None, description="How far the near matches beyond the radius reach"
    )


def _missing(r: Relaxation) -> dict[str, Any]:
    """The relaxation as MissingOut's fields."""
    return {
        "kind": r.kind,
        "need": r.need,
        "radius_km": None if r.radius_km is None else round(r.radius_km, 2),
        "widened_km": None if r.widened_km is None else round(r.widened_km, 2),
    }


class NearMatchOut(SuggestionOut):
    """A workplace function that fails exactly one hard need, or the radius by a little."""

    missing: MissingOut


class LooseningOut(BaseModel):
    """Without this one constraint, the list would have `count` suggestions."""

    without: MissingOut
    count: int


class SuggestionsOut(BaseModel):
    citizen_id: int | None
    balance_area: str
    balance_period: str | None
    total: int = Field(description="How many suggestions are listed in items")
    items: list[SuggestionOut]
    matching: int = Field(
        default=0, description="How many functions meet every hard need and filter"
    )
    relevant: int | None = Field(
        default=None,
        description="How many of those have anything to do with the citizen's skills, "
        "experience or goals: only they are items (fewer than asked for when fewer are "
        "relevant; see near_matches). None for a citizen with no skills, experience, "
        "education or goals, whose items are the best of all matching functions",
    )
    near_matches: list[NearMatchOut] = Field(
        default_factory=list,
        description="Never among the items: functions failing exactly one hard need or the "
        "radius by a little, best first, each with what it lacks",
    )
    why_empty: list[LooseningOut] | None = Field(
        default=None,
        description="Only when there are fewer items than asked: how many more functions "
        "would pass (failing only it, relevant or not) with each hard need or filter given "
        "up alone, most first",
    )

    @classmethod
    def of(
        cls,
        outcome: Outcome,
        *,
        citizen_id: int | None,
        balance_area: str,
        balance_period: str | None,
    ) -> "SuggestionsOut":
        return cls.model_validate(
            {
                "citizen_id": citizen_id,
                "balance_area": balance_area,
                "balance_period": balance_period,
                "total": len(outcome.suggestions),
                "items": [
                    SuggestionOut.data(rank, s)
                    for rank, s in enumerate(outcome.suggestions, start=1)
                ],
                "matching": outcome.total,
                "relevant": outcome.relevant,
                "near_matches": [
                    SuggestionOut.data(rank, match.suggestion)
                    | {"missing": _missing(match.missing)}
                    for rank, match in enumerate(outcome.near_matches, start=1)
                ],
                "why_empty": None
                if outcome.why_empty is None
                else [
                    {"without": _missing(loosening.relaxation), "count": loosening.count}
                    for loosening in outcome.why_empty
                ],
            }
        )
