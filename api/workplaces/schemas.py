"""Request and response bodies for workplaces; also the JSON Lines import/export format."""

from typing import Any

from pydantic import Field, model_validator

from api.auth.schemas import Team
from api.shared.schemas import (
    AccommodationList,
    CoordinatesIn,
    Count,
    Email,
    FreeText,
    Id,
    ImportLine,
    Industry,
    OccupationCode,
    Phone,
    PlacementTypeList,
    PostalCode,
    Strict,
    Title,
    Version,
    WeeklyHours,
    refused,
)
from matcher.load import MAX_MONTHLY_ENQUIRIES, enquiry_capacity
from matcher.models import (
    Coordinates,
    HoursRange,
    PlacementRecord,
    Workplace,
    WorkplaceContact,
    WorkplaceFunction,
)


class RecordIn(Strict):
    placements: Count = 0
    good_outcomes: Count = 0
    paid_hours_outcomes: Count = 0

    @model_validator(mode="after")
    def _within_placements(self) -> "RecordIn":
        if self.good_outcomes > self.placements:
            raise refused("more_than_placements", counted="good_outcomes")
        if self.paid_hours_outcomes > self.placements:
            raise refused("more_than_placements", counted="paid_hours_outcomes")
        return self


class FunctionIn(Strict):
    id: Id | None = Field(
        default=None, description="Keep an existing function by sending its id; omit for a new one"
    )
    title: Title
    occupation_code: OccupationCode = Field(description="DISCO-08 code, 4 (or 6) digits")
    tasks: list[FreeText] = Field(default_factory=list, max_length=50)
    weekly_hours: WeeklyHours
    placement_types: PlacementTypeList = Field(min_length=1)
    accommodations: AccommodationList = Field(default_factory=list)

    def to_domain(self) -> WorkplaceFunction:
        return WorkplaceFunction(
            id=self.id or 0,
            title=self.title,
            occupation_code=self.occupation_code,
            tasks=tuple(t for t in self.tasks if t),
            hours=HoursRange(self.weekly_hours.min, self.weekly_hours.max),
            placement_types=frozenset(self.placement_types),
            accommodations=frozenset(self.accommodations),
        )


class ContactPersonIn(Strict):
    """Whom a consultant calls at the workplace about a placement."""

    name: Title | None = None
    phone: Phone | None = None
    email: Email | None = None


class WorkplaceIn(Strict):
    name: Title
    address: FreeText
    postal_code: PostalCode
    coordinates: CoordinatesIn | None = Field(
        default=None, description="Omit to use the postal code's centroid"
    )
    industry: Industry
    ordinary_employees: Count = Field(
        description="Ordinary employees (N in the reasonableness rule): not subsidised, "
        "fixed-term project or fleksjob staff",
    )
    current_subsidised_placements: Count = Field(
        default=0, description="People in praktik or wage subsidy now"
    )
    accommodations: AccommodationList = Field(
        default_factory=list, description="Accommodations the whole workplace can make"
    )
    record: RecordIn = Field(default_factory=RecordIn)
    contact: ContactPersonIn = Field(
        default_factory=ContactPersonIn, description="Whom a consultant calls about a placement"
    )
    functions: list[FunctionIn] = Field(min_length=1, max_length=100)
    monthly_enquiries: int | None = Field(
        default=None,
        ge=1,
        le=MAX_MONTHLY_ENQUIRIES,
        description="How many enquiries about citizens a month the workplace accepts; omit "
        "for the default by size (2 plus one per 10 ordinary employees, at most 20)",
    )

    @model_validator(mode="after")
    def _distinct_function_ids(self) -> "WorkplaceIn":
        ids = [f.id for f in self.functions if f.id]
        if len(ids) != len(set(ids)):
            raise refused("function_id_twice")
        return self

    def to_domain(self, *, workplace_id: int, coordinates: Coordinates) -> Workplace:
        return Workplace(
            id=workplace_id,
            name=self.name,
            address=self.address,
            postal_code=self.postal_code,
            coordinates=coordinates,
            industry=self.industry,
            ordinary_employees=self.ordinary_employees,
            current_subsidised_placements=self.current_subsidised_placements,
            accommodations=frozenset(self.accommodations),
            functions=tuple(f.to_domain() for f in self.functions),
            record=PlacementRecord(
                self.record.placements, self.record.good_outcomes, self.record.paid_hours_outcomes
            ),
            contact=WorkplaceContact(self.contact.name, self.contact.phone, self.contact.email),
            monthly_enquiries=self.monthly_enquiries,
        )


