"""Importing the balance table (SQLite and PostgreSQL): every wrong line is named with its
field and nothing is stored; a new period in force starts a re-ranking of everyone, the same
period again does not."""

import io

import pytest

from api.balance import service as balance
from api.composition.context import AppContext
from api.shared.jsonlines import ImportFailed
from store import balance as stored
from store import reranks
from store.states import Trigger

HEADER = "occupation_code,title,area,period,category\n"


def _runs(context: AppContext) -> list[str]:
    with context.sessions() as session:
        return [run.trigger for run in reranks.list_runs(session, limit=10)]


def test_every_wrong_line_is_named_and_nothing_is_stored(context: AppContext) -> None:
    before = context.matching.balance().period
    text = (
        HEADER
        + "9612,Sorteringsmedarbejder,hovedstaden,2031-01,shortage\n"
        + "4321,Lagermedarbejder,hovedstaden,2031-13,good\n"
        + "5322,SOSU\x07,hovedstaden,2031-01,plenty\n"
    )
    with pytest.raises(ImportFailed) as refused:
        balance.import_balance(context, io.StringIO(text))
    message = str(refused.value)
    assert "line 3: period: expected YYYY-MM" in message
    assert "line 4: category: unknown category 'plenty'" in message
    assert "line 4: title:" in message
    assert "line 2" not in message
    with context.sessions() as session:
        assert all(e.period != "2031-01" for e in stored.load_all(session))
    assert context.matching.balance().period == before


def test_a_missing_column_is_refused(context: AppContext) -> None:
    text = "occupation_code,title,area,period\n9612,Sortering,hovedstaden,2031-01\n"
    with pytest.raises(ImportFailed, match=r"line 2: .*missing column 'category'"):
        balance.import_balance(context, io.StringIO(text))


def test_a_new_period_in_force_reranks_everyone_the_same_does_not(context: AppContext) -> None:
    runs = _runs(context)
    same = (
        HEADER
        + f"9612,Sorteringsmedarbejder,hovedstaden,{context.matching.balance().period},good\n"
    )
    assert balance.import_balance(context, io.StringIO(same)) == 1
    assert _runs(context) == runs
    newer = HEADER + "9612,Sorteringsmedarbejder,hovedstaden,2026-10,shortage\n"
    assert balance.import_balance(context, io.BytesIO(newer.encode())) == 1
    assert context.matching.balance().period == "2026-10"
    assert _runs(context) == [Trigger.BALANCE, *runs]


def test_rows_may_end_as_any_spreadsheet_ends_them(context: AppContext) -> None:
    """Old Mac spreadsheets end rows with a bare carriage return."""
    rows = [
        HEADER.strip(),
        "9612,Sortering,Testområde,2031-01,good",
        "4321,Lager,Testområde,2031-01,good",
    ]
    for ending in ("\r", "\r\n"):
        assert balance.import_balance(context, io.BytesIO(ending.join(rows).encode())) == 2


def test_a_file_that_is_not_csv_is_refused_with_its_line(context: AppContext) -> None:
    text = HEADER + "9612,Sortering,hovedstaden,2031-01,good\n" + "4321," + "x" * 200_000 + "\n"
    with pytest.raises(ImportFailed, match=r"line 3: .*not valid CSV"):
        balance.import_balance(context, io.StringIO(text))
