"""Ranked suggestions for a stored or an unsaved profile."""

from api.auth.policy import User
from api.context import AppContext
from api.errors import TooManyRequests
from api.suggestions.schemas import FiltersIn, SuggestionsOut
from matcher import near
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
    scoring = context.scoring()
    outcome = near.search(
        query,
        lambda queries: context.backend.rank_many(queries, scoring),
        scoring.weights,
        near_limit=filters.near_limit,
    )
    return SuggestionsOut.of(
        outcome, citizen_id=profile.id, balance_area=balance.area, balance_period=balance.period
    )


def within_rate(context: AppContext, user: User) -> None:
    """Refuse a user's suggestion request over the per-minute limit (429)."""
    wait = context.suggestion_limiter.hit(f"user:{user.id}")
    if wait is not None:
        raise TooManyRequests(
            "too many suggestion requests in a minute; try again shortly", retry_after_s=wait
        )
