"""What a workplace search reads, one row per workplace, as columns (the embedded index's).

Industry and postal code are ids into one string pool, the stems a workplace is found by are a
sparse workplaces x vocabulary matrix over the function table's vocabulary, and the version is
what reconciling with the store compares.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from indexer.documents import listing_terms
from matcher.models import Workplace
from matcher.pool import IdArray, Interner, TextPool, merge
from matcher.table import Vocabulary

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class ListingTable:
    workplace_id: IntArray
    version: IntArray
    industry: IdArray
    postal_code: IdArray
    pool: TextPool
    terms: sp.csr_matrix

    def __len__(self) -> int:
        return len(self.workplace_id)

    @classmethod
    def build(cls, workplaces: Sequence[Workplace], vocabulary: Vocabulary) -> "ListingTable":
        """The workplaces' listings; new stems are added to the vocabulary."""
        intern = Interner()
        columns: list[int] = []
        starts = [0]
        for workplace in workplaces:
            columns.extend(sorted(set(vocabulary.add(listing_terms(workplace)))))
            starts.append(len(columns))
        width = max(len(vocabulary), 1)
        terms = sp.csr_matrix(
            (
                np.ones(len(columns), dtype=np.int8),
                np.array(columns, dtype=np.int32),
                np.array(starts, dtype=np.int64),
            ),
            shape=(len(workplaces), width),
        )
        return cls(
            workplace_id=np.array([w.id for w in workplaces], dtype=np.int64),
            version=np.array([w.version for w in workplaces], dtype=np.int64),
            industry=np.array([intern(w.industry) for w in workplaces], dtype=np.int32),
            postal_code=np.array([intern(w.postal_code) for w in workplaces], dtype=np.int32),
            pool=intern.pool(),
            terms=terms,
        )

    def take(self, rows: IntArray) -> "ListingTable":
        return ListingTable(
            self.workplace_id[rows],
            self.version[rows],
            self.industry[rows],
            self.postal_code[rows],
            self.pool,
            self.terms[rows],
        )

    @classmethod
    def concat(cls, tables: Sequence["ListingTable"], width: int) -> "ListingTable":
        pool, ids = merge([t.pool for t in tables], [[t.industry, t.postal_code] for t in tables])
        terms = [
            sp.csr_matrix(
                (t.terms.data, t.terms.indices, t.terms.indptr), shape=(len(t), max(width, 1))
            )
            for t in tables
        ]
        return cls(
            workplace_id=np.concatenate([t.workplace_id for t in tables]),
            version=np.concatenate([t.version for t in tables]),
            industry=np.concatenate([i[0] for i in ids]),
            postal_code=np.concatenate([i[1] for i in ids]),
            pool=pool,
            terms=sp.vstack(terms, format="csr"),
        )

    def matching(
        self,
        *,
        columns: IntArray | None,
        industry: str | None,
        postal_code: str | None,
        active: BoolArray,
    ) -> tuple[IntArray, IntArray]:
        """Rows (among the active) that match every criterion given, and how many of the
        searched stems (`columns` of the vocabulary) each has."""
        keep = active.copy()
        for wanted, column in ((industry, self.industry), (postal_code, self.postal_code)):
            if wanted is not None:
                found = [i for i in range(len(self.pool)) if self.pool[i] == wanted]
                keep &= np.isin(column, found)
        matched = np.zeros(len(self), dtype=np.int64)
        if columns is not None:
            usable = columns[columns < self.terms.shape[1]]
            if len(usable):
                matched = np.asarray(self.terms[:, usable].sum(axis=1)).reshape(-1)
            keep &= matched > 0
        rows = np.flatnonzero(keep)
        return rows, matched[rows]
