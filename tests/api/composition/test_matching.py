"""How to match now (SQLite and PostgreSQL): the balance in force follows the day and a reload,
and what a citizen's query was made with is out of date after a reload (the reverse pool is
built again)."""

import datetime as dt
import io

from api.balance import service as balance
from api.composition.context import AppContext
from api.composition.matching import Matching
from matcher.balance import BalanceEntry


def test_the_balance_in_force_follows_the_day_and_a_reload() -> None:
    reference = Matching(
        postal_codes={},
        area="hovedstaden",
        balance_entries=[
            BalanceEntry("9612", "Sortering", "hovedstaden", "2026-01", "good"),
            BalanceEntry("9612", "Sortering", "hovedstaden", "2026-07", "shortage"),
        ],
    )
    assert reference.balance(dt.date(2026, 3, 1)).period == "2026-01"
    assert reference.balance(dt.date(2026, 8, 1)).period == "2026-07"
    assert reference.balance(dt.date(2026, 8, 1)) is reference.balance(dt.date(2026, 8, 1))


def test_a_reload_puts_a_new_period_in_force(context: AppContext) -> None:
    assert context.matching.balance().period == "2026-07"
    text = "occupation_code,title,area,period,category\n9612,Sortering,hovedstaden,2026-10,good\n"
    balance.import_balance(context, io.StringIO(text))
    assert context.matching.balance().period == "2026-10"
    assert context.matching.scoring().on == context.matching.today() == context.settings.today


def test_a_reload_makes_the_citizens_queries_out_of_date(context: AppContext) -> None:
    matching = context.matching
    before = matching.edition()
    text = "occupation_code,title,area,period,category\n9612,Sortering,hovedstaden,2026-10,good\n"
    balance.import_balance(context, io.StringIO(text))
    assert matching.edition() != before and matching.edition()[0] == context.settings.today
