"""Locks held for the length of a long job (a reindex), so two cannot run at once: on
PostgreSQL a session advisory lock (every machine sees it), on SQLite a lock file beside the
database (SQLite's database lives on one machine). Both go when the process ends."""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Engine, text


class Busy(RuntimeError):
    """Another process holds the lock."""


@contextmanager
def held(engine: Engine, name: str) -> Iterator[None]:
    """Hold the named lock while the block runs; Busy at once when another process has it."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name):
            yield
        return
    database = engine.url.database
    if not database or database == ":memory:":  # one process' own database: nobody to meet
        yield
        return
    lock = FileLock(f"{Path(database).resolve()}.{name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise Busy(f"another {name} is running (lock file {lock.lock_file})") from exc
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _advisory(engine: Engine, name: str) -> Iterator[None]:
    key = zlib.crc32(f"matcher:{name}".encode())  # a stable key for the name
    with engine.connect() as connection:
        taken = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        connection.commit()
        if not taken:
            raise Busy(f"another {name} is running (PostgreSQL advisory lock {key})")
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
