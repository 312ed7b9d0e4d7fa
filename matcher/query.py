"""A citizen profile turned into what the scorer needs: masks, terms and resolved goals."""

from collections.abc import Mapping
from dataclasses import dataclass

from matcher.balance import BalanceTable
from matcher.models import CitizenProfile, Coordinates
from matcher.occupations import OccupationTable, default_occupations
from matcher.text import normalise_many, normalise_title
from matcher.vocabulary import (
    ALL_PLACEMENTS_MASK,
    PAID_HOURS_PLACEMENT_TYPES,
    accommodation_mask,
    placement_mask,
)
from matcher.weights import ScoringWeights

# Citizens with little or no Danish need a workplace where that is no obstacle; when the
# consultant has not said so explicitly it is added as a soft need, and shown as such.
LIMITED_DANISH_LEVELS = frozenset({"none", "basic"})


@dataclass(frozen=True, slots=True)
class SuggestionFilters:
    """What a consultant narrows a request with; each replaces the profile's own value."""

    placement_types: frozenset[str] | None = None
    radius_km: float | None = None
    limit: int = 20


@dataclass(frozen=True, slots=True)
class ResolvedGoal:
    title: str
    occupation_code: str | None
    weight: float
    balance_category: str | None
    balance_weight: float
    normalised_title: str
    interpreted_as: str | None = None
    """For a goal given as a title only: the known job title it was read as."""
    confidence: float | None = None
    """... and how sure that reading is (0-1); None when the consultant gave the code."""


@dataclass(frozen=True, slots=True)
class CitizenQuery:
    target_group: str
    hard_needs: tuple[str, ...]
    soft_needs: tuple[str, ...]
    hard_mask: int
    soft_mask: int
    wanted_placement_mask: int
    hours_min: float
    hours_max: float
    location: Coordinates | None
    radius_km: float | None
    excluded_workplace_ids: tuple[int, ...]
    most_recent_employer_id: int | None
    terms: tuple[str, ...]
    goals: tuple[ResolvedGoal, ...]
    wants_paid_hours: bool
    limit: int
    prefers_near_home: bool = False
    # A near-match search turns one constraint around (matcher.near): only rows that fail it.
    lacking_needs: tuple[str, ...] = ()
    """Only rows that offer none of these accommodations."""
    lacking_mask: int = 0
    beyond_km: float | None = None
    """Only rows farther from home than this (and within radius_km)."""
    missing_placement_mask: int = 0
    """Only rows that offer the citizen none of these placement types (other types may be)."""
    relevant_only: bool = False
    """Only rows that share a term with the citizen or relate to one of the citizen's goals
    (every row, for a citizen with neither)."""
    learned_order: bool = True
    """A learned ranking in use orders this query's rows (a near-match search keeps the
    hand weights' order: it is a short list of what would do if something gave way, and the
    hand weights' bounds let it score a fraction of its candidates)."""

    @property
    def asks_relevance(self) -> bool:
        """Whether anything can be relevant to the citizen: a citizen with no terms and no
        goals finds every row equally relevant (and is ranked by fit alone)."""
        return bool(self.terms or self.goals)


def citizen_location(
    profile: CitizenProfile, postal_codes: Mapping[str, Coordinates]
) -> Coordinates | None:
    """The citizen's coordinates, or the centroid of the home postal code."""
    if profile.coordinates is not None:
        return profile.coordinates
    if profile.postal_code is not None:
        return postal_codes.get(profile.postal_code)
    return None


def citizen_terms(profile: CitizenProfile) -> tuple[str, ...]:
    """Normalised stems of everything the citizen can do: skills, experience, education."""
    texts: list[str] = list(profile.skills)
    for item in profile.experience:
        texts.extend((item.title, item.description))
    texts.extend(profile.education)
    return normalise_many(texts)


@dataclass(frozen=True, slots=True)
class GoalReading:
    """What a goal typed as a title is read as: the known title it most likely means, how
    sure that is (0-1), and the code taken (only when sure enough)."""

    occupation_code: str | None
    interpreted_as: str | None
    confidence: float | None


def read_goal(
    title: str, weights: ScoringWeights, occupations: OccupationTable | None = None
) -> GoalReading:
    """A goal given as a title only, read as the occupation it most likely means; the code is
    taken when that is sure enough (weights.goal_title_min_confidence)."""
    match = (occupations or default_occupations()).resolve(title)
    if match is None:
        return GoalReading(None, None, None)
    sure = match.confidence >= weights.goal_title_min_confidence
    return GoalReading(
        match.occupation_code if sure else None, match.title, round(match.confidence, 3)
    )


def resolve_goals(
    profile: CitizenProfile,
    balance: BalanceTable,
    weights: ScoringWeights,
    occupations: OccupationTable | None = None,
) -> tuple[ResolvedGoal, ...]:
    """Goal occupations with their DISCO code and balance; a goal given as a title only is
    read as the occupation it most likely means (read_goal)."""
    goals = []
    for goal in profile.goal_occupations:
        code, interpreted, confidence = goal.occupation_code, None, None
        if code is None:
            reading = read_goal(goal.title, weights, occupations)
            code, interpreted, confidence = (
                reading.occupation_code,
                reading.interpreted_as,
                reading.confidence,
            )
        entry = balance.get(code) if code else None
        category = entry.category if entry else None
        goals.append(
            ResolvedGoal(
                title=goal.title,
                occupation_code=code,
                weight=goal.weight,
                balance_category=category,
                balance_weight=weights.balance_weight(category),
                normalised_title=normalise_title(goal.title),
                interpreted_as=interpreted,
                confidence=confidence,
            )
        )
    return tuple(goals)


def build_query(
    profile: CitizenProfile,
    *,
    balance: BalanceTable,
    weights: ScoringWeights,
    postal_codes: Mapping[str, Coordinates],
    filters: SuggestionFilters = SuggestionFilters(),
) -> CitizenQuery:
    """Everything the scorer needs to know about one citizen and one request."""
    hard = tuple(dict.fromkeys(profile.hard_needs))
    soft = [code for code in dict.fromkeys(profile.soft_needs) if code not in hard]
    if (
        profile.danish_level in LIMITED_DANISH_LEVELS
        and "limited_danish_ok" not in hard
        and "limited_danish_ok" not in soft
    ):
        soft.append("limited_danish_ok")
    wanted_types = filters.placement_types or profile.placement_types
    wanted_mask = placement_mask(wanted_types) if wanted_types else ALL_PLACEMENTS_MASK
    wants_paid = profile.purpose == "paid_hours" or bool(
        set(wanted_types or ()) & PAID_HOURS_PLACEMENT_TYPES
    )
    radius = filters.radius_km if filters.radius_km is not None else profile.max_commute_km
    return CitizenQuery(
        target_group=profile.target_group,
        hard_needs=hard,
        soft_needs=tuple(soft),
        hard_mask=accommodation_mask(hard),
        soft_mask=accommodation_mask(soft),
        wanted_placement_mask=wanted_mask,
        hours_min=profile.hours.min,
        hours_max=profile.hours.max,
        location=citizen_location(profile, postal_codes),
        radius_km=radius,
        excluded_workplace_ids=tuple(sorted(profile.excluded_workplace_ids)),
        most_recent_employer_id=profile.most_recent_employer_id,
        terms=citizen_terms(profile),
        goals=resolve_goals(profile, balance, weights),
        wants_paid_hours=wants_paid,
        limit=filters.limit,
        prefers_near_home=profile.prefers_near_home,
    )
