"""Bodies of a placement after the contact: the individual plan (a draft filled from what is
known, then the agreed plan), follow-ups, the status 1, 3 and 6 months after the end, and the
follow-ups due."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field, StringConstraints

from api.shared.schemas import (
    MAX_WEEKLY_HOURS,
    AccommodationList,
    FreeLines,
    FreeText,
    PlacementType,
    Strict,
    Title,
    Version,
    refused,
)
from matcher.plans import MAX_PLAN_WEEKS
from matcher.vocabulary import MONTHS_AFTER

Hours = Annotated[float, Field(gt=0, le=MAX_WEEKLY_HOURS)]
Person = Annotated[Title, StringConstraints(max_length=120)]
Task = Annotated[Title, StringConstraints(max_length=200)]
StatusAfter = Literal[
    "ordinary_job", "paid_hours", "flexjob", "education", "public_benefits", "unknown"
]


class PlanIn(Strict):
    """The plan agreed with the workplace; the rules in force on the start date decide
    whether it may go ahead."""

    placement_type: PlacementType
    start_date: dt.date
    weeks: int = Field(ge=1, le=MAX_PLAN_WEEKS, description="Duration in weeks")
    start_hours: Hours = Field(description="Hours a week to begin with")
    target_hours: Hours = Field(description="Hours a week the ramp-up leads to")
    step_hours: float = Field(default=2, ge=0, le=10, description="Hours more at each step")
    step_every_weeks: int = Field(default=2, ge=1, le=13, description="Weeks between steps")
    tasks: list[Task] = Field(default_factory=list, max_length=30)
    goals: FreeLines | None = Field(
        default=None, description="Training goals, on as many lines as typed"
    )
    accommodations: AccommodationList = Field(
        default_factory=list, description="Accommodations and aids agreed"
    )
    contact_person: Person | None = None
    mentor: Person | None = None
    follow_up_every_weeks: int = Field(default=2, ge=1, le=13)
    paid_hours_week: int | None = Field(
        default=None, ge=1, le=MAX_PLAN_WEEKS, description="The week paid hours are discussed"
    )
    version: Version | None = Field(
        default=None, description="The plan's version you read; omit for a new plan"
    )


class StepOut(BaseModel):
    week: int
    from_date: dt.date
    hours: float


class ProblemOut(BaseModel):
    field: str
    reason: str = Field(description="Why the rules refuse it, in English")
    code: str = Field(description="Why, as a code (the same as a 422's)")
    params: dict[str, str | int | float | bool] = Field(description="The values it names")


class PlanOut(BaseModel):
    placement_id: int
    citizen_id: int
    workplace_id: int
    workplace_name: str
    function_title: str | None
    placement_type: str
    start_date: dt.date
    end_date: dt.date
    weeks: int
    start_hours: float
    target_hours: float
    step_hours: float
    step_every_weeks: int
    schedule: list[StepOut] = Field(description="The weeks in which the hours change")
    tasks: list[str]
    goals: str | None
    accommodations: list[str]
    contact_person: str | None
    mentor: str | None
    follow_up_every_weeks: int
    follow_up_dates: list[dt.date]
    paid_hours_week: int | None
    paid_hours_date: dt.date | None
    max_weeks: int = Field(description="The longest plan the rules allow for this citizen")
    version: int | None = Field(description="None for a draft that is not saved")
    consultant: str | None = Field(description="Who follows the placement up")
    updated_at: AwareDatetime | None
    problems: list[ProblemOut] = Field(
        default_factory=list, description="What the rules refuse (a draft may have some)"
    )


class FollowUpIn(Strict):
    held_on: dt.date
    hours_per_week: float = Field(ge=0, le=MAX_WEEKLY_HOURS, description="Hours a week now")
    works: FreeText | None = Field(default=None, description="What works")
    does_not_work: FreeText | None = Field(default=None, description="What does not")


class FollowUpOut(BaseModel):
    id: int
    held_on: dt.date
    hours_per_week: float
    works: str | None
    does_not_work: str | None
    at: AwareDatetime
    by: str


def _months_after(months: int) -> int:
    if months not in MONTHS_AFTER:
        raise refused("not_a_month_after", known=", ".join(map(str, MONTHS_AFTER)))
    return months


class StatusAfterIn(Strict):
    months: Annotated[int, AfterValidator(_months_after)] = Field(
        description="Months after the end: 1, 3 or 6"
    )
    status: StatusAfter


class StatusAfterOut(BaseModel):
    months: int
    status: str
    at: AwareDatetime
    by: str


class DueOut(BaseModel):
    """A running placement to follow up by the end of the week (or overdue)."""

    placement_id: int
    citizen_id: int
    citizen_reference: str
    workplace_name: str
    function_title: str | None
    due_on: dt.date
    overdue: bool
    consultant: str
