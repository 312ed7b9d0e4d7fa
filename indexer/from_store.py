"""Building the whole index from the store, on every core for the embedded index.

Turning workplaces into columns is nearly all Python (reading rows into workplaces,
normalising Danish text, interning strings), so one process uses one core. The
store is split into consecutive id ranges of whole batches; this process builds the first
while spawned processes build the others from their own connections, each with a vocabulary
of its own. Their columns come back as arrays; the vocabularies are merged in range order and
each range's term columns renumbered, which gives exactly the columns one process would have
built, in the same order.

Ranges are read in separate transactions. What changes meanwhile is in the outbox after the
rows the caller noted before the build, and is applied again after it, as with one process.
"""

import dataclasses
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.backend import SearchBackend
from indexer.columns import BUILD_BATCH, build_columns
from indexer.embedded import EmbeddedIndex
from indexer.listings import ListingTable
from matcher.table import FunctionTable, Vocabulary
from store import workplaces as workplace_repository
from store.db import make_engine, make_session_factory

__all__ = ["PARALLEL_FROM", "rebuild_from_store"]

log = logging.getLogger(__name__)

# Below this many workplaces one process builds: starting another costs about 3 s.
PARALLEL_FROM = 4 * BUILD_BATCH

_Built = tuple[list[FunctionTable], list[ListingTable], list[str]]


def rebuild_from_store(
    backend: SearchBackend,
    session: Session,
    *,
    progress: Callable[[int], None] | None = None,
    processes: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    batch: int = BUILD_BATCH,
) -> int:
    """Replace the backend's whole index with the store's workplaces; returns how many were
    indexed. `processes` defaults to the cores this process may use."""
    count = workplace_repository.count(session)
    url = _shareable_url(session)
    if isinstance(backend, EmbeddedIndex) and url is not None and count >= parallel_from:
        ranges = _ranges(workplace_repository.all_ids(session), processes or _cores(), batch)
        if len(ranges) > 1:
            return _build_in_ranges(backend, session, url, ranges, batch, progress)
    return backend.rebuild(
        workplace_repository.load_all(session), expected=count, progress=progress
    )


def _build_in_ranges(
    index: EmbeddedIndex,
    session: Session,
    url: str,
    ranges: list[tuple[int, int]],
    batch: int,
    progress: Callable[[int], None] | None,
) -> int:
    others = [_Range.start(url, *bounds, batch) for bounds in ranges[1:]]
    try:
        vocabulary = Vocabulary()
        tables, listings = build_columns(
            workplace_repository.load_all(session, after_id=ranges[0][0], up_to_id=ranges[0][1]),
            vocabulary,
            batch=batch,
            progress=progress,
        )
        built: list[_Built] = [(tables, listings, vocabulary.terms)]
        for other in others:
            built.append(other.result())
            if progress is not None:
                progress(sum(len(listing) for listing in built[-1][1]))
    finally:
        for other in others:
            other.end()
    return index.install_columns(*_merged(built))


@dataclass(frozen=True, slots=True)
class _Range:
    """A new interpreter building one range (`python -m indexer.from_store`): not a
    multiprocessing child, so it neither imports the caller's main module again nor minds
    that a Celery worker is a daemon. The URL, password included, goes through its standard
    input, never its command line. Its standard error goes to a file: a pipe this process
    does not read while it builds its own range could fill and stop the child."""

    child: subprocess.Popen[bytes]
    errors: IO[bytes]

    @classmethod
    def start(cls, url: str, after_id: int, up_to_id: int, batch: int) -> "_Range":
        errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by end())
        child = subprocess.Popen(
            [sys.executable, "-m", "indexer.from_store"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        assert child.stdin is not None
        pickle.dump((url, after_id, up_to_id, batch), child.stdin)
        child.stdin.close()
        return cls(child, errors)

    def result(self) -> _Built:
        """The range's columns, read while the child writes them (hundreds of megabytes);
        RuntimeError with the last line the child wrote to its standard error if it failed."""
        child = self.child
        assert child.stdout is not None
        try:
            built, peak_mb = pickle.load(child.stdout)
        except EOFError:
            built = None
        if child.wait() != 0 or built is None:
            self.errors.seek(0)
            said = self.errors.read().decode(errors="replace").strip()
            self.end()
            last = said.splitlines()[-1] if said else f"exit {child.returncode}"
            raise RuntimeError(f"building a range of the index failed: {last}")
        self.end()
        log.info(
            "index range of %d workplaces built in process %d, peak memory %.0f MB",
            sum(len(listing) for listing in built[1]),
            child.pid,
            peak_mb,
        )
        return cast(_Built, built)

    def end(self) -> None:
        """The child stopped (killed if still building), its output and the file of its
        standard error closed."""
        if self.child.poll() is None:
            self.child.kill()
        self.child.wait()
        if self.child.stdout is not None:
            self.child.stdout.close()
        self.errors.close()


def _build_range(url: str, after_id: int, up_to_id: int, batch: int) -> _Built:
    """The columns of the workplaces after_id < id <= up_to_id, over a vocabulary of their
    own."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            vocabulary = Vocabulary()
            tables, listings = build_columns(
                workplace_repository.load_all(session, after_id=after_id, up_to_id=up_to_id),
                vocabulary,
                batch=batch,
            )
            return tables, listings, vocabulary.terms
    finally:
        engine.dispose()


def _merged(
    built: list[_Built],
) -> tuple[list[FunctionTable], list[ListingTable], Vocabulary]:
    """The ranges' columns over one vocabulary: each range's terms are added in its order
    (what one process adding the same rows in the same order would have done), and its term
    columns renumbered to the merged vocabulary's."""
    vocabulary = Vocabulary()
    renumbering = [np.array(vocabulary.add(terms), dtype=np.int32) for _, _, terms in built]
    width = max(len(vocabulary), 1)
    tables: list[FunctionTable] = []
    listings: list[ListingTable] = []
    for (part_tables, part_listings, _), columns in zip(built, renumbering, strict=True):
        tables += [
            dataclasses.replace(t, terms=_renumbered(t.terms, columns, width), derived={})
            for t in part_tables
        ]
        listings += [
            dataclasses.replace(listing, terms=_renumbered(listing.terms, columns, width))
            for listing in part_listings
        ]
    return tables, listings, vocabulary


def _renumbered(terms: sp.csr_matrix, columns: npt.NDArray[np.int32], width: int) -> sp.csr_matrix:
    matrix = sp.csr_matrix(
        (terms.data, columns[terms.indices], terms.indptr), shape=(terms.shape[0], width)
    )
    matrix.sort_indices()
    return matrix


def _ranges(ids: list[int], processes: int, batch: int) -> list[tuple[int, int]]:
    """(after_id, up_to_id) of consecutive ranges of whole batches, one for each process."""
    if not ids:
        return []
    per = -(-len(ids) // max(processes, 1))
    per = -(-per // batch) * batch
    return [
        (ids[start - 1] if start else ids[0] - 1, ids[min(start + per, len(ids)) - 1])
        for start in range(0, len(ids), per)
    ]


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def _shareable_url(session: Session) -> str | None:
    """The database's URL for another process, or None when only this one can see it (an
    in-memory SQLite database)."""
    bind = session.get_bind()
    url = (bind if isinstance(bind, Engine) else bind.engine).url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _peak_mb() -> float:
    """This process's most resident memory so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    built = _build_range(*pickle.load(sys.stdin.buffer))
    pickle.dump((built, _peak_mb()), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
