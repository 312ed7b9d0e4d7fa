"""A citizen profile turned into what the scorer needs: masks, terms and resolved goals."""

from collections.abc import Mapping
from dataclasses import dataclass

from matcher.balance import BalanceTable
from matcher.competences import TOKEN, default_catalogue, tokens
from matcher.goal_reading import default_reader, reader_for
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

# Balance categories, worst first (the best of a field's occupations is the field's).
DEFAULT_BALANCE_ORDER = ("limited", "paradox", "good", "shortage")

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
    """For a goal given as a title only: the known job title (or field) it was read as."""
    confidence: float | None = None
    """... and how sure that reading is (0-1); None when the consultant gave the code."""
    field: str | None = None
    """For a goal read as an occupational field ("kontor"): the field's key."""


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
    competence_sources: tuple[tuple[str, str, str], ...] = ()
    """Each competence the citizen's texts name, with the first text that names it as written
    and where that comes from (skill, education, an experience's kind): the reasons show it."""
    counted: bool = True
    """Whether the search's total is wanted. A near-match search wants only its best few: it
    scores the candidates whose score bound can reach them, and its total counts only those
    (counting every candidate that passes the hard filters cost it a third of its time)."""
    limit_group: int | None = None
    """Searches of one call in the same group (one citizen's near-match searches) want only
    the best `limit` of them all: the others' rows are not explained."""
    learned_order: bool = True
    """A learned ranking in use orders this query's rows (a near-match search keeps the
    hand weights' order: it is a short list of what would do if something gave way, and the
    hand weights' bounds let it score a fraction of its candidates)."""

    @property
    def has_competences(self) -> bool:
        """Whether the citizen's texts name a competence of the catalogue."""
        return any(term.startswith(TOKEN) for term in self.terms)

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


def citizen_texts(profile: CitizenProfile) -> list[tuple[str, str]]:
    """Everything the citizen can do, as written, with where each comes from: "skill",
    "education", or the experience's kind (paid, unpaid, home, abroad, education)."""
    texts = [(skill, "skill") for skill in profile.skills]
    for item in profile.experience:
        texts.extend((text, item.kind) for text in (item.title, item.description) if text)
    texts.extend((education, "education") for education in profile.education)
    return texts


def competence_sources(profile: CitizenProfile) -> tuple[tuple[str, str, str], ...]:
    """Each competence the citizen's texts name: (key, the first text naming it, its source)."""
    catalogue = default_catalogue()
    found: dict[str, tuple[str, str, str]] = {}
    for text, source in citizen_texts(profile):
        for key in catalogue.read(text):
            found.setdefault(key, (key, text, source))
    return tuple(found.values())


def citizen_terms(profile: CitizenProfile) -> tuple[str, ...]:
    """What the citizen can do as terms: the stems of skills, experience (from home, abroad
    and unpaid work as much as paid) and education; the competences they name (`@key`); and
    the competences near those (`~@key`, partly credited)."""
    texts = [text for text, _ in citizen_texts(profile)]
    catalogue = default_catalogue()
    concepts = catalogue.read_many(texts)
    return normalise_many(texts) + tokens(concepts) + tokens(catalogue.related(concepts), near=True)


@dataclass(frozen=True, slots=True)
class GoalReading:
    """What a goal typed as a title is read as: the job title or field it most likely means,
    how sure that is (0-1), and the code or field taken (only when sure enough)."""

    occupation_code: str | None
    interpreted_as: str | None
    confidence: float | None
    field: str | None = None
    """The occupational field's key, for a goal read as a field ("kontor")."""


def read_goal(
    title: str, weights: ScoringWeights, occupations: OccupationTable | None = None
) -> GoalReading:
    """A goal given as a title only, read as the occupation or field it most likely means
    (matcher.goal_reading); taken when that is sure enough (goal_title_min_confidence)."""
    reading = (default_reader() if occupations is None else reader_for(occupations)).read(title)
    if reading is None:
        return GoalReading(None, None, None)
    sure = reading.confidence >= weights.goal_title_min_confidence
    return GoalReading(
        reading.occupation_code if sure else None,
        reading.title,
        round(reading.confidence, 3),
        reading.field.key if sure and reading.field is not None else None,
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
        code, interpreted, confidence, field = goal.occupation_code, None, None, None
        if code is None:
            reading = read_goal(goal.title, weights, occupations)
            code, interpreted, confidence, field = (
                reading.occupation_code,
                reading.interpreted_as,
                reading.confidence,
                reading.field,
            )
        category = _balance_category(balance, code, field, occupations)
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
                field=field,
            )
        )
    return tuple(goals)


def _balance_category(
    balance: BalanceTable, code: str | None, field: str | None, occupations: OccupationTable | None
) -> str | None:
    """The goal's balance category: its occupation's; for a field, the best of the field's
    occupations (a consultant who types "lager" aims at whichever warehouse job is open)."""
    if code:
        entry = balance.get(code)
        return entry.category if entry else None
    if field is None:
        return None
    table = occupations or default_occupations()
    found_field = table.field(field)
    units = found_field.units if found_field is not None else frozenset()
    found = [e.category for unit in sorted(units) if (e := balance.get(unit)) is not None]
    return max(found, key=lambda c: DEFAULT_BALANCE_ORDER.index(c), default=None)


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
        competence_sources=competence_sources(profile),
        goals=resolve_goals(profile, balance, weights),
        wants_paid_hours=wants_paid,
        limit=filters.limit,
        prefers_near_home=profile.prefers_near_home,
    )
