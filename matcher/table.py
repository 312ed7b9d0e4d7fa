"""Workplace functions as columns: the form every backend hands to the scorer.

One row per workplace function. Workplace-wide facts (location, capacity, record, the
accommodations the whole workplace offers) are repeated on each of its functions' rows so that
every filter and factor is one vectorised operation.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from matcher.models import Workplace
from matcher.text import normalise_many, normalise_title
from matcher.vocabulary import accommodation_mask, placement_mask

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def _as_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The analyzer for rows whose terms are already normalised."""
    return terms


class Vocabulary:
    """Normalised terms and their column numbers; grows as new terms are indexed."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.terms: list[str] = []

    def __len__(self) -> int:
        return len(self.terms)

    def add(self, terms: Iterable[str]) -> list[int]:
        ids = []
        for term in terms:
            term_id = self._ids.get(term)
            if term_id is None:
                term_id = len(self.terms)
                self._ids[term] = term_id
                self.terms.append(term)
            ids.append(term_id)
        return ids

    def columns(self) -> dict[str, int]:
        """Term to column number, for scikit-learn's fixed vocabulary (a copy)."""
        return dict(self._ids)

    def known(self, terms: Iterable[str]) -> IntArray:
        """Column numbers of the terms already in the vocabulary."""
        return np.array([self._ids[t] for t in terms if t in self._ids], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class FunctionRow:
    """One function with its workplace's facts, as documents and tables carry it."""

    function_id: int
    workplace_id: int
    workplace_name: str
    industry: str
    postal_code: str
    lat: float
    lon: float
    title: str
    occupation_code: str
    tasks: tuple[str, ...]
    hours_min: float
    hours_max: float
    placement_types: frozenset[str]
    accommodations: frozenset[str]  # the function's and the whole workplace's
    ordinary_employees: int
    current_subsidised_placements: int
    record_placements: int
    record_good_outcomes: int
    record_paid_hours_outcomes: int

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.title, *self.tasks)

    @property
    def terms(self) -> tuple[str, ...]:
        return normalise_many(self.texts)


def function_rows(workplace: Workplace) -> list[FunctionRow]:
    """The rows of one workplace, one per function."""
    return [
        FunctionRow(
            function_id=function.id,
            workplace_id=workplace.id,
            workplace_name=workplace.name,
            industry=workplace.industry,
            postal_code=workplace.postal_code,
            lat=workplace.coordinates.lat,
            lon=workplace.coordinates.lon,
            title=function.title,
            occupation_code=function.occupation_code,
            tasks=function.tasks,
            hours_min=function.hours.min,
            hours_max=function.hours.max,
            placement_types=function.placement_types,
            accommodations=function.accommodations | workplace.accommodations,
            ordinary_employees=workplace.ordinary_employees,
            current_subsidised_placements=workplace.current_subsidised_placements,
            record_placements=workplace.record.placements,
            record_good_outcomes=workplace.record.good_outcomes,
            record_paid_hours_outcomes=workplace.record.paid_hours_outcomes,
        )
        for function in workplace.functions
    ]


@dataclass(slots=True)
class FunctionTable:
    """Columns of function rows; `rows[i]` describes row i of every array."""

    rows: list[FunctionRow]
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
    title_key: IntArray
    title_keys: list[tuple[str, str]]  # (occupation code, normalised function title)
    term_count: IntArray
    terms: sp.csr_matrix  # rows x vocabulary, 1 where the row has the term
    # What the scorer derives from the columns and keeps (a grid, today's offered placement
    # types, goal similarities): a table never changes once built.
    derived: dict[Any, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def build(cls, rows: Sequence[FunctionRow], vocabulary: Vocabulary) -> "FunctionTable":
        """Columns for the rows; new terms are added to the vocabulary."""
        title_keys: dict[tuple[str, str], int] = {}
        title_key = np.empty(len(rows), dtype=np.int64)
        row_terms = []
        for i, row in enumerate(rows):
            key = (row.occupation_code, normalise_title(row.title))
            title_key[i] = title_keys.setdefault(key, len(title_keys))
            terms = row.terms
            vocabulary.add(terms)
            row_terms.append(terms)
        # scikit-learn builds the binary row x term matrix from the Danish stems computed
        # above, over the index's vocabulary (which only grows, so columns stay stable).
        vectorizer = CountVectorizer(
            analyzer=_as_terms, vocabulary=vocabulary.columns(), binary=True, dtype=np.int32
        )
        terms_matrix: sp.csr_matrix = (
            vectorizer.transform(row_terms)
            if rows and len(vocabulary)
            else sp.csr_matrix((len(rows), max(len(vocabulary), 1)), dtype=np.int32)
        )
        return cls(
            rows=list(rows),
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
            title_key=title_key,
            title_keys=list(title_keys),
            term_count=np.diff(terms_matrix.indptr).astype(np.int64),
            terms=terms_matrix,
        )
