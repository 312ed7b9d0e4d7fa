"""Ranked suggestions for a stored or an unsaved profile."""

from api.auth.policy import User
from api.context import AppContext
from api.errors import TooManyRequests
from api.suggestions.schemas import FiltersIn, SuggestionOut, SuggestionsOut
from matcher.models import CitizenProfile
from matcher.query import SuggestionFilters, build_query


def suggest(context: AppContext, *, profile: CitizenProfile, filters: FiltersIn) -> SuggestionsOut:
    balance = context.balance()
    query = build_query(
        profile,
        balance=balance,
        weights=context.reference.weights,
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


def within_rate(context: AppContext, user: User) -> None:
    """Refuse a user's suggestion request over the per-minute limit (429)."""
    wait = context.suggestion_limiter.hit(f"user:{user.id}")
    if wait is not None:
        raise TooManyRequests(
            "too many suggestion requests in a minute; try again shortly", retry_after_s=wait
        )
