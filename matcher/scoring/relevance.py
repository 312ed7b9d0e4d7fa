"""Which rows have anything to do with a citizen: a term in common with the citizen's skills,
experience and education (a word stem, a competence the citizen has, or one near it), or an
occupation related to one of the citizen's goals.

A row's count of a citizen's terms is one number that holds three: the shared word stems, the
shared competences (`@key`, each worth CONCEPT) and the competences near the citizen's that
the row has (`~@key` in the query, each worth RELATED); `split_counts` takes it apart.

A near-match search (matcher.near) wants only such rows (a near match with no relevance is no
near match), and looks at every row within reach that fails one constraint: that is most of the
table when a citizen has a single hard need. Reading the rows that share a term from the term
postings, and the rows related to a goal from the goal's similarity per (code, title), leaves
the filters and factors a fraction of those rows to work on.
"""

from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matcher.competences import NEAR, TOKEN
from matcher.query import CitizenQuery
from matcher.scoring.context import ScoringContext, derived
from matcher.scoring.goals import goal_similarity
from matcher.table import FunctionTable, IntArray, Vocabulary

BoolArray = npt.NDArray[np.bool_]
TermCounts = npt.NDArray[np.int64]
_V = TypeVar("_V")

CONCEPT = 1 << 16
"""What a shared competence adds to a row's count (fewer than this many words are shared)."""
RELATED = CONCEPT << 16
"""... and a competence near one of the citizen's."""


def weighted_columns(vocabulary: Vocabulary, terms: tuple[str, ...]) -> tuple[IntArray, IntArray]:
    """The vocabulary's columns of a query's terms and what each adds to a row's count."""
    return _weighted_columns(vocabulary, len(vocabulary), terms)


@lru_cache(maxsize=64)
def _weighted_columns(
    vocabulary: Vocabulary, size: int, terms: tuple[str, ...]
) -> tuple[IntArray, IntArray]:
    # Kept per vocabulary and its size (a vocabulary only grows): a request asks again.
    columns, weights = [], []
    for term in terms:
        if term.startswith(NEAR):
            column, weight = vocabulary.column(term[len(NEAR) :]), RELATED
        else:
            column, weight = vocabulary.column(term), CONCEPT if term.startswith(TOKEN) else 1
        if column is not None:
            columns.append(column)
            weights.append(weight)
    return np.array(columns, dtype=np.int64), np.array(weights, dtype=np.int64)


def split_counts(counts: TermCounts) -> tuple[IntArray, IntArray, IntArray]:
    """A row's count as shared words, shared competences and near competences."""
    # CONCEPT and RELATED are powers of two: masks and shifts take the count apart.
    return counts & (CONCEPT - 1), (counts >> 16) & (CONCEPT - 1), counts >> 32


