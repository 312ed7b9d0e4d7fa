"""The embedded backend: an in-process, vectorised index of workplace functions.

Rows live in a large base table and a small tail. A write marks the workplace's base rows
inactive and puts its new rows in the tail, so a write costs the size of the tail, not of the
index; when the tail grows past `compact_after` rows it is merged into a new base. Readers take
a consistent snapshot under a lock and score without holding it.
"""

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from indexer.backend import WorkplacePage
from indexer.columns import build_columns
from indexer.listings import ListingTable
from indexer.snapshot import Snapshot
from matcher.models import Workplace
from matcher.query import CitizenQuery
from matcher.scoring import Ranked, ScoringContext, Suggestion, merge_ranked, rank_many
from matcher.spatial import locality_order
from matcher.table import FunctionRow, FunctionTable, Vocabulary, function_rows
from matcher.text import normalise_terms

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class _Snapshot:
    base: FunctionTable
    base_active: BoolArray
    tail: FunctionTable


@dataclass(frozen=True, slots=True)
class _Base:
    """The large, columnar part of the index and where each workplace's rows lie in it."""

    table: FunctionTable
    listings: ListingTable
    by_workplace: IntArray  # row positions, ordered by workplace id
    workplace_ids: IntArray  # the table's workplace ids in that order

    @classmethod
    def of(
        cls, table: FunctionTable, listings: ListingTable, order: IntArray | None = None
    ) -> "_Base":
        if order is None:
            order = np.argsort(table.workplace_id, kind="stable")
        return cls(table, listings, order, table.workplace_id[order])

    def rows_of(self, workplace_id: int) -> IntArray:
        start, end = np.searchsorted(self.workplace_ids, [workplace_id, workplace_id + 1])
        return self.by_workplace[int(start) : int(end)]

    def listing_of(self, workplace_id: int) -> int | None:
        ids = self.listings.workplace_id
        position = int(np.searchsorted(ids, workplace_id))
        return position if position < len(ids) and ids[position] == workplace_id else None


