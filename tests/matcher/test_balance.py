"""The labour-market balance as the matcher reads it: the period in force in one area."""

import datetime as dt

from matcher.balance import BalanceEntry, BalanceTable, period_start
from tests.factories import BALANCE

ENTRIES = [
    BalanceEntry("4321", "Lagermedarbejder", "hovedstaden", "2026-01", "limited"),
    BalanceEntry("4321", "Lagermedarbejder", "hovedstaden", "2026-07", "good"),
    BalanceEntry("4321", "Lagermedarbejder", "hovedstaden", "2027-01", "shortage"),
    BalanceEntry("4321", "Lagermedarbejder", "sjaelland", "2026-07", "paradox"),
]


def test_a_period_starts_on_its_first_day() -> None:
    assert period_start("2026-07") == dt.date(2026, 7, 1)


def test_the_latest_period_in_force_in_the_area_counts() -> None:
    table = BalanceTable(ENTRIES, area="hovedstaden", on=dt.date(2026, 11, 22))
    assert table.period == "2026-07"
    entry = table.get("4321")
    assert entry is not None and entry.category == "good"
    assert len(table) == 1


def test_a_period_not_yet_in_force_is_not_used() -> None:
    table = BalanceTable(ENTRIES, area="hovedstaden", on=dt.date(2026, 3, 1))
    entry = table.get("4321")
    assert entry is not None and entry.category == "limited"


def test_an_area_without_entries_knows_nothing() -> None:
    table = BalanceTable(ENTRIES, area="nordjylland", on=dt.date(2026, 11, 22))
    assert table.period is None and len(table) == 0
    assert table.get("4321") is None and table.title_of("4321") is None


def test_titles_are_the_balance_s_own() -> None:
    assert BALANCE.title_of("5322") == "Social- og sundhedshjælper"
