"""Domain objects: workplaces with their functions, and citizen profiles.

These are plain frozen dataclasses; validation of user input happens at the edges (the API
schemas) using the checks in `matcher.validation`, so that the domain never holds a bad value.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class HoursRange:
    """Weekly hours, inclusive."""

    min: float
    max: float


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    """A workplace's track record: finished placements and how many ended well."""

    placements: int = 0
    good_outcomes: int = 0
    paid_hours_outcomes: int = 0


@dataclass(frozen=True, slots=True)
class WorkplaceContact:
    """Whom a consultant calls at the workplace (employer data, never a citizen's)."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class WorkplaceFunction:
    """A job function at a workplace; one suggestion is one function."""

    id: int
    title: str
    occupation_code: str
    tasks: tuple[str, ...]
    hours: HoursRange
    placement_types: frozenset[str]
    accommodations: frozenset[str]


@dataclass(frozen=True, slots=True)
class Workplace:
    id: int
    name: str
    address: str
    postal_code: str
    coordinates: Coordinates
    industry: str
    ordinary_employees: int
    current_subsidised_placements: int
    accommodations: frozenset[str]
    functions: tuple[WorkplaceFunction, ...]
    record: PlacementRecord = PlacementRecord()
    contact: WorkplaceContact = WorkplaceContact()
    version: int = 1
    monthly_enquiries: int | None = None
    """How many enquiries about citizens a month the workplace accepts (None: the default
    for its size, matcher.load.default_monthly_enquiries)."""


@dataclass(frozen=True, slots=True)
class AccommodationNeed:
    code: str
    hard: bool


@dataclass(frozen=True, slots=True)
class Experience:
    """Work experience, including unpaid work, work at home and work abroad."""

    title: str
    description: str = ""
    kind: str = "paid"
    years: float | None = None


@dataclass(frozen=True, slots=True)
class GoalOccupation:
    """An occupation the citizen aims for; weight in (0, 1] says how much it is preferred."""

    title: str
    occupation_code: str | None = None
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class CitizenProfile:
    """What the matcher knows about a citizen: functional needs, never diagnoses."""

    reference: str
    target_group: str
    skills: tuple[str, ...] = ()
    experience: tuple[Experience, ...] = ()
    education: tuple[str, ...] = ()
    danish_level: str = "fluent"
    accommodation_needs: tuple[AccommodationNeed, ...] = ()
    postal_code: str | None = None
    coordinates: Coordinates | None = None
    max_commute_km: float | None = None
    prefers_near_home: bool = False
    """A soft preference beside the hard radius: distance counts more (see the weights)."""
    hours: HoursRange = HoursRange(2, 37)
    goal_occupations: tuple[GoalOccupation, ...] = ()
    placement_types: frozenset[str] = field(default_factory=frozenset)
    purpose: str = "training"
    most_recent_employer_id: int | None = None
    excluded_workplace_ids: frozenset[int] = field(default_factory=frozenset)
    id: int | None = None
    version: int = 1

    @property
    def hard_needs(self) -> list[str]:
        return [need.code for need in self.accommodation_needs if need.hard]

    @property
    def soft_needs(self) -> list[str]:
        return [need.code for need in self.accommodation_needs if not need.hard]
