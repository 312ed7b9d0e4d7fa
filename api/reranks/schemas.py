"""Batch runs and snapshots as the API shows them."""

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from api.schemas import Strict
from store.states import RunStatus, Trigger


class RunRequest(Strict):
    trigger: Literal["manual"] = "manual"


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
