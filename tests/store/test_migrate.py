"""The migrations keep what is stored: a placement recorded before the course's statuses
(0008) is still there after them, and its table still never hands out an id twice (SQLite
rebuilds the table to widen the status; PostgreSQL alters it)."""

import datetime as dt

from sqlalchemy import text

from store.db import make_engine
from store.migrate import upgrade

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def test_a_placement_stored_before_the_course_statuses_is_kept(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0007")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO citizens (id, reference, target_group, profile, version, "
                "created_at, updated_at, active, team) VALUES (1, 'JC-1', 'sick_listed', "
                "'{}', 1, :now, :now, true, 'jobcenter-syd')"
            ),
            {"now": NOW},
        )
        for status in ("ended", "contacted"):  # ids 1 and 2, from the table's sequence
            connection.execute(
                text(
                    "INSERT INTO placements (citizen_id, team, workplace_id, workplace_name, "
                    "status, outcome, contacted_at) VALUES (1, 'jobcenter-syd', 7, "
                    "'Genbrugsstationen', :status, :outcome, :now)"
                ),
                {
                    "status": status,
                    "outcome": "paid_hours" if status == "ended" else None,
                    "now": NOW,
                },
            )
        connection.execute(text("DELETE FROM placements WHERE id = 2"))
    upgrade(engine)
    with engine.begin() as connection:
        kept = connection.execute(
            text("SELECT id, status, outcome, decline_reason FROM placements")
        ).all()
        assert [tuple(row) for row in kept] == [(1, "ended", "paid_hours", None)]
        connection.execute(
            text(
                "INSERT INTO placements (citizen_id, team, workplace_id, workplace_name, "
                "status, contacted_at) VALUES (1, 'jobcenter-syd', 7, 'Genbrugsstationen', "
                "'declined_by_workplace', :now)"
            ),
            {"now": NOW},
        )
        ids = connection.execute(text("SELECT id FROM placements ORDER BY id")).scalars().all()
    assert ids == [1, 3]  # 2 was deleted and is not handed out again
    engine.dispose()
