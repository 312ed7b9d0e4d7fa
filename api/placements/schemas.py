"""Placement bodies: a workplace contacted for a citizen, what came of it (declined, agreed,
started), the outcome, and notes."""

from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from api.placements.plan_schemas import FollowUpOut, StatusAfterOut
from api.shared.schemas import AccommodationCode, FreeText, Id, NoteText, PlacementType, Strict
from store.states import DeclineReason

Outcome = Literal["paid_hours", "ordinary_job", "flexjob", "education", "clarified", "ended_early"]
EndReason = Literal[
    "health", "citizen_stopped", "workplace_stopped", "tasks_did_not_fit", "other_offer", "other"
]
NextStatus = Literal["declined_by_workplace", "declined_by_citizen", "agreed", "started"]


class ContactIn(Strict):
    workplace_id: Id
    function_id: Id | None = Field(default=None, description="The function suggested")
    placement_type: PlacementType | None = None
    after_decline: bool = Field(
        default=False,
        description="True once the consultant has seen that this workplace declined the "
        "citizen before and contacts it again all the same (refused without it)",
    )


class StatusIn(Strict):
    """What came of a contact: declined by the workplace (with its reason) or by the citizen,
    agreed, or (once agreed) started. The outcome is recorded when a started placement ends."""

    status: NextStatus
    reason: DeclineReason | None = Field(
        default=None, description="Required when the workplace declined"
    )
    accommodation: AccommodationCode | None = Field(
        default=None,
        description="Required when the reason is cannot_offer_accommodation: which one",
    )


class OutcomeIn(Strict):
    outcome: Outcome
    reason: EndReason | None = Field(
        default=None, description="Why it ended early: required with outcome ended_early"
    )
    note: FreeText | None = Field(default=None, description="E.g. more on why it ended early")


class NoteIn(Strict):
    text: NoteText


class NoteOut(BaseModel):
    id: int
    text: str
    at: AwareDatetime
    by: str


class PlacementOut(BaseModel):
    id: int
    citizen_id: int
    workplace_id: int
    workplace_name: str
    function_id: int | None
    function_title: str | None
    placement_type: str | None
    status: str
    decline_reason: str | None
    declined_accommodation: str | None
    outcome: str | None
    end_reason: str | None
    outcome_note: str | None
    contacted_at: AwareDatetime
    declined_at: AwareDatetime | None
    agreed_at: AwareDatetime | None
    started_at: AwareDatetime | None
    ended_at: AwareDatetime | None
    notes: list[NoteOut]
    has_plan: bool = Field(description="Whether an individual plan is saved (GET .../plan)")
    follow_ups: list[FollowUpOut]
    statuses_after: list[StatusAfterOut] = Field(description="1, 3 and 6 months after the end")


class WorkplacePlacementOut(BaseModel):
    """A placement as the workplace's page shows it: which team, never which citizen."""

    id: int
    team: str
    function_title: str | None
    placement_type: str | None
    status: str
    decline_reason: str | None
    declined_accommodation: str | None
    outcome: str | None
    contacted_at: AwareDatetime
    ended_at: AwareDatetime | None


class DataQualityFlag(BaseModel):
    """The workplace declined a contact because it cannot offer an accommodation it lists."""

    accommodation: str
    declines: int = Field(description="How many contacts it declined for this reason")
    last_declined_at: AwareDatetime
