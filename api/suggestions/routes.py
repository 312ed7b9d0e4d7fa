"""Ranked, explained workplace suggestions for a citizen."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth.policy import CurrentUser, allow
from api.citizens import service as citizens
from api.shared.deps import ReadingUnit
from api.shared.errors import (
    InvalidInput,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
    error_responses,
)
from api.shared.schemas import PathId, PlacementType
from api.suggestions import service
from api.suggestions.schemas import FiltersIn, SuggestionRequest, SuggestionsOut
from store.states import AuditAction

router = APIRouter(tags=["suggestions"])


@router.get(
    "/citizens/{citizen_id}/suggestions",
    responses=error_responses(NotFound, InvalidInput, ServiceUnavailable, TooManyRequests),
)
@allow("consultant")
def suggestions_for_citizen(
    citizen_id: PathId,
    unit: ReadingUnit,
    user: CurrentUser,
    placement_type: Annotated[
        list[PlacementType] | None, Query(description="Repeat for several")
    ] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    near_limit: Annotated[int, Query(ge=0, le=50)] = 5,
) -> SuggestionsOut:
    """The best workplace functions for one of your team's citizens, each with its reasons."""
    service.within_rate(unit.context, user)
    row = citizens.get_for_user_or_raise(unit.session, citizen_id=citizen_id, user=user)
    filters = FiltersIn(
        placement_types=placement_type, radius_km=radius_km, limit=limit, near_limit=near_limit
    )
    result = service.suggest(
        unit.context, unit.session, profile=citizens.profile_of(row), filters=filters
    )
    unit.audit(AuditAction.SUGGEST, [row.id])
    return result


@router.post(
    "/suggestions",
    responses=error_responses(InvalidInput, ServiceUnavailable, TooManyRequests),
)
@allow("consultant")
def suggestions_for_profile(
    suggestion_request: SuggestionRequest, unit: ReadingUnit, user: CurrentUser
) -> SuggestionsOut:
    """The best workplace functions for a profile that is not saved (nothing of it is
    stored; the audit log records that a look-up was made, without a citizen)."""
    context = unit.context
    service.within_rate(context, user)
    citizens.check_usable(
        suggestion_request.profile,
        postal_codes=context.matching.postal_codes,
        field_prefix="profile.",
    )
    result = service.suggest(
        context,
        unit.session,
        profile=suggestion_request.profile.to_domain(),
        filters=suggestion_request.filters,
    )
    unit.audit(AuditAction.SUGGEST_UNSAVED, [None])
    return result
