"""The migrations keep what is stored: a placement recorded before the course's statuses
(0008) is still there after them, and its table still never hands out an id twice (SQLite
rebuilds the table to widen the status; PostgreSQL alters it)."""

import datetime as dt
import json

from sqlalchemy import Connection, text

from store.db import make_engine
from store.migrate import upgrade

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _add_citizen(connection: Connection) -> None:
    """Citizen 1, as every version of the citizens table takes it."""
    connection.execute(
        text(
            "INSERT INTO citizens (id, reference, target_group, profile, version, "
            "created_at, updated_at, active, team) VALUES (1, 'JC-1', 'sick_listed', "
            "'{}', 1, :now, :now, true, 'jobcenter-syd')"
        ),
        {"now": NOW},
    )


def test_a_placement_stored_before_the_course_statuses_is_kept(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0007")
    with engine.begin() as connection:
        _add_citizen(connection)
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


def test_double_submits_stored_before_one_a_day_was_enforced_are_kept(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0012")
    with engine.begin() as connection:
        _add_citizen(connection)
        connection.execute(
            text(
                "INSERT INTO placements (id, citizen_id, team, workplace_id, workplace_name, "
                "status, contacted_at) VALUES (1, 1, 'jobcenter-syd', 7, 'Genbrug', "
                "'started', :now)"
            ),
            {"now": NOW},
        )
        for day, hours in (("2026-11-16", 10), ("2026-11-16", 10), ("2026-11-30", 12)):
            connection.execute(
                text(
                    "INSERT INTO placement_follow_ups (placement_id, held_on, hours_per_week, "
                    "at, by) VALUES (1, :day, :hours, :now, 'k')"
                ),
                {"day": day, "hours": hours, "now": NOW},
            )
        for status in ("open", "open", "open", "dismissed"):
            connection.execute(
                text(
                    "INSERT INTO notifications (citizen_id, team, workplace_id, workplace_name, "
                    "function_id, function_title, score, status, created_at, created_by) "
                    "VALUES (1, 'jobcenter-syd', 7, 'Genbrug', 70, 'Sortering', 50, :status, "
                    ":now, 'c')"
                ),
                {"status": status, "now": NOW},
            )
    upgrade(engine)
    with engine.begin() as connection:
        follow_ups = connection.execute(
            text("SELECT id, held_on, duplicate_of FROM placement_follow_ups ORDER BY id")
        ).all()
        notifications = connection.execute(
            text("SELECT id, status, decided_by FROM notifications ORDER BY id")
        ).all()
    assert [(row[0], str(row[1]), row[2]) for row in follow_ups] == [
        (1, "2026-11-16", None),
        (2, "2026-11-16", 1),
        (3, "2026-11-30", None),
    ]
    assert [tuple(row) for row in notifications] == [
        (1, "open", None),
        (2, "dismissed", "migration 0013"),
        (3, "dismissed", "migration 0013"),
        (4, "dismissed", None),
    ]
    engine.dispose()


def test_a_models_reasons_stored_as_sentences_become_codes(database_url: str) -> None:
    sentences = [
        "does not beat the model in use (model_3): nDCG@10 difference -0.012 "
        "(95% interval -0.030 to +0.004), hit@5 difference +0.000",
        "hit_rate by danish_level: the gap grows from 0.100 to 0.180",
        "a reason nobody wrote a code for",
    ]
    engine = make_engine(database_url)
    upgrade(engine, "0014")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO ranking_models (id, status, created_at, created_by, trained_on, "
                "tested_on, windows, refused) VALUES (1, 'candidate', :now, 'admin', 300, "
                "100, '{}', :refused)"
            ),
            {"now": NOW, "refused": json.dumps(sentences)},
        )
    upgrade(engine)
    with engine.begin() as connection:
        stored = connection.execute(text("SELECT refused FROM ranking_models")).scalar_one()
    refused = json.loads(stored) if isinstance(stored, str) else stored
    assert refused == [
        {
            "code": "not_better",
            "params": {
                "against": "model_3",
                "ndcg": -0.012,
                "low": -0.03,
                "high": 0.004,
                "hit": 0.0,
            },
        },
        {
            "code": "gap_widened",
            "params": {
                "measure": "hit_rate",
                "grouping": "danish_level",
                "hand": 0.1,
                "model": 0.18,
            },
        },
        {"code": "other", "params": {"text": "a reason nobody wrote a code for"}},
    ]
    engine.dispose()
