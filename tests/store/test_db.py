"""The store's engine and the errors a lost race becomes, on SQLite and PostgreSQL: a taken
reference, a deleted parent, an import's ids that are never handed out twice, and a writer's
lock that gives up with LockTimeout instead of waiting for ever."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.composition.context import AppContext
from store import citizens, workplaces
from store.db import (
    LockTimeout,
    ReferenceGone,
    UniqueViolation,
    conflict_of,
    flush,
    in_slices,
    lock_for_writing,
    make_engine,
    next_free_id,
    sync_id_sequences,
)
from store.models import CitizenRow, CitizenSnapshot, RerankRun
from tests.factories import workplace


def _citizen(session: Session, reference: str, citizen_id: int | None = None) -> CitizenRow:
    return citizens.create(
        session,
        reference=reference,
        target_group="sick_listed",
        team="syd",
        profile={},
        citizen_id=citizen_id,
    )


def test_a_taken_reference_is_a_unique_violation_and_the_first_stays(context: AppContext) -> None:
    with context.sessions.begin() as session:
        _citizen(session, "JC-1")
    with context.sessions() as session, pytest.raises(UniqueViolation):
        _citizen(session, "JC-1")
    with context.sessions() as session:
        assert citizens.count(session) == 1


def test_a_row_whose_parent_is_gone_is_a_reference_gone(context: AppContext) -> None:
    with context.sessions() as session:
        session.add(
            CitizenSnapshot(run_id=999, citizen_id=999, suggestions=[], function_ids=[], changes={})
        )
        with pytest.raises(ReferenceGone):
            flush(session)


def test_an_integrity_error_that_no_race_causes_is_not_a_conflict(context: AppContext) -> None:
    """A missing required value is a defect: it stays an IntegrityError."""
    with context.sessions() as session, pytest.raises(IntegrityError) as raised:
        session.execute(insert(RerankRun).values(trigger=None, status="queued"))
    assert conflict_of(raised.value) is None
    assert conflict_of(ValueError("anything")) is None


def test_ids_of_deleted_workplaces_are_never_handed_out_again(context: AppContext) -> None:
    """The index keeps tombstones by workplace id: an import must not reuse a deleted one."""
    with context.sessions.begin() as session:
        rows = [workplaces.create(session, workplace=workplace(0), portfolio="vs") for _ in "abc"]
        highest = max(row.id for row in rows)
        workplaces.delete(session, row=rows[-1])
    with context.sessions.begin() as session:
        assert next_free_id(session, "workplaces") == highest + 1


def test_explicit_ids_move_the_sequence_past_them(context: AppContext) -> None:
    """An import names its ids; the next ordinary insert must not collide with them."""
    with context.sessions.begin() as session:
        _citizen(session, "JC-import", citizen_id=500)
        sync_id_sequences(session, tables=("citizens",))
    with context.sessions.begin() as session:
        assert _citizen(session, "JC-new").id > 500
        assert next_free_id(session, "citizens") > 501


def test_a_writer_kept_waiting_gives_up_with_lock_timeout(
    context: AppContext, database_url: str
) -> None:
    holder = context.sessions()
    lock_for_writing(holder, "citizens")
    _citizen(holder, "JC-holder")
    # A second engine that waits a tenth of a second (SQLite's busy timeout) or less.
    on_sqlite = database_url.startswith("sqlite")
    engine = create_engine(database_url, connect_args={"timeout": 0.1} if on_sqlite else {})
    try:
        with Session(engine) as waiter, pytest.raises(LockTimeout, match="citizens"):
            lock_for_writing(waiter, "citizens", timeout_s=0.1)
    finally:
        engine.dispose()
        holder.commit()
        holder.close()
    with context.sessions() as session:
        assert citizens.get_by_reference(session, reference="JC-holder") is not None


def test_a_sqlite_file_gets_its_folder_and_enforces_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'store.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert (tmp_path / "new" / "folder" / "store.sqlite3").exists()
    finally:
        engine.dispose()


def test_ids_are_asked_about_in_slices_one_statement_holds() -> None:
    slices = list(in_slices([5, 3, 3, *range(10, 2_510)], size=1000))
    assert [len(s) for s in slices] == [1000, 1000, 502]
    assert slices[0][:3] == [3, 5, 10] and slices[-1][-1] == 2_509
    assert list(in_slices([])) == []


def test_a_batch_reads_more_citizens_than_one_statement_holds(context: AppContext) -> None:
    with context.sessions() as session:
        stored = [_citizen(session, f"JC-SLICE-{n}").id for n in range(3)]
        session.commit()
        found = citizens.get_many(session, citizen_ids=list(range(1, 300_001)))
    assert sorted(found) == sorted(stored)
