"""Bodies of reverse matching: anonymised candidate cards, and notifications."""

import datetime as dt
from typing import Literal

from pydantic import Field

from api.shared.schemas import PlacementType, Strict
from api.suggestions.schemas import LoadOut


class CardOut(Strict):
    """A candidate as the workplace's side may see one: no name, reference, free text, need
    the workplace does not offer, exact hours or score; and only as detailed as at least
    `min_group` of the function's candidates share it (the fields `detail` leaves out are
    empty)."""

    token: str = Field(description="Names the card (not the citizen) to notify its consultant")
    detail: Literal["full", "general", "match", "none"] = Field(
        description="full: every field; general: target group, hours, distance and match; "
        "match: the match only; none: only that the citizen is a candidate"
    )
    target_group: str | None
    weekly_hours_band: str | None = Field(
        description="The most hours a week the citizen can work: up_to_10, 10_20, 20_30, 30_37"
    )
    distance_band: str | None = Field(
        description="under_2_km, 2_5_km, 5_10_km, 10_20_km, over_20_km or unknown"
    )
    match: str | None = Field(description="strong, good or fair: a band of the score")
    placement_types: list[str]
    goal_relation: str | None = Field(description="How the function relates to a goal")
    needs_met: list[str] = Field(description="Accommodation codes the workplace offers")
    matched_terms: list[str] = Field(description="The function's own words the skills matched")


class CandidatesOut(Strict):
    workplace_id: int
    function_id: int
    function_title: str
    total: int = Field(description="Active citizens the function suits")
    hidden: int = Field(
        description="Of them, those not shown: fewer than min_group share even the least card"
    )
    min_group: int = Field(description="k: how many candidates every card shown stands for")
    free_places: int = Field(description="Places in praktik or wage subsidy left today")
    load: LoadOut
    candidates: list[CardOut]


class NotificationOut(Strict):
    id: int
    citizen_id: int
    citizen_reference: str | None = Field(
        default=None, description="Shown to the team that follows the citizen only"
    )
    workplace_id: int
    workplace_name: str
    function_id: int
    function_title: str
    score: float
    status: str
    created_at: dt.datetime
    created_by: str
    decided_at: dt.datetime | None
    decided_by: str | None
    placement_id: int | None
    declined_on: dt.date | None = Field(
        default=None,
        description="When the workplace last declined this citizen (shown to the team only); "
        "proposing it again needs after_decline",
    )
    decline_reason: str | None = Field(default=None, description="Why it declined then")


class SentOut(Strict):
    """What a coordinator learns of a notification: that it was sent, and its answer."""

    id: int
    status: str
    created_at: dt.datetime
    workplace_id: int
    function_id: int


class DecisionIn(Strict):
    decision: Literal["propose", "dismiss"] = Field(
        description="propose: record a contact with the workplace; dismiss: do nothing"
    )
    placement_type: PlacementType | None = Field(
        default=None, description="With propose: the placement type the contact is about"
    )
    after_decline: bool = Field(
        default=False,
        description="With propose: true once the consultant has seen that the workplace "
        "declined the citizen before (declined_on) and proposes it all the same",
    )
