"""Request and response bodies for citizen profiles; also their JSON Lines format.

A profile holds functional needs (codes from the vocabulary), never a diagnosis, and no CPR
number anywhere.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from api.auth.schemas import Team
from api.shared.schemas import (
    AccommodationCode,
    CoordinatesIn,
    FreeText,
    Id,
    ImportLine,
    OccupationCode,
    PlacementTypeList,
    PostalCode,
    Strict,
    Title,
    Version,
    WeeklyHours,
    _no_cpr,
    refused,
)
from matcher.models import (
    AccommodationNeed,
    CitizenProfile,
    Coordinates,
    Experience,
    GoalOccupation,
    HoursRange,
)

TargetGroup = Literal["sick_listed", "vulnerable_adult", "vulnerable_youth", "minority_women"]
Purpose = Literal["clarification", "training", "paid_hours", "ordinary_job", "flexjob", "education"]
DanishLevel = Literal["none", "basic", "conversational", "fluent", "native"]
ExperienceKind = Literal["paid", "unpaid", "home", "abroad", "education"]
Reference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$"),
    AfterValidator(_no_cpr),
]


class NeedIn(Strict):
    code: AccommodationCode
    hard: bool = Field(description="Hard: a workplace that cannot meet it is never suggested")


class ExperienceIn(Strict):
    title: Title
    description: FreeText = ""
    kind: ExperienceKind = "paid"
    years: float | None = Field(default=None, ge=0, le=60)


class GoalIn(Strict):
    title: Title
    occupation_code: OccupationCode | None = Field(
        default=None, description="DISCO-08; omitted, it is looked up from the title"
    )
    weight: float = Field(default=1.0, gt=0, le=1)


def _distinct_needs(needs: list[NeedIn]) -> list[NeedIn]:
    seen: set[str] = set()
    for need in needs:
        if need.code in seen:
            raise refused("listed_twice", code=need.code)
        seen.add(need.code)
    return needs


class CitizenIn(Strict):
    reference: Reference = Field(description="The consultant's case reference; never a CPR number")
    target_group: TargetGroup
    skills: list[Title] = Field(default_factory=list, max_length=100)
    experience: list[ExperienceIn] = Field(default_factory=list, max_length=50)
    education: list[Title] = Field(default_factory=list, max_length=20)
    danish_level: DanishLevel = "fluent"
    accommodation_needs: Annotated[list[NeedIn], AfterValidator(_distinct_needs)] = Field(
        default_factory=list
    )
    postal_code: PostalCode | None = None
    coordinates: CoordinatesIn | None = None
    max_commute_km: float | None = Field(default=None, gt=0, le=200)
    prefers_near_home: bool = Field(
        default=False,
        description="A soft preference beside the hard radius: nearer workplaces count more",
    )
    weekly_hours: WeeklyHours = Field(default_factory=lambda: WeeklyHours(min=2, max=37))
    goal_occupations: list[GoalIn] = Field(default_factory=list, max_length=10)
    placement_types: PlacementTypeList = Field(
        default_factory=list, description="Empty means any placement type"
    )
    purpose: Purpose = "training"
    most_recent_employer_id: Id | None = Field(
        default=None, description="Workplace id; never a praktik there"
    )
    excluded_workplace_ids: list[Id] = Field(default_factory=list, max_length=500)
    active: bool = Field(default=True, description="Batch re-ranking covers active citizens")

    def to_domain(self, *, citizen_id: int | None = None, version: int = 1) -> CitizenProfile:
        return CitizenProfile(
            id=citizen_id,
            version=version,
            reference=self.reference,
            target_group=self.target_group,
            skills=tuple(self.skills),
            experience=tuple(
                Experience(e.title, e.description, e.kind, e.years) for e in self.experience
            ),
            education=tuple(self.education),
            danish_level=self.danish_level,
            accommodation_needs=tuple(
                AccommodationNeed(n.code, n.hard) for n in self.accommodation_needs
            ),
            postal_code=self.postal_code,
            coordinates=(
                Coordinates(self.coordinates.lat, self.coordinates.lon)
                if self.coordinates
                else None
            ),
            max_commute_km=self.max_commute_km,
            prefers_near_home=self.prefers_near_home,
            hours=HoursRange(self.weekly_hours.min, self.weekly_hours.max),
            goal_occupations=tuple(
                GoalOccupation(g.title, g.occupation_code, g.weight) for g in self.goal_occupations
            ),
            placement_types=frozenset(self.placement_types),
            purpose=self.purpose,
            most_recent_employer_id=self.most_recent_employer_id,
            excluded_workplace_ids=frozenset(self.excluded_workplace_ids),
        )


class CitizenUpdate(CitizenIn):
    version: Version = Field(description="The version you read; a stale version is refused")
    id: Id | None = Field(default=None, description="May be sent back as read; must match the URL")
    team: str | None = Field(default=None, description="May be sent back as read; must not change")


class CitizenRecordLine(ImportLine, CitizenIn):
    """One line of a citizen JSON Lines file: the create body plus an optional id, and the
    consultants' team that follows the citizen (or the import's default team)."""

    team: Team | None = None


class CitizenOut(CitizenIn):
    id: int
    version: int
    team: str = Field(description="The consultants' team that follows the citizen")


class CitizenPageOut(Strict):
    total: int
    offset: int
    limit: int
    items: list[CitizenOut]
