"""Workplace functions as columns: the form every backend hands to the scorer.

One row per workplace function. Workplace-wide facts (location, capacity, record, the
accommodations the whole workplace offers) are repeated on each of its functions' rows so that
every filter and factor is one vectorised operation.
"""

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matcher.pool import Interner
from matcher.rows import FunctionRow, RowTexts, function_rows
from matcher.vocabulary import (
    accommodation_codes,
    accommodation_mask,
    placement_codes,
    placement_mask,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
_T = TypeVar("_T")

__all__ = ["FunctionRow", "FunctionTable", "RowTexts", "Vocabulary", "function_rows"]


class Vocabulary:
    """Normalised terms and their column numbers; grows as new terms are indexed."""

    def __init__(self) -> None:
        self._terms = Interner()

    def __len__(self) -> int:
        return len(self._terms)

    @property
    def terms(self) -> list[str]:
        """The terms by column number."""
        return self._terms.strings

    def add(self, terms: Iterable[str]) -> list[int]:
        return [self._terms(term) for term in terms]

    def columns(self) -> dict[str, int]:
        """Term to column number, for scikit-learn's fixed vocabulary (a copy)."""
        return self._terms.ids()

    def column(self, term: str) -> int | None:
        """The column number of a term, or None for one not in the vocabulary."""
        return self._terms.get(term)

    def known(self, terms: Iterable[str]) -> IntArray:
        """Column numbers of the terms already in the vocabulary."""
        found = (self._terms.get(term) for term in terms)
        return np.array([column for column in found if column is not None], dtype=np.int64)


# The table's number columns, each one value per row.
NUMBER_COLUMNS = (
    "function_id",
    "workplace_id",
    "accommodations",
    "placement_types",
    "hours_min",
    "hours_max",
    "lat",
    "lon",
    "ordinary_employees",
    "current_subsidised",
    "record_placements",
    "record_good",
    "record_paid",
)


@dataclass(slots=True)
class FunctionTable:
    """Columns of function rows: numbers as arrays, texts as ids into one string pool, terms
    as a sparse matrix. Nothing is kept per row as a Python object; `row(i)` makes one."""

    function_id: IntArray
    workplace_id: IntArray
    accommodations: npt.NDArray[np.uint32]
    placement_types: npt.NDArray[np.uint8]
    hours_min: FloatArray
    hours_max: FloatArray
    lat: FloatArray
    lon: FloatArray
    ordinary_employees: IntArray
    current_subsidised: IntArray
    record_placements: FloatArray
    record_good: FloatArray
    record_paid: FloatArray
    terms: sp.csr_matrix  # rows x vocabulary, 1 where the row has the term
    text: RowTexts
    title_key: IntArray  # rows with the same (occupation code, normalised title) share one
    # What the scorer derives from the columns and keeps (a grid, today's offered placement
    # types, goal similarities): a table never changes once built.
    derived: dict[Any, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.function_id)

    @property
    def term_count(self) -> IntArray:
        return _kept(self, "term_count", lambda: np.diff(self.terms.indptr).astype(np.int64))

    @property
    def title_keys(self) -> list[tuple[str, str]]:
        """(occupation code, normalised function title) of each title key."""

        def make() -> list[tuple[str, str]]:
            first = _first_of_each(self.title_key)
            pool, text = self.text.pool, self.text
            return [
                (pool[int(text.occupation_code[r])], pool[int(text.normalised_title[r])])
                for r in first.tolist()
            ]

        return _kept(self, "title_keys", make)

    def row(self, index: int) -> FunctionRow:
        """Row `index` as the row it was built from (the last few thousand first asked for are
        kept: a workplace suggested to many citizens is explained again for each)."""
        rows: OrderedDict[int, FunctionRow] = _kept(self, "explained_rows", OrderedDict)
        found = rows.get(index)
        if found is None:
            if len(rows) >= _ROWS_KEPT:
                rows.popitem(last=False)  # one call: safe beside other threads' requests
            found = rows[index] = self._row(index)
        return found

    def _row(self, index: int) -> FunctionRow:
        text, pool = self.text, self.text.pool
        return FunctionRow(
            function_id=int(self.function_id[index]),
            workplace_id=int(self.workplace_id[index]),
            workplace_name=pool[int(text.workplace_name[index])],
            industry=pool[int(text.industry[index])],
            postal_code=pool[int(text.postal_code[index])],
            lat=float(self.lat[index]),
            lon=float(self.lon[index]),
            title=pool[int(text.title[index])],
            occupation_code=pool[int(text.occupation_code[index])],
            tasks=text.tasks(index),
            hours_min=float(self.hours_min[index]),
            hours_max=float(self.hours_max[index]),
            placement_types=frozenset(placement_codes(int(self.placement_types[index]))),
            accommodations=frozenset(accommodation_codes(int(self.accommodations[index]))),
            ordinary_employees=int(self.ordinary_employees[index]),
            current_subsidised_placements=int(self.current_subsidised[index]),
            record_placements=int(self.record_placements[index]),
            record_good_outcomes=int(self.record_good[index]),
            record_paid_hours_outcomes=int(self.record_paid[index]),
        )

    @classmethod
    def build(cls, rows: Sequence[FunctionRow], vocabulary: Vocabulary) -> "FunctionTable":
        """Columns for the rows; new terms are added to the vocabulary."""
        # The binary row x term matrix, each row's columns once and in order, over the
        # index's vocabulary (which only grows, so columns stay stable): the matrix
        # scikit-learn's CountVectorizer(binary=True) would make from these stems, built here
        # so that a serving process's first write does not import its 100 MB of modules.
        columns: list[int] = []
        starts = [0]
        for row in rows:
            columns.extend(sorted(set(vocabulary.add(row.terms))))
            starts.append(len(columns))
        terms_matrix = sp.csr_matrix(
            (
                np.ones(len(columns), dtype=np.int32),
                np.array(columns, dtype=np.int32),
                np.array(starts, dtype=np.int32),
            ),
            shape=(len(rows), max(len(vocabulary), 1)),
        )
        text = RowTexts.of(rows)
        return cls(
            function_id=np.array([r.function_id for r in rows], dtype=np.int64),
            workplace_id=np.array([r.workplace_id for r in rows], dtype=np.int64),
            accommodations=np.array(
                [accommodation_mask(r.accommodations) for r in rows], dtype=np.uint32
            ),
            placement_types=np.array(
                [placement_mask(r.placement_types) for r in rows], dtype=np.uint8
            ),
            hours_min=np.array([r.hours_min for r in rows], dtype=np.float64),
            hours_max=np.array([r.hours_max for r in rows], dtype=np.float64),
            lat=np.array([r.lat for r in rows], dtype=np.float64),
            lon=np.array([r.lon for r in rows], dtype=np.float64),
            ordinary_employees=np.array([r.ordinary_employees for r in rows], dtype=np.int64),
            current_subsidised=np.array(
                [r.current_subsidised_placements for r in rows], dtype=np.int64
            ),
            record_placements=np.array([r.record_placements for r in rows], dtype=np.float64),
            record_good=np.array([r.record_good_outcomes for r in rows], dtype=np.float64),
            record_paid=np.array([r.record_paid_hours_outcomes for r in rows], dtype=np.float64),
            terms=terms_matrix,
            text=text,
            title_key=_title_keys(text),
        )

    def take(self, rows: IntArray) -> "FunctionTable":
        """A table of the given rows, in that order."""
        text = self.text.take(rows)
        numbers: dict[str, Any] = {name: getattr(self, name)[rows] for name in NUMBER_COLUMNS}
        return FunctionTable(
            **numbers,
            terms=self.terms[rows],
            text=text,
            title_key=_title_keys(text),
        )

    @classmethod
    def concat(cls, tables: Sequence["FunctionTable"], width: int) -> "FunctionTable":
        """The rows of all tables, in order; `width` is the vocabulary's size now."""
        text = RowTexts.concat([t.text for t in tables])
        terms = [_widened(t.terms, width) for t in tables]
        numbers: dict[str, Any] = {
            name: np.concatenate([getattr(t, name) for t in tables]) for name in NUMBER_COLUMNS
        }
        return FunctionTable(
            **numbers,
            terms=sp.vstack(terms, format="csr"),
            text=text,
            title_key=_title_keys(text),
        )


_ROWS_KEPT = 4_096


def _kept(table: FunctionTable, key: str, make: Callable[[], _T]) -> _T:
    value = table.derived.get(key)
    if value is None:
        value = table.derived[key] = make()
    return cast(_T, value)


def _first_of_each(keys: IntArray) -> IntArray:
    """For keys numbered 0..k-1, the first row of each key."""
    first = np.full(int(keys.max()) + 1 if len(keys) else 0, len(keys), dtype=np.int64)
    np.minimum.at(first, keys, np.arange(len(keys), dtype=np.int64))
    return first


def _title_keys(text: RowTexts) -> IntArray:
    """Each row's title key, numbered in the order the keys first appear."""
    pairs = (text.occupation_code.astype(np.int64) << 32) | text.normalised_title.astype(np.int64)
    _, first, inverse = np.unique(pairs, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first), dtype=np.int64)
    keys: IntArray = rank[inverse.reshape(-1)]
    return keys


def _widened(terms: sp.csr_matrix, width: int) -> sp.csr_matrix:
    if terms.shape[1] >= width:
        return terms
    return sp.csr_matrix((terms.data, terms.indices, terms.indptr), shape=(terms.shape[0], width))
