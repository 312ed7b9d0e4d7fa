"""The index outbox in the store (SQLite and PostgreSQL): rows are due oldest first, a failed
attempt backs off exponentially up to a ceiling, and applied rows are forgotten."""

import datetime as dt

from api.composition.context import AppContext
from store import outbox

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def _empty(context: AppContext) -> None:
    with context.sessions.begin() as session:
        outbox.remove_up_to(session, up_to_id=outbox.max_id(session))


def test_adding_a_row_is_told_once(context: AppContext) -> None:
    with context.sessions.begin() as session:
        assert not outbox.rows_were_added(session)
        outbox.add(session, workplace_id=1, action=outbox.UPSERT)
        assert outbox.rows_were_added(session)
        assert not outbox.rows_were_added(session)
        outbox.add_rebuild(session)
        assert outbox.rows_were_added(session)


def test_due_rows_come_oldest_first_up_to_the_limit(context: AppContext) -> None:
    _empty(context)
    with context.sessions.begin() as session:
        for workplace_id in (3, 1, 2):
            outbox.add(session, workplace_id=workplace_id, action=outbox.UPSERT)
        outbox.add_rebuild(session)
    with context.sessions() as session:
        due = outbox.due(session, now=NOW, limit=3)
        assert [row.workplace_id for row in due] == [3, 1, 2]
        assert outbox.pending_count(session) == 4


def test_a_failed_row_waits_twice_as_long_each_time_up_to_the_ceiling(context: AppContext) -> None:
    _empty(context)
    with context.sessions.begin() as session:
        outbox.add(session, workplace_id=1, action=outbox.DELETE)
    waits = []
    for _ in range(5):
        with context.sessions.begin() as session:
            rows = outbox.due(session, now=NOW + dt.timedelta(days=1), limit=10)
            outbox.postpone(
                session, rows=rows, now=NOW, error="x" * 900, base_delay_s=2, max_delay_s=10
            )
            waits.append((rows[0].next_attempt_at - NOW).total_seconds())
    assert waits == [2, 4, 8, 10, 10]
    with context.sessions() as session:
        (row,) = outbox.due(session, now=NOW + dt.timedelta(seconds=10), limit=10)
        assert row.attempts == 5 and len(row.last_error or "") == 500
        assert outbox.due(session, now=NOW + dt.timedelta(seconds=9), limit=10) == []


def test_a_workplaces_rows_are_forgotten_up_to_the_id_applied(context: AppContext) -> None:
    _empty(context)
    with context.sessions.begin() as session:
        outbox.add(session, workplace_id=1, action=outbox.UPSERT)
        outbox.add(session, workplace_id=2, action=outbox.UPSERT)
        session.flush()
        applied = outbox.max_id(session)
        outbox.add(session, workplace_id=1, action=outbox.DELETE)
    with context.sessions.begin() as session:
        outbox.remove_for_workplace(session, workplace_id=1, up_to_id=applied)
    with context.sessions() as session:
        left = [(row.workplace_id, row.action) for row in outbox.due(session, now=NOW, limit=10)]
    assert left == [(2, "upsert"), (1, "delete")]
