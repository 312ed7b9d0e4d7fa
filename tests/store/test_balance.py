"""The balance table in the store (SQLite and PostgreSQL): loading a publication replaces the
same area and period and keeps the others."""

from api.composition.context import AppContext
from matcher.balance import BalanceEntry
from store import balance


def _entry(code: str, area: str, period: str, category: str) -> BalanceEntry:
    return BalanceEntry(code, f"titel {code}", area, period, category)


def test_a_reload_replaces_its_area_and_period_and_keeps_the_rest(context: AppContext) -> None:
    with context.sessions.begin() as session:
        before = len(balance.load_all(session))
        balance.replace_periods(
            session,
            entries=[
                _entry("9612", "Testområde", "2031-01", "shortage"),
                _entry("4321", "Testområde", "2031-01", "good"),
                _entry("9612", "Testområde", "2031-07", "surplus"),
            ],
        )
    with context.sessions.begin() as session:
        stored = balance.replace_periods(
            session, entries=[_entry("9612", "Testområde", "2031-01", "good")]
        )
    with context.sessions() as session:
        rows = [e for e in balance.load_all(session) if e.area == "Testområde"]
        total = len(balance.load_all(session))
    assert stored == 1
    assert sorted((e.period, e.occupation_code, e.category) for e in rows) == [
        ("2031-01", "9612", "good"),
        ("2031-07", "9612", "surplus"),
    ]
    assert total == before + 2