class EmbeddedIndex:
    name = "embedded"
    shared = False

    def __init__(self, *, compact_after: int = 4096) -> None:
        self._lock = threading.RLock()
        self._compact_after = compact_after
        self._vocabulary = Vocabulary()
        self._base = _Base.of(
            FunctionTable.build([], self._vocabulary), ListingTable.build([], self._vocabulary)
        )
        self._base_active = np.ones(0, dtype=bool)
        self._listing_active = np.ones(0, dtype=bool)
        self._tail_rows: dict[int, list[FunctionRow]] = {}
        self._tail_workplaces: dict[int, Workplace] = {}
        self._tail: FunctionTable | None = None
        self._tail_listings: ListingTable | None = None
        self._built = False
        self.version: str | None = None  # the snapshot installed, if one is

    def needs_rebuild(self) -> bool:
        return not self._built

    def rebuild(
        self,
        workplaces: Iterable[Workplace],
        *,
        expected: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        vocabulary = Vocabulary()
        tables, listings = build_columns(workplaces, vocabulary, progress=progress)
        return self.install_columns(tables, listings, vocabulary)

    def install_columns(
        self,
        tables: Sequence[FunctionTable],
        listings: Sequence[ListingTable],
        vocabulary: Vocabulary,
    ) -> int:
        """Serve the workplaces these columns were built from (batch by batch, in order, over
        this vocabulary) and nothing else; returns how many workplaces they hold."""
        tables = tables or [FunctionTable.build([], vocabulary)]
        listings = listings or [ListingTable.build([], vocabulary)]
        base = _Base.of(
            _near_each_other(FunctionTable.concat(tables, len(vocabulary))),
            _by_id(ListingTable.concat(listings, len(vocabulary))),
        )
        with self._lock:
            self._vocabulary = vocabulary
            self._install_base(base)
            self._built = True
            self.version = None
        return len(base.listings)

    def install(self, snapshot: Snapshot) -> None:
        """Serve a mapped snapshot from now on; what this process added since is dropped (the
        caller applies the changes the snapshot does not cover again)."""
        base = _Base.of(snapshot.table, snapshot.listings, snapshot.by_workplace)
        with self._lock:
            self._vocabulary = snapshot.vocabulary
            self._install_base(base)
            self._built = True
            self.version = snapshot.version

    def export(self) -> tuple[FunctionTable, ListingTable, Vocabulary]:
        """Everything indexed now as one table, one listing table and the vocabulary (what
        a snapshot is written from); the index itself is left as it is."""
        with self._lock:
            return (*self._merged(), self._vocabulary)

    def upsert(self, workplace: Workplace) -> None:
        with self._lock:
            self._deactivate(workplace.id)
            self._tail_rows[workplace.id] = function_rows(workplace)
            self._tail_workplaces[workplace.id] = workplace
            self._tail = self._tail_listings = None
            if sum(len(rows) for rows in self._tail_rows.values()) > self._compact_after:
                self._compact()

    def delete(self, workplace_id: int) -> None:
        with self._lock:
            self._deactivate(workplace_id)
            if self._tail_rows.pop(workplace_id, None) is not None:
                self._tail_workplaces.pop(workplace_id, None)
                self._tail = self._tail_listings = None

    def suggest(self, query: CitizenQuery, context: ScoringContext) -> list[Suggestion]:
        return self.suggest_many([query], context)[0]

    def suggest_many(
        self, queries: Sequence[CitizenQuery], context: ScoringContext
    ) -> list[list[Suggestion]]:
        return [ranked.suggestions for ranked in self.rank_many(queries, context)]

    def rank_many(self, queries: Sequence[CitizenQuery], context: ScoringContext) -> list[Ranked]:
        snapshot = self._snapshot()
        base = rank_many(snapshot.base, queries, self._vocabulary, context, snapshot.base_active)
        tail = rank_many(snapshot.tail, queries, self._vocabulary, context)
        return [
            Ranked(
                total=from_base.total + from_tail.total,
                suggestions=merge_ranked(
                    [from_base.suggestions, from_tail.suggestions], query.limit
                ),
                relevant=None
                if from_base.relevant is None
                else from_base.relevant + (from_tail.relevant or 0),
            )
            for query, from_base, from_tail in zip(queries, base, tail, strict=True)
        ]

    def search_workplaces(
        self,
        *,
        text: str | None,
        industry: str | None,
        postal_code: str | None,
        offset: int,
        limit: int,
    ) -> WorkplacePage:
        parts = self._listing_parts()  # first: the tail's listings add their stems
        columns = self._vocabulary.known(set(normalise_terms(text))) if text else None
        hits: list[IntArray] = []
        matched: list[IntArray] = []
        for listings, active in parts:
            rows, counts = listings.matching(
                columns=columns, industry=industry, postal_code=postal_code, active=active
            )
            hits.append(listings.workplace_id[rows])
            matched.append(counts)
        ids, counts = np.concatenate(hits), np.concatenate(matched)
        order = np.lexsort((ids, -counts))  # most stems matched first, then by id
        return WorkplacePage(
            total=len(ids), workplace_ids=ids[order][offset : offset + limit].tolist()
        )

    def count(self) -> int:
        with self._lock:
            return int(self._listing_active.sum()) + len(self._tail_workplaces)

    def indexed_versions(self) -> dict[int, int]:
        versions: dict[int, int] = {}
        for listings, active in self._listing_parts():
            rows = np.flatnonzero(active)
            ids, indexed = listings.workplace_id[rows].tolist(), listings.version[rows].tolist()
            versions.update(zip(ids, indexed, strict=True))
        return versions

    def _listing_parts(self) -> list[tuple[ListingTable, BoolArray]]:
        """The base's listings and the tail's, each with which of its rows are current."""
        with self._lock:
            if self._tail_listings is None:
                workplaces = list(self._tail_workplaces.values())
                self._tail_listings = ListingTable.build(workplaces, self._vocabulary)
            tail = self._tail_listings
            return [
                (self._base.listings, self._listing_active),
                (tail, np.ones(len(tail), dtype=bool)),
            ]

    def _snapshot(self) -> _Snapshot:
        with self._lock:
            if self._tail is None:
                rows = [row for rows in self._tail_rows.values() for row in rows]
                self._tail = FunctionTable.build(rows, self._vocabulary)
            return _Snapshot(self._base.table, self._base_active, self._tail)

    def _install_base(self, base: _Base) -> None:
        self._base = base
        self._base_active = np.ones(len(base.table), dtype=bool)
        self._listing_active = np.ones(len(base.listings), dtype=bool)
        self._tail_rows = {}
        self._tail_workplaces = {}
        self._tail = self._tail_listings = None
        # The Python objects that remain (the vocabulary, caches) live until the next
        # rebuild: move them out of the cyclic collector's sight.
        gc.freeze()

    def _deactivate(self, workplace_id: int) -> None:
        self._base_active = _cleared(self._base_active, self._base.rows_of(workplace_id))
        listing = self._base.listing_of(workplace_id)
        if listing is not None:
            self._listing_active = _cleared(self._listing_active, np.array([listing]))

    def _compact(self) -> None:
        """The base's current rows and the tail's, merged column by column into a new base."""
        self._install_base(_Base.of(*self._merged()))
        self.version = None

    def _merged(self) -> tuple[FunctionTable, ListingTable]:
        tail = self._snapshot().tail
        (base_listings, listing_active), (tail_listings, _) = self._listing_parts()
        width = len(self._vocabulary)  # with the terms the tail has just added
        kept = self._base.table.take(np.flatnonzero(self._base_active))
        listings = base_listings.take(np.flatnonzero(listing_active))
        return (
            _near_each_other(FunctionTable.concat([kept, tail], width)),
            _by_id(ListingTable.concat([listings, tail_listings], width)),
        )


def _cleared(active: BoolArray, positions: IntArray) -> BoolArray:
    """`active` with the positions cleared: a copy when any was set (copy on write, so a
    reader holding the old array keeps a consistent snapshot)."""
    if not len(positions) or not active[positions].any():
        return active
    cleared = active.copy()
    cleared[positions] = False
    return cleared


def _by_id(listings: ListingTable) -> ListingTable:
    return listings.take(np.argsort(listings.workplace_id, kind="stable"))


def _near_each_other(table: FunctionTable) -> FunctionTable:
    """The rows in locality order (a workplace's functions stay together, in their order):
    the rows a search within a radius reads lie close together in every column."""
    return table.take(locality_order(table.lat, table.lon))
