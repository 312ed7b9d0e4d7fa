"""The course's bodies: the codes they take are the vocabulary's, a status after the end is
for 1, 3 or 6 months only, and a plan names each wrong field."""

from typing import get_args

import pytest
from pydantic import ValidationError

from api.placements.plan_schemas import PlanIn, StatusAfter, StatusAfterIn
from api.placements.schemas import EndReason
from matcher.vocabulary import EARLY_END_REASONS, STATUSES_AFTER
from tests.api import payloads


def test_the_codes_the_api_takes_are_the_vocabularys() -> None:
    assert set(get_args(StatusAfter)) == set(STATUSES_AFTER)
    assert set(get_args(EndReason)) == set(EARLY_END_REASONS)


def test_a_status_after_is_for_one_three_or_six_months() -> None:
    assert StatusAfterIn(months=3, status="education").months == 3
    with pytest.raises(ValidationError, match="must be one of 1, 3, 6"):
        StatusAfterIn(months=2, status="education")


def test_a_plan_names_each_wrong_field() -> None:
    with pytest.raises(ValidationError) as wrong:
        PlanIn.model_validate(
            payloads.plan(weeks=0, start_hours=40, tasks=["cpr 010190-1234"], mentor="x" * 121)
        )
    fields = sorted(".".join(map(str, e["loc"])) for e in wrong.value.errors())
    assert fields == ["mentor", "start_hours", "tasks.0", "weeks"]
