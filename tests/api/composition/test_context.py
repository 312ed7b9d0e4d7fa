"""What the application holds while it runs (SQLite and PostgreSQL): the balance in force on
the day and after a reload, changes committed by a command waiting for the server's index
while the server's own reach it at once, and an embedded index built again only when the
store's workplaces changed."""

import dataclasses
import datetime as dt
import io

import pytest

from api.balance import service as balance
from api.composition.context import AppContext, ReferenceData
from api.shared.unit import unit_of_work
from matcher.balance import BalanceEntry
from store import outbox
from store import workplaces as repository
from tests.factories import citizen, workplace


def test_the_balance_in_force_follows_the_day_and_a_reload() -> None:
    reference = ReferenceData(
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
    assert context.balance().period == "2026-07"
    text = "occupation_code,title,area,period,category\n9612,Sortering,hovedstaden,2026-10,good\n"
    balance.import_balance(context, io.StringIO(text))
    assert context.balance().period == "2026-10"
    assert context.scoring().on == context.today() == context.settings.today


def _add(context: AppContext) -> int:
    with unit_of_work(context) as unit:
        row = repository.create(unit.session, workplace=workplace(0), portfolio="vs")
        return row.id


def _waiting(context: AppContext) -> int:
    with context.sessions() as session:
        return outbox.pending_count(session)


def test_the_servers_commits_reach_its_index_at_once(context: AppContext) -> None:
    workplace_id = _add(context)
    assert workplace_id in context.backend.indexed_versions()
    assert _waiting(context) == 0


def test_an_embedded_index_is_rebuilt_only_when_the_store_changed(
    context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuilds = []
    rebuild = context.backend.rebuild
    monkeypatch.setattr(
        context.backend, "rebuild", lambda rows, **kw: rebuilds.append(rebuild(rows, **kw))
    )
    context.prepare_index()
    context.prepare_index()
    assert rebuilds == [0]
    workplace_id = _add(dataclasses.replace(context, serves_index=False))
    context.prepare_index()
    assert len(rebuilds) == 2 and workplace_id in context.backend.indexed_versions()


def test_a_batch_query_asks_for_the_runs_top_k(context: AppContext) -> None:
    environment = context.rerank_environment()
    assert environment.make_query(citizen(), 7).limit == 7
    assert environment.chunk_size == context.settings.rerank_chunk_size
