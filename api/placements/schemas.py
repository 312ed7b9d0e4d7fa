"""Placement bodies: a workplace contacted for a citizen, and the outcome."""

from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from api.schemas import FreeText, Id, PlacementType, Strict

Outcome = Literal["paid_hours", "ordinary_job", "flexjob", "education", "clarified", "ended_early"]


class ContactIn(Strict):
    workplace_id: Id
    function_id: Id | None = Field(default=None, description="The function suggested")
    placement_type: PlacementType | None = None


class OutcomeIn(Strict):
    outcome: Outcome
    note: FreeText | None = Field(default=None, description="E.g. why it ended early")


class PlacementOut(BaseModel):
    id: int
    citizen_id: int
    workplace_id: int
    workplace_name: str
    function_id: int | None
    function_title: str | None
    placement_type: str | None
    status: str
    outcome: str | None
    outcome_note: str | None
    contacted_at: AwareDatetime
    ended_at: AwareDatetime | None


class WorkplacePlacementOut(BaseModel):
    """A placement as the workplace's page shows it: which team, never which citizen."""

    id: int
    team: str
    function_title: str | None
    placement_type: str | None
    status: str
    outcome: str | None
    contacted_at: AwareDatetime
    ended_at: AwareDatetime | None
