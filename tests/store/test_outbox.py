"""The index outbox in the store (SQLite and PostgreSQL): every workplace change a session
commits leaves a row without anyone asking (a large one a rebuild), a rolled-back one none;
rows are due oldest first, a failed attempt backs off exponentially up to a ceiling, and
applied rows are forgotten."""

import datetime as dt

import pytest

from api.composition.context import AppContext
from store import outbox
from store import workplaces as repository
from store.models import OutboxRow
from tests.stored import workplace

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def _empty(context: AppContext) -> None:
    with context.sessions.begin() as session:
        outbox.remove_up_to(session, up_to_id=outbox.max_id(session))


def _add(session: object, workplace_id: int, action: str) -> None:
    session.add(OutboxRow(workplace_id=workplace_id, action=action, attempts=0))  # type: ignore[attr-defined]


def _rows(context: AppContext) -> list[tuple[int | None, str]]:
    with context.sessions() as session:
        return [(row.workplace_id, row.action) for row in outbox.due(session, now=NOW, limit=99)]


def test_every_workplace_change_a_session_commits_leaves_a_row(context: AppContext) -> None:
    _empty(context)
    with context.sessions() as session:
        first = repository.create(session, workplace=workplace(0), portfolio="vs")
        second = repository.create(session, workplace=workplace(0), portfolio="vs")
        assert _rows(context) == []  # nothing before the commit
        session.commit()
        assert outbox.rows_were_added(session) and not outbox.rows_were_added(session)
    assert _rows(context) == [(first.id, "upsert"), (second.id, "upsert")]
    _empty(context)
    with context.sessions() as session:
        row = repository.get(session, workplace_id=first.id)
        assert row is not None
        repository.add_to_record(session, row=row, good=True, paid_hours=False, by="x")
        doomed = repository.get(session, workplace_id=second.id)
        assert doomed is not None
        repository.delete(session, row=doomed)
        session.commit()
    assert _rows(context) == [(first.id, "upsert"), (second.id, "delete")]


def test_a_rolled_back_change_leaves_no_row(context: AppContext) -> None:
    _empty(context)
    with context.sessions() as session:
        repository.create(session, workplace=workplace(0), portfolio="vs")
        session.rollback()
        session.commit()
    assert _rows(context) == []


def test_a_session_that_changed_many_workplaces_asks_for_one_rebuild(
    context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _empty(context)
    monkeypatch.setattr(outbox, "ONE_BY_ONE", 2)
    with context.sessions.begin() as session:
        repository.insert_many(
            session,
            workplaces=[workplace(i) for i in (901, 902, 903)],
            portfolios={i: "vs" for i in (901, 902, 903)},
        )
    assert _rows(context) == [(None, "rebuild")]


def test_due_rows_come_oldest_first_up_to_the_limit(context: AppContext) -> None:
    _empty(context)
    with context.sessions.begin() as session:
        for workplace_id in (3, 1, 2):
            _add(session, workplace_id, outbox.UPSERT)
        _add(session, None, outbox.REBUILD)  # type: ignore[arg-type]
    with context.sessions() as session:
        due = outbox.due(session, now=NOW, limit=3)
        assert [row.workplace_id for row in due] == [3, 1, 2]
        assert outbox.pending_count(session) == 4


def test_a_failed_row_waits_twice_as_long_each_time_up_to_the_ceiling(context: AppContext) -> None:
    _empty(context)
    with context.sessions.begin() as session:
        _add(session, 1, outbox.DELETE)
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
        _add(session, 1, outbox.UPSERT)
        _add(session, 2, outbox.UPSERT)
        session.flush()
        applied = outbox.max_id(session)
        _add(session, 1, outbox.DELETE)
    with context.sessions.begin() as session:
        outbox.remove_for_workplace(session, workplace_id=1, up_to_id=applied)
    with context.sessions() as session:
        left = [(row.workplace_id, row.action) for row in outbox.due(session, now=NOW, limit=10)]
    assert left == [(2, "upsert"), (1, "delete")]
