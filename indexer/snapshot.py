"""The embedded index as files every process maps: a versioned snapshot in a directory.

A version is a directory of numpy arrays (`.npy`, one per column) and a small manifest. It is
written under a temporary name, flushed to disk, renamed into place, and only then named in
`CURRENT` (replaced atomically), so a reader never sees half a version. Readers map the arrays
read-only (`numpy.load(mmap_mode="r")`): the pages are the operating system's page cache,
shared by every process that maps them, and read from disk only when touched. The previous
version is kept for readers that have not yet swapped; older ones are removed (a process that
still maps one keeps its pages until it lets go).
"""

import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from filelock import FileLock, Timeout

from indexer.listings import ListingTable
from matcher.pool import TextPool
from matcher.rows import TEXT_COLUMNS, RowTexts, terms_fingerprint
from matcher.table import NUMBER_COLUMNS, FunctionTable, Vocabulary

FORMAT = 1
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
Array = npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version, mapped: the function table, the listings, the vocabulary, and the last
    outbox row whose change it holds (`covered`)."""

    version: str
    table: FunctionTable
    listings: ListingTable
    vocabulary: Vocabulary
    covered: int
    by_workplace: npt.NDArray[np.int64]  # the table's rows ordered by workplace id


class SnapshotDirectory:
    def __init__(self, path: Path) -> None:
        self.path = path

    def current(self) -> str | None:
        """The name of the newest complete version, or None before the first."""
        try:
            return (self.path / CURRENT).read_text().strip() or None
        except FileNotFoundError:
            return None

    @contextmanager
    def builder(self, *, wait_s: float = -1) -> Iterator[bool]:
        """Hold the builder's lock (True) or, after `wait_s` seconds, give up (False); one
        process at a time writes versions. -1 waits as long as it takes."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.path / "builder.lock")
        try:
            lock.acquire(timeout=wait_s)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def write(
        self,
        table: FunctionTable,
        listings: ListingTable,
        vocabulary: Vocabulary,
        *,
        covered: int,
    ) -> str:
        """Write a new version and make it current; returns its name."""
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"v{time.time_ns():020d}"
        staging = self.path / f".{name}.tmp"
        staging.mkdir()
        arrays = _arrays(table, listings, vocabulary)
        for key, array in arrays.items():
            with (staging / f"{key}.npy").open("wb") as handle:
                np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
                handle.flush()
                os.fsync(handle.fileno())
        manifest = {
            "format": FORMAT,
            "covered": covered,
            "rows": len(table),
            "workplaces": len(listings),
            "terms": len(vocabulary),
            "terms_fingerprint": terms_fingerprint(),
            "arrays": sorted(arrays),
        }
        _write_synced(staging / MANIFEST, json.dumps(manifest, indent=1))
        _sync_directory(staging)
        staging.rename(self.path / name)
        _sync_directory(self.path)
        previous = self.current()
        _write_synced(self.path / f".{CURRENT}.tmp", name)
        os.replace(self.path / f".{CURRENT}.tmp", self.path / CURRENT)
        _sync_directory(self.path)
        self._remove_old(keep={name, previous})
        return name

    def stale(self, version: str) -> bool:
        """Whether a version's rows were made with other word lists, catalogue or code than
        this process' (matcher.rows.terms_fingerprint): it must be rebuilt from the store."""
        manifest = json.loads((self.path / version / MANIFEST).read_text())
        return bool(manifest.get("terms_fingerprint") != terms_fingerprint())

    def load(self, version: str) -> Snapshot:
        """A version, mapped read-only."""
        folder = self.path / version
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise ValueError(f"index snapshot {folder}: format {manifest.get('format')}")
        # Plain arrays over the mapped pages (a view keeps its memmap, and so the mapping,
        # alive): numpy's memmap subclass runs Python code on every indexing, 250,000 times
        # in 200 requests at 1M functions.
        arrays = {
            key: np.load(folder / f"{key}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
            for key in manifest["arrays"]
        }
        vocabulary = Vocabulary()
        vocabulary.add(TextPool(arrays["vocabulary.data"], arrays["vocabulary.offsets"]).all())
        table = _table(arrays)
        return Snapshot(
            version,
            table,
            _listings(arrays),
            vocabulary,
            int(manifest["covered"]),
            arrays["table.by_workplace"],
        )

    def _remove_old(self, keep: set[str | None]) -> None:
        for entry in self.path.iterdir():
            if entry.is_dir() and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)


