"""Batch runs and snapshots as the API shows them."""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas import Strict


class RunRequest(Strict):
    trigger: Literal["manual"] = "manual"


class RunOut(BaseModel):
    id: int
    trigger: str
    status: str
    total: int
    done: int
    failed: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


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
