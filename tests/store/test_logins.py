"""Log-in lock-outs in the store (SQLite and PostgreSQL): failures count in a row, a lock
starts the count again, and old entries are forgotten unless still locked."""

import datetime as dt

from api.composition.context import AppContext
from store import logins

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def test_failures_count_in_a_row_per_key(context: AppContext) -> None:
    with context.sessions.begin() as session:
        assert [logins.count_failure(session, key="a", now=NOW) for _ in range(3)] == [1, 2, 3]
        assert logins.count_failure(session, key="b", now=NOW) == 1


def test_a_lock_starts_the_count_again_and_clear_forgets_the_key(context: AppContext) -> None:
    with context.sessions.begin() as session:
        logins.count_failure(session, key="a", now=NOW)
        logins.count_failure(session, key="a", now=NOW)
        logins.lock(session, key="a", until=NOW + dt.timedelta(minutes=15))
    with context.sessions.begin() as session:
        row = logins.get(session, key="a")
        assert row is not None and row.failed_logins == 0
        assert logins.count_failure(session, key="a", now=NOW) == 1
        logins.clear(session, key="a")
    with context.sessions() as session:
        assert logins.get(session, key="a") is None


def test_old_entries_are_forgotten_but_a_lock_still_running_is_kept(context: AppContext) -> None:
    day_ago = NOW - dt.timedelta(days=1, minutes=1)
    with context.sessions.begin() as session:
        logins.count_failure(session, key="old", now=day_ago)
        logins.count_failure(session, key="old-but-locked", now=day_ago)
        logins.lock(session, key="old-but-locked", until=NOW + dt.timedelta(minutes=5))
        logins.count_failure(session, key="recent", now=NOW)
    with context.sessions.begin() as session:
        assert logins.forget_before(session, cutoff=NOW - dt.timedelta(days=1)) == 1
    with context.sessions() as session:
        assert logins.get(session, key="old") is None
        assert logins.get(session, key="old-but-locked") is not None
        assert logins.get(session, key="recent") is not None
