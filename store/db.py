"""Engine and session factory for SQLite (default) and PostgreSQL, and what a write that
loses a race to a concurrent one becomes."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError


class WriteConflict(Exception):
    """A concurrent writer got there first; the transaction was rolled back."""


class StaleWrite(WriteConflict):
    """Another writer committed a newer version of the same record."""


class UniqueViolation(WriteConflict):
    """A unique value (a reference, a username) was taken by another write."""


class ReferenceGone(WriteConflict):
    """A row this write refers to was deleted by another write."""


# SQLSTATE classes (PostgreSQL) and message prefixes (SQLite) of the integrity errors that a
# race between two valid writes causes; any other integrity error is a defect and stays one.
_UNIQUE = ("23505", "UNIQUE constraint failed")
_FOREIGN_KEY = ("23503", "FOREIGN KEY constraint failed")


def conflict_of(exc: BaseException) -> WriteConflict | None:
    """The write conflict a database error stands for, or None when it is something else."""
    if isinstance(exc, StaleDataError):
        return StaleWrite("someone else saved this record first")
    if isinstance(exc, IntegrityError):
        code = getattr(exc.orig, "sqlstate", None)
        message = str(exc.orig)
        if code == _UNIQUE[0] or message.startswith(_UNIQUE[1]):
            return UniqueViolation("a value that must be unique was taken meanwhile")
        if code == _FOREIGN_KEY[0] or message.startswith(_FOREIGN_KEY[1]):
            return ReferenceGone("a record this change refers to was deleted meanwhile")
    return None


@contextmanager
def conflicts_as_errors(session: Session) -> Iterator[None]:
    """Inside: a flush or commit that loses a race rolls back and raises a WriteConflict."""
    try:
        yield
    except (StaleDataError, IntegrityError) as exc:
        conflict = conflict_of(exc)
        if conflict is None:
            raise
        session.rollback()
        raise conflict from exc


def flush(session: Session) -> None:
    """Flush; a write that lost a race raises a WriteConflict (see conflicts_as_errors)."""
    with conflicts_as_errors(session):
        session.flush()


# Ids for one `IN (...)` are sent this many at a time: a statement may hold at most 65,535
# parameters on PostgreSQL (its wire protocol) and 32,766 on SQLite builds before 3.32 (250,000
# after), and a national import or batch run passes hundreds of thousands.
IN_LIST_SIZE = 1000


def in_slices(ids: Iterable[int], size: int = IN_LIST_SIZE) -> Iterator[list[int]]:
    """The distinct ids, sorted, in slices short enough for one `IN (...)` each."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def make_engine(url: str) -> Engine:
    """An engine for the URL; a SQLite file's folder is created and foreign keys enforced."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def dialect(session: Session) -> str:
    """The database's kind: sqlite or postgresql."""
    return session.get_bind().dialect.name


def _sequence(session: Session, table: str) -> str:
    name = session.scalar(text(f"SELECT pg_get_serial_sequence('{table}', 'id')"))
    assert isinstance(name, str), f"{table}.id has no sequence"
    return name


def _last_id(session: Session, table: str) -> int:
    """The highest id the table has ever handed out: ids of deleted rows are never reused
    (the search index keeps tombstones by id, the audit log keeps citizen ids)."""
    if dialect(session) == "postgresql":
        sequence = _sequence(session, table)
        used = f"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {sequence}"
    else:  # SQLite: AUTOINCREMENT tables keep their highest id in sqlite_sequence
        used = f"SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = '{table}'"
    row = session.execute(
        text(f"SELECT COALESCE((SELECT MAX(id) FROM {table}), 0), ({used})")
    ).one()
    return max(int(row[0]), int(row[1] or 0))


def next_free_id(session: Session, table: str) -> int:
    """An id no row of the table has had, for inserts that name their ids (imports)."""
    return _last_id(session, table) + 1


def sync_id_sequences(session: Session, *, tables: tuple[str, ...]) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's sequences past them
    (never back: an id once handed out is not handed out again)."""
    if dialect(session) != "postgresql":
        return
    for table in tables:
        session.execute(
            text("SELECT setval(:sequence, :next, false)"),
            {"sequence": _sequence(session, table), "next": _last_id(session, table) + 1},
        )


class LockTimeout(Exception):
    """Another writer kept the tables locked for longer than we wait."""


_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout passed


def lock_for_writing(session: Session, *tables: str, timeout_s: float = 30.0) -> None:
    """Serialise this transaction with every other writer of these tables (imports, which
    read the highest ids and then insert after them). PostgreSQL: a table lock that lets
    readers through, waiting at most `timeout_s`. SQLite: the database's write lock (BEGIN
    IMMEDIATE), waiting as long as the connection's busy timeout. Call it first in the
    transaction; LockTimeout when the wait runs out."""
    try:
        if dialect(session) == "postgresql":
            session.execute(text(f"SET LOCAL lock_timeout = '{int(timeout_s * 1000)}ms'"))
            session.execute(text(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE"))
            session.execute(text("SET LOCAL lock_timeout = DEFAULT"))
        else:
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        code = getattr(exc.orig, "sqlstate", None)
        if code == _LOCK_NOT_AVAILABLE or "database is locked" in str(exc.orig):
            session.rollback()
            raise LockTimeout(f"{', '.join(tables)} stayed locked by another writer") from exc
        raise
