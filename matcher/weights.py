"""Every weight the score uses, in one place.

The score of a suggestion is a sum of factor contributions, each at most its weight below, so a
perfect suggestion scores 100. Relevance (skills, goal) leads: the fit factors are scaled by
how relevant the suggestion is (see relevance_floor). Change them here (or in a weights file
named by the MATCHER_WEIGHTS_FILE setting, with the same field names) and nowhere else.
"""

from dataclasses import dataclass, field, fields, replace
from typing import Any

FACTOR_NAMES = (
    "skills",
    "goal_occupation",
    "soft_needs",
    "distance",
    "paid_hours_potential",
    "record",
)
RELEVANCE_FACTORS = ("skills", "goal_occupation")
"""What the workplace's work has to do with the citizen: these lead the score."""
FIT_FACTORS = ("soft_needs", "distance", "paid_hours_potential", "record")
"""How well the workplace suits the citizen otherwise: these order the relevant ones."""


@dataclass(frozen=True, slots=True)
class ScoringWeights:
    # Factor maxima (points); they add up to 100.
    skills: float = 35.0
    """Skills, experience and education against the function's title and tasks: the
    competences they share (matcher.competences), and as a weak signal the words."""
    goal_occupation: float = 25.0
    """Best goal occupation: preference weight x occupation similarity x balance weight."""
    soft_needs: float = 15.0
    """Share of the citizen's soft needs the workplace meets; all of it when there are none."""
    distance: float = 10.0
    """Distance decay from home; 0 when the citizen's location is unknown."""
    distance_near_home: float = 20.0
    """... for a citizen who prefers to stay near home (a soft preference beside the hard
    radius): distance counts this much instead, so such a citizen's best score is 110."""
    paid_hours_potential: float = 5.0
    """Only when the citizen wants paid hours: half for offering paid hours, half for the
    workplace's smoothed record of turning placements into paid hours."""
    record: float = 10.0
    """The workplace's smoothed share of placements that ended well."""

    relevance_floor: float = 30.0
    """Relevance first: the fit factors count in full for a suggestion with at least this many
    relevance points (skills + goal), and in proportion below it, so a workplace with no
    relevance gets no fit points and never outranks a relevant one. (A citizen with no skills,
    experience, education or goals has nothing to be relevant to: fit counts in full.)"""

    # Shapes of the factors.
    near_radius_share: float = 0.5
    """Near matches: a workplace beyond the commute radius by at most this share of it (or by
    near_radius_min_km, whichever is more) is shown as a near match, what it lacks named."""
    near_radius_min_km: float = 2.0

    distance_half_life_km: float = 4.0
    """The distance contribution halves with every this many kilometres."""
    record_prior_rate: float = 0.5
    """Good-outcome rate assumed for a workplace with no record."""
    record_prior_strength: float = 4.0
    """How many placements' worth of weight the prior has, so one placement cannot dominate."""
    paid_hours_prior_rate: float = 0.2
    """Paid-hours conversion rate assumed for a workplace with no record."""
    competence_share: float = 0.75
    """The share of the skills points that shared competences earn (the rest: shared words),
    for a citizen whose texts name a competence; words alone count for one whose do not."""
    competences_for_full: float = 4.0
    """Shared competences that earn all the competence points (in proportion below): the
    points never depend on how many tasks a posting lists."""
    near_competence_credit: float = 0.25
    """What a competence near one of the citizen's (broader, narrower, beside it) counts as,
    against 1 for one the citizen has."""
    words_for_full: float = 4.0
    """Shared word stems that earn all the word points."""
    fuzzy_title_min_ratio: float = 75.0
    """rapidfuzz token-set ratio (0-100) from which a goal title counts as the same occupation."""
    same_unit_group: float = 1.0
    """Occupation similarity when the DISCO-08 codes are equal (4 digits)."""
    same_minor_group: float = 0.6
    """... when the first 3 digits are equal."""
    same_sub_major_group: float = 0.3
    """... when the first 2 digits are equal."""
    same_field: float = 0.5
    """... when both belong to one occupational field (fagområde, e.g. logistics covering
    warehouse work, sorting and transport); the highest of these that applies counts."""
    goal_field: float = 0.8
    """... when the goal was typed as a field ("kontor", "lager") and the function's
    occupation belongs to that field."""
    goal_title_min_confidence: float = 0.8
    """A goal given as a title only takes the code of the occupation it most likely means when
    that is at least this sure (0-1); below it, only the title is compared."""
    balance: dict[str, float] = field(
        default_factory=lambda: {
            "shortage": 1.0,
            "good": 0.9,
            "paradox": 0.6,
            "limited": 0.3,
            "unknown": 0.5,
        }
    )
    """Balance weight of a goal occupation by its labour-market balance category."""

    def relation_weight(self, relation: str) -> float:
        """Occupation similarity for one kind of relation (matcher.occupations.RELATIONS)."""
        return {
            "same_occupation": self.same_unit_group,
            "same_minor_group": self.same_minor_group,
            "same_field": self.same_field,
            "same_sub_major_group": self.same_sub_major_group,
        }[relation]

    def best_score(self, *, near_home: bool = False) -> float:
        """The most a suggestion can score (100 with the default weights; more for a citizen
        who prefers to stay near home, whose distance counts distance_near_home)."""
        most = sum(getattr(self, name) for name in FACTOR_NAMES)
        return most - self.distance + self.distance_near_home if near_home else most

    def balance_weight(self, category: str | None) -> float:
        return self.balance.get(category or "unknown", self.balance["unknown"])


DEFAULT_WEIGHTS = ScoringWeights()


def weights_from_mapping(values: dict[str, Any]) -> ScoringWeights:
    """Weights with the given fields replaced; raises ValueError naming an unknown field."""
    known = {f.name for f in fields(ScoringWeights)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"unknown scoring weight(s): {', '.join(unknown)}")
    balance = values.get("balance")
    if balance is not None:
        values = {**values, "balance": {**DEFAULT_WEIGHTS.balance, **balance}}
    return replace(DEFAULT_WEIGHTS, **values)
