"""Ranked suggestions for a stored or an unsaved profile."""

from api.context import AppContext
from api.suggestions.schemas import FiltersIn, SuggestionOut, SuggestionsOut
from matcher.models import CitizenProfile
from matcher.query import SuggestionFilters, build_query


def suggest(context: AppContext, *, profile: CitizenProfile, filters: FiltersIn) -> SuggestionsOut:
    balance = context.balance()
    query = build_query(
        profile,
        balance=balance,
        weights=context.weights,
        postal_codes=context.postal_codes,
        filters=SuggestionFilters(
            placement_types=frozenset(filters.placement_types) if filters.placement_types else None,
            radius_km=filters.radius_km,
            limit=filters.limit,
        ),
    )
    suggestions = context.backend.suggest(query, context.scoring())
    return SuggestionsOut(
        citizen_id=profile.id,
        balance_area=balance.area,
        balance_period=balance.period,
        total=len(suggestions),
        items=[SuggestionOut.of(rank, s) for rank, s in enumerate(suggestions, start=1)],
    )
