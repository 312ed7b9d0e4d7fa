"""Ranked, explained workplace suggestions for a citizen."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.citizens import service as citizens
from api.deps import Context, DbSession
from api.errors import InvalidInput, NotFound, ServiceUnavailable, error_responses
from api.schemas import PlacementType
from api.suggestions import service
from api.suggestions.schemas import FiltersIn, SuggestionRequest, SuggestionsOut

router = APIRouter(tags=["suggestions"])


@router.get(
    "/citizens/{citizen_id}/suggestions",
    responses=error_responses(NotFound, InvalidInput, ServiceUnavailable),
)
def suggestions_for_citizen(
    citizen_id: int,
    session: DbSession,
    context: Context,
    placement_type: Annotated[
        list[PlacementType] | None, Query(description="Repeat for several")
    ] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SuggestionsOut:
    """The best workplace functions for a stored citizen, each with its reasons."""
    row = citizens.get_or_raise(session, citizen_id=citizen_id)
    filters = FiltersIn(placement_types=placement_type, radius_km=radius_km, limit=limit)
    return service.suggest(context, profile=citizens.profile_of(row), filters=filters)


@router.post("/suggestions", responses=error_responses(InvalidInput, ServiceUnavailable))
def suggestions_for_profile(request: SuggestionRequest, context: Context) -> SuggestionsOut:
    """The best workplace functions for a profile that is not saved (nothing is stored)."""
    citizens.check_usable(
        request.profile, postal_codes=context.postal_codes, field_prefix="profile."
    )
    return service.suggest(context, profile=request.profile.to_domain(), filters=request.filters)