class WorkplaceUpdate(WorkplaceIn):
    version: Version = Field(description="The version you read; a stale version is refused")
    id: Id | None = Field(default=None, description="May be sent back as read; must match the URL")
    portfolio: str | None = Field(
        default=None, description="May be sent back as read; must not change"
    )
    enquiry_capacity: int | None = Field(
        default=None, description="May be sent back as read; ignored (see monthly_enquiries)"
    )


class WorkplaceRecordLine(ImportLine, WorkplaceIn):
    """One line of a workplace JSON Lines file: the create body plus an optional id, and the
    coordinators' team whose portfolio it is in (or the import's default)."""

    portfolio: Team | None = None


class FunctionOut(Strict):
    id: int
    title: str
    occupation_code: str
    tasks: list[str]
    weekly_hours: WeeklyHours
    placement_types: list[str]
    accommodations: list[str]


class WorkplaceOut(Strict):
    id: int
    version: int
    portfolio: str = Field(description="The employer-coordinators' team that may edit it")
    name: str
    address: str
    postal_code: str
    coordinates: CoordinatesIn
    industry: str
    ordinary_employees: int
    current_subsidised_placements: int
    accommodations: list[str]
    record: RecordIn
    contact: ContactPersonIn
    functions: list[FunctionOut]
    monthly_enquiries: int | None = Field(
        description="Enquiries a month it accepts as set (null: the default by size)"
    )
    enquiry_capacity: int = Field(description="Enquiries a month it accepts, default applied")

    @classmethod
    def of(cls, workplace: Workplace, *, portfolio: str) -> "WorkplaceOut":
        document = workplace_document(workplace, portfolio=portfolio)
        return cls.model_validate({**document, "enquiry_capacity": enquiry_capacity(workplace)})


class WorkplacePageOut(Strict):
    total: int
    offset: int
    limit: int
    items: list[WorkplaceOut]


def workplace_document(workplace: Workplace, *, portfolio: str) -> dict[str, Any]:
    """A workplace as JSON (the API's response and the export format)."""
    return {
        "id": workplace.id,
        "version": workplace.version,
        "portfolio": portfolio,
        "name": workplace.name,
        "address": workplace.address,
        "postal_code": workplace.postal_code,
        "coordinates": {"lat": workplace.coordinates.lat, "lon": workplace.coordinates.lon},
        "industry": workplace.industry,
        "ordinary_employees": workplace.ordinary_employees,
        "current_subsidised_placements": workplace.current_subsidised_placements,
        "accommodations": sorted(workplace.accommodations),
        "record": {
            "placements": workplace.record.placements,
            "good_outcomes": workplace.record.good_outcomes,
            "paid_hours_outcomes": workplace.record.paid_hours_outcomes,
        },
        "contact": {
            "name": workplace.contact.name,
            "phone": workplace.contact.phone,
            "email": workplace.contact.email,
        },
        "monthly_enquiries": workplace.monthly_enquiries,
        "functions": [
            {
                "id": f.id,
                "title": f.title,
                "occupation_code": f.occupation_code,
                "tasks": list(f.tasks),
                "weekly_hours": {"min": f.hours.min, "max": f.hours.max},
                "placement_types": sorted(f.placement_types),
                "accommodations": sorted(f.accommodations),
            }
            for f in workplace.functions
        ],
    }
