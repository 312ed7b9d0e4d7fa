"""What the API shows of the learned rankings: each model, its figures and its fairness
report (aggregates by group only: no citizen's data)."""

from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from store.states import ModelStatus


class WeightOut(BaseModel):
    name: str = Field(description="A feature, or two features' product ('a x b')")
    weight: float = Field(description="Its weight on the standardised scale")


class RefusalOut(BaseModel):
    code: str = Field(
        description="too_few_outcomes, not_better (than the hand weights or the model in use), "
        "gap_widened (the fairness gate), or other (a reason stored before the codes)"
    )
    params: dict[str, Any] = Field(description="Its figures, as in `text`")
    text: str = Field(description="The reason in English")


class ModelOut(BaseModel):
    id: int = Field(description="The model's version: suggestions it ranks say model_<id>")
    status: ModelStatus
    ranks: bool = Field(description="Whether it ranks the suggestions now")
    created_at: AwareDatetime
    created_by: str
    trained_on: int = Field(description="Courses in the training window (the older)")
    tested_on: int = Field(description="Courses in the test window (the newer)")
    windows: dict[str, Any] = Field(description="First and last contact day of each window")
    comparison: dict[str, Any] | None = Field(
        description="nDCG@10 and hit@5 of the model, the hand weights and their difference on "
        "the test window, each a mean with its 95% bootstrap interval"
    )
    fairness: dict[str, Any] | None = Field(
        description="The fairness gate: each group's figures and each gap, hand and model"
    )
    refused: list[str] = Field(description="Why it may not rank (empty: it may), in English")
    refusals: list[RefusalOut] = Field(description="The same reasons, each with its code")
    activated_at: AwareDatetime | None
    activated_by: str | None
    retired_at: AwareDatetime | None
    weights: list[WeightOut] = Field(description="The largest weights first (at most 20)")


class RankedByOut(BaseModel):
    ranked_by: str = Field(description="What ranks the suggestions now: hand_weights or model_<id>")
