"""Ranked suggestions for a stored or an unsaved profile."""

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.composition.context import AppContext
from api.shared.errors import TooManyRequests
from api.suggestions.schemas import ContactOut, FiltersIn, LoadOut, SuggestionsOut
from matcher import near
from matcher.models import CitizenProfile
from matcher.query import SuggestionFilters, build_query
from store import load as load_repository
from store import workplaces as workplace_repository


def suggest(
    context: AppContext, session: Session, *, profile: CitizenProfile, filters: FiltersIn
) -> SuggestionsOut:
    """The ranked suggestions and near matches, each with whom to call at the workplace."""
    balance = context.matching.balance()
    query = build_query(
        profile,
        balance=balance,
        weights=context.matching.weights,
        postal_codes=context.matching.postal_codes,
        filters=SuggestionFilters(
            placement_types=frozenset(filters.placement_types) if filters.placement_types else None,
            radius_km=filters.radius_km,
            limit=filters.limit,
        ),
    )
    scoring = context.matching.scoring(session)
    outcome = near.search(
        query,
        lambda queries: context.backend.rank_many(queries, scoring),
        scoring.weights,
        near_limit=filters.near_limit,
    )
    result = SuggestionsOut.of(
        outcome, citizen_id=profile.id, balance_area=balance.area, balance_period=balance.period
    )
    listed = [*result.items, *result.near_matches]
    listed_ids = {s.workplace_id for s in listed}
    contacts = workplace_repository.contacts(session, listed_ids)
    loads = load_repository.loads(session, workplace_ids=listed_ids, today=context.matching.today())
    for suggestion in listed:
        found = contacts.get(suggestion.workplace_id)
        if found is not None:
            suggestion.contact = ContactOut(name=found.name, phone=found.phone, email=found.email)
        load = loads.get(suggestion.workplace_id)
        if load is not None:
            suggestion.load = LoadOut.of(load)
    return result


def within_rate(context: AppContext, user: User) -> None:
    """Refuse a user's suggestion request over the per-minute limit (429)."""
    wait = context.suggestion_limiter.hit(f"user:{user.id}")
    if wait is not None:
        raise TooManyRequests(
            "too many suggestion requests in a minute; try again shortly", retry_after_s=wait
        )