def _arrays(
    table: FunctionTable, listings: ListingTable, vocabulary: Vocabulary
) -> dict[str, Array]:
    terms = TextPool.of(vocabulary.terms)
    text = table.text
    arrays: dict[str, Array] = {f"table.{name}": getattr(table, name) for name in NUMBER_COLUMNS}
    arrays |= {f"text.{name}": getattr(text, name) for name in TEXT_COLUMNS}
    arrays |= {
        "table.title_key": table.title_key,
        "table.by_workplace": np.argsort(table.workplace_id, kind="stable"),
        "text.task_start": text.task_start,
        "text.task_ids": text.task_ids,
        "text.data": text.pool.data,
        "text.offsets": text.pool.offsets,
        "vocabulary.data": terms.data,
        "vocabulary.offsets": terms.offsets,
        "listings.workplace_id": listings.workplace_id,
        "listings.version": listings.version,
        "listings.industry": listings.industry,
        "listings.postal_code": listings.postal_code,
        "listings.data": listings.pool.data,
        "listings.offsets": listings.pool.offsets,
    }
    arrays |= _sparse("table.terms", table.terms)
    # The term -> rows postings the relevance prefilter reads, made once here.
    arrays |= _sparse("table.postings", sp.csc_matrix(table.terms))
    arrays |= _sparse("listings.terms", listings.terms)
    return arrays


def _sparse(key: str, matrix: sp.csr_matrix | sp.csc_matrix) -> dict[str, Array]:
    # One index type for indices and pointers: scipy would copy a mapped array to make them
    # agree.
    index = np.int32 if matrix.nnz < 2**31 and max(matrix.shape) < 2**31 else np.int64
    return {
        f"{key}.data": matrix.data,
        f"{key}.indices": matrix.indices.astype(index, copy=False),
        f"{key}.indptr": matrix.indptr.astype(index, copy=False),
        f"{key}.shape": np.array(matrix.shape, dtype=np.int64),
    }


def _matrix(arrays: dict[str, Array], key: str, kind: type[Any]) -> Any:
    shape = tuple(int(n) for n in arrays[f"{key}.shape"])
    parts = (arrays[f"{key}.data"], arrays[f"{key}.indices"], arrays[f"{key}.indptr"])
    return kind(parts, shape=shape, copy=False)


def _table(arrays: dict[str, Array]) -> FunctionTable:
    text = RowTexts(
        TextPool(arrays["text.data"], arrays["text.offsets"]),
        **{name: arrays[f"text.{name}"] for name in TEXT_COLUMNS},
        task_start=arrays["text.task_start"],
        task_ids=arrays["text.task_ids"],
    )
    numbers: dict[str, Any] = {name: arrays[f"table.{name}"] for name in NUMBER_COLUMNS}
    table = FunctionTable(
        **numbers,
        terms=_matrix(arrays, "table.terms", sp.csr_matrix),
        text=text,
        title_key=arrays["table.title_key"],
    )
    table.derived["postings"] = _matrix(arrays, "table.postings", sp.csc_matrix)
    return table


def _listings(arrays: dict[str, Array]) -> ListingTable:
    return ListingTable(
        workplace_id=arrays["listings.workplace_id"],
        version=arrays["listings.version"],
        industry=arrays["listings.industry"],
        postal_code=arrays["listings.postal_code"],
        pool=TextPool(arrays["listings.data"], arrays["listings.offsets"]),
        terms=_matrix(arrays, "listings.terms", sp.csr_matrix),
    )


def _write_synced(path: Path, text: str) -> None:
    with path.open("w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
