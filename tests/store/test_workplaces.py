"""Workplaces in the store of record, on SQLite and PostgreSQL: a stale write fails, functions
are kept by id."""

import pytest

from api.composition.context import AppContext
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


def test_the_index_reads_every_workplace_as_it_was_stored(context: AppContext) -> None:
    """`load_all` and `load_many` (the index's fast reads) give the same workplaces as the
    stored rows do, JSON lists, empty lists, Danish letters and missing contacts included."""
    from matcher.models import WorkplaceContact
    from tests.factories import function

    stored = [
        workplace(0, accommodations=frozenset({"mentor", "late_start"})),
        workplace(
            0,
            function(0, title="Kørselsmedarbejder (ældre)", tasks=("Kør varer ud", "Læs af")),
            function(0, accommodations=frozenset(), placement_types=frozenset({"flexjob"})),
            name="Genbrugsstationen på Sjælør",
            contact=WorkplaceContact("Søren Ærø", "+45 33 12 34 56", "soren@example.dk"),
            monthly_enquiries=4,
        ),
    ]
    with context.sessions() as session:
        for one in stored:
            repository.create(session, workplace=one, portfolio="virksomhedsservice-syd")
        session.commit()
        rows = [repository.get(session, workplace_id=n) for n in (1, 2)]
        expected = [repository.to_domain(row) for row in rows if row is not None]
    with context.sessions() as session:
        assert list(repository.load_all(session)) == expected
        assert list(repository.load_all(session, batch_size=1)) == expected
        assert repository.load_many(session, workplace_ids=[2, 1, 7]) == {w.id: w for w in expected}
    assert expected[1].functions[0].tasks == ("Kør varer ud", "Læs af")
    assert expected[1].functions[1].accommodations == frozenset()


def test_looking_up_more_ids_than_one_statement_holds(context: AppContext) -> None:
    """A national import asks about hundreds of thousands of ids at once: more than SQLite
    (250,000) or PostgreSQL (65,535) take in one statement."""
    with context.sessions() as session:
        for _ in range(2):
            repository.create(session, workplace=workplace(0), portfolio="virksomhedsservice-syd")
        session.commit()
        asked = range(1, 300_001)
        assert repository.existing_ids(session, workplace_ids=list(asked)) == {1, 2}
        owners = repository.function_owners(session, function_ids=list(asked))
        assert sorted(owners.values()) == [1, 2]
        assert sorted(repository.load_many(session, workplace_ids=asked)) == [1, 2]