class Relevance:
    """For one table: the rows relevant to a citizen, and how many of the citizen's terms each
    row has, kept for the last few citizens (the suggestions and near-match searches of one
    request ask for the same citizen in turn)."""

    KEPT = 4

    def __init__(
        self, table: FunctionTable, vocabulary: Vocabulary, context: ScoringContext
    ) -> None:
        self._table = table
        self._vocabulary = vocabulary
        self._context = context
        self._counts: OrderedDict[object, TermCounts] = OrderedDict()
        self._rows: OrderedDict[object, BoolArray] = OrderedDict()
        self._related: OrderedDict[object, BoolArray] = OrderedDict()
        self._asked: OrderedDict[object, bool] = OrderedDict()

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary

    def shared_terms(self, terms: tuple[str, ...]) -> TermCounts:
        """For each row of the table, how many of these (normalised) terms it has."""
        return _kept(self._counts, terms, self.KEPT, lambda: self._count(terms))

    def shared_terms_of(self, terms: tuple[str, ...], rows: IntArray) -> TermCounts:
        """`shared_terms(terms)[rows]`. Counting over the whole table costs a pass over
        every row and the postings of each term (2 ms at 1M functions): the first time these
        terms are asked, when the rows' own terms are fewer than the table's rows, only the
        rows' terms are looked at."""
        kept = self._counts.get(terms)
        if kept is not None:
            self._counts.move_to_end(terms)
            return kept[rows]
        table = self._table
        # Asked again for the same citizen (a request's near-match searches): the whole
        # table's count, kept, serves this and every later search.
        again = terms in self._asked
        _kept(self._asked, terms, self.KEPT, lambda: True)
        if again or len(rows) * table.terms.nnz > len(table) * len(table):
            return self.shared_terms(terms)[rows]
        columns, weights = weighted_columns(self._vocabulary, terms)
        wanted = np.zeros(table.terms.shape[1], dtype=np.int64)
        inside = columns < len(wanted)
        wanted[columns[inside]] = weights[inside]
        # The rows' terms taken out and multiplied by what each term adds, in scipy's C loops
        # (half the time of gathering them with numpy at 100k workplaces).
        counts: TermCounts = np.asarray(table.terms[rows] @ wanted, dtype=np.int64)
        return counts

    def rows(self, query: CitizenQuery) -> BoolArray:
        """For each row of the table, whether it shares a term with the citizen or relates
        to one of the citizen's goals."""
        return _kept(
            self._rows,
            self._key(query),
            self.KEPT,
            lambda: (
                (self.shared_terms(query.terms) > 0)
                | self._related_keys(query)[self._table.title_key]
            ),
        )

    def among(self, query: CitizenQuery, rows: IntArray) -> BoolArray:
        """`rows(query)[rows]`, looking at those rows only unless the whole table's answer is
        kept or cheaper (see `shared_terms_of`)."""
        kept = self._rows.get(self._key(query))
        if kept is not None:
            return kept[rows]
        shared: BoolArray = self.shared_terms_of(query.terms, rows) > 0
        related: BoolArray = self._related_keys(query)[self._table.title_key[rows]]
        return shared | related

    @staticmethod
    def _key(query: CitizenQuery) -> tuple[tuple[str, ...], tuple[object, ...]]:
        return (
            query.terms,
            tuple(
                (g.normalised_title, g.occupation_code, g.weight * g.balance_weight > 0)
                for g in query.goals
            ),
        )

    def _count(self, terms: tuple[str, ...]) -> TermCounts:
        table = self._table
        postings: sp.csc_matrix = derived(table, "postings", lambda: sp.csc_matrix(table.terms))
        columns, weights = weighted_columns(self._vocabulary, terms)
        inside = columns < postings.shape[1]
        columns, weights = columns[inside], weights[inside]
        if not len(columns):
            return np.zeros(len(table), dtype=np.int64)
        # The asked terms' postings taken out and summed per row with each term's weight, in
        # scipy's C loops (a term's rows are distinct: each counts once per row); half the
        # time of gathering them with numpy and counting them with bincount at 100k
        # workplaces, where a citizen's competences and those near them have long postings.
        found: TermCounts = np.asarray(postings[:, columns] @ weights, dtype=np.int64)
        return found

    def _related_keys(self, query: CitizenQuery) -> BoolArray:
        """For each (code, title) key of the table, whether it relates to one of the
        citizen's goals (a row relates by its key: one gather)."""
        return _kept(self._related, self._key(query)[1], self.KEPT, lambda: self._relate(query))

    def _relate(self, query: CitizenQuery) -> BoolArray:
        table = self._table
        related = np.zeros(len(table.title_keys), dtype=np.bool_)
        for goal in query.goals:
            if goal.weight * goal.balance_weight <= 0:
                continue
            related |= (
                goal_similarity(table, goal, self._context.weights, self._context.occupations) > 0
            )
        return related


def _kept(kept: "OrderedDict[object, _V]", key: object, most: int, make: Callable[[], _V]) -> _V:
    """`kept[key]`, made when missing; the least recently used goes beyond `most`."""
    value = kept.get(key)
    if value is None:
        value = make()
        kept[key] = value
        if len(kept) > most:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    return value
