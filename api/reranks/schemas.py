"""Batch runs and snapshots as the API shows them."""

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from api.shared.schemas import Strict
from store.states import RunStatus, Trigger


class RunRequest(Strict):
    trigger: Literal["manual"] = "manual"


class AllocationOut(BaseModel):
    """What spreading the run's first places over the workplaces did (matcher.allocation)."""

    citizens: int
    workplaces: int
    over_capacity_before: int = Field(
        description="Workplaces in more first places than they accept"
    )
    over_capacity_after: int
    score_before: float
    score_after: float
    score_lost_share: float = Field(description="The share of the first places' score given up")
    three_or_more_before: float = Field(description="Share of citizens with 3 or more shown")
    three_or_more_after: float
    gini_before: float = Field(description="Gini coefficient of exposure across workplaces")
    gini_after: float
    seconds: float


class RunOut(BaseModel):
    id: int
    trigger: Trigger
    status: RunStatus
    total: int
    done: int
    failed: int
    created_at: AwareDatetime
    started_at: AwareDatetime | None
    finished_at: AwareDatetime | None
    allocation: AllocationOut | None = Field(
        default=None, description="Once the run is done: what spreading the load did"
    )


class SnapshotItem(BaseModel):
    rank: int
    new_since_last_run: bool
    previous_rank: int | None
    suggestion: dict[str, Any] = Field(description="The suggestion with its explanation")


class SnapshotOut(BaseModel):
    citizen_id: int
    run: RunOut
    items: list[SnapshotItem]
    dropped_since_last_run: list[int] = Field(description="Function ids no longer suggested")
    shown: list[int] | None = Field(
        default=None,
        description="The function ids shown after the run spread the load on workplaces "
        "(at most 5, in rank order); null until the run is allocated",
    )
