"""Workplaces in the store of record, on SQLite and PostgreSQL: a stale write fails, functions
are kept by id."""

import pytest

from api.context import AppContext
from store import workplaces as repository
from store.db import StaleWrite
from tests.factories import workplace


def test_two_writers_of_the_same_version_the_second_fails(context: AppContext) -> None:
    """The version column makes the UPDATE conditional, even when both read version 1."""
    with context.sessions() as session:
        repository.create(session, workplace=workplace(0), portfolio="virksomhedsservice-syd")
        session.commit()
    first, second = context.sessions(), context.sessions()
    row_a = repository.get(first, workplace_id=1)
    row_b = repository.get(second, workplace_id=1)
    assert row_a is not None and row_b is not None
    repository.update(first, row=row_a, workplace=workplace(1, name="A"))
    first.commit()
    with pytest.raises(StaleWrite):
        repository.update(second, row=row_b, workplace=workplace(1, name="B"))
    with context.sessions() as session:
        stored = repository.get(session, workplace_id=1)
        assert stored is not None and (stored.name, stored.version) == ("A", 2)
    first.close()
    second.close()


def test_functions_kept_by_id_and_removed_when_left_out(context: AppContext) -> None:
    from tests.factories import function

    with context.sessions() as session:
        row = repository.create(
            session, workplace=workplace(0, function(0), function(0)), portfolio="vs"
        )
        session.commit()
        kept, dropped = (f.id for f in row.functions)
        repository.update(session, row=row, workplace=workplace(1, function(kept), function(0)))
        session.commit()
        ids = repository.function_ids_of(session, workplace_id=1)
    assert kept in ids and dropped not in ids and len(ids) == 2
