"""Suggestions for a profile (SQLite and PostgreSQL stores, embedded index): the filters
replace the profile's own, the answer names the balance period it weighed goals by and whom
to call at each workplace, and a user asking too often in a minute is told when to try
again."""

import pytest

from api.auth.limits import SlidingWindowLimiter
from api.auth.policy import User
from api.composition.context import AppContext
from api.shared.errors import TooManyRequests
from api.suggestions.schemas import FiltersIn
from api.suggestions.service import suggest, within_rate
from matcher.models import WorkplaceContact
from store import workplaces as workplace_repository
from tests.factories import citizen, function, workplace
from tests.stored import add_workplaces

CONSULTANT = User(1, "konsulent.syd", "consultant", "jobcenter-syd")


def test_the_filters_replace_the_profiles_own(context: AppContext) -> None:
    add_workplaces(context, 3)
    profile = citizen(placement_types=frozenset({"internship"}))
    with context.sessions() as session:
        found = suggest(context, session, profile=profile, filters=FiltersIn())
        limited = suggest(context, session, profile=profile, filters=FiltersIn(limit=2))
        nothing_offers_it = suggest(
            context, session, profile=profile, filters=FiltersIn(placement_types=["flexjob"])
        )
    assert found.total == 3 and [s.rank for s in found.items] == [1, 2, 3]
    assert (found.balance_area, found.balance_period) == ("hovedstaden", "2026-07")
    assert limited.total == 2
    assert "flexjob" not in function(0).placement_types  # what the stored functions offer
    assert nothing_offers_it.total == 0


def test_each_suggestion_says_whom_to_call_at_its_workplace(context: AppContext) -> None:
    contact = WorkplaceContact("Mette Holm", "+45 33 12 34 56", "mette@genbrug.example")
    with context.sessions.begin() as session:
        named = workplace_repository.create(
            session, workplace=workplace(0, contact=contact), portfolio="vs"
        ).id
        unnamed = workplace_repository.create(session, workplace=workplace(0), portfolio="vs").id
    context.freshness.rebuild()
    with context.sessions() as session:
        found = suggest(context, session, profile=citizen(), filters=FiltersIn())
    by_workplace = {s.workplace_id: s.contact for s in found.items}
    assert by_workplace[unnamed] is None
    shown = by_workplace[named]
    assert shown is not None
    assert (shown.name, shown.phone, shown.email) == (contact.name, contact.phone, contact.email)


def test_a_user_over_the_rate_is_told_when_to_try_again(context: AppContext) -> None:
    now = [0.0]
    context.suggestion_limiter = SlidingWindowLimiter(limit=2, window_s=60, clock=lambda: now[0])
    within_rate(context, CONSULTANT)
    within_rate(context, CONSULTANT)
    now[0] = 15.0
    with pytest.raises(TooManyRequests) as refused:
        within_rate(context, CONSULTANT)
    assert refused.value.headers == {"Retry-After": "45"}
    within_rate(context, User(2, "konsulent.nord", "consultant", "jobcenter-nord"))  # per user
    now[0] = 60.5
    within_rate(context, CONSULTANT)
