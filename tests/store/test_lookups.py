"""The daily limit on candidate look-ups: counted per user and day, never past the limit, even
when many look-ups come at once (SQLite and PostgreSQL)."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from api.composition.context import AppContext
from store import lookups

DAY = dt.date(2026, 11, 22)


def test_look_ups_count_per_user_and_day_up_to_the_limit(context: AppContext) -> None:
    with context.sessions.begin() as session:
        taken = [lookups.take_one(session, username="k", day=DAY, limit=3) for _ in range(5)]
        assert taken == [True, True, True, False, False]
        assert lookups.take_one(session, username="other", day=DAY, limit=3)
        assert lookups.take_one(session, username="k", day=DAY + dt.timedelta(days=1), limit=3)
    with context.sessions() as session:
        assert lookups.made(session, username="k", day=DAY) == 3
        assert lookups.made(session, username="nobody", day=DAY) == 0


def test_look_ups_at_once_never_pass_the_limit(context: AppContext) -> None:
    start = threading.Barrier(8)

    def one(_: int) -> bool:
        with context.sessions() as session:
            start.wait()
            taken = lookups.take_one(session, username="k", day=DAY, limit=5)
            session.commit()
            return taken

    with ThreadPoolExecutor(8) as pool:
        taken = list(pool.map(one, range(8)))
    with context.sessions() as session:
        made = lookups.made(session, username="k", day=DAY)
    assert 1 <= made == sum(taken) <= 5
