"""Which rows have anything to do with a citizen: a term in common with the citizen's skills,
experience and education, or an occupation related to one of the citizen's goals.

A near-match search (matcher.near) wants only such rows (a near match with no relevance is no
near match), and looks at every row within reach that fails one constraint: that is most of the
table when a citizen has a single hard need. Reading the rows that share a term from the term
postings, and the rows related to a goal from the goal's similarity per (code, title), leaves
the filters and factors a fraction of those rows to work on.
"""

from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matcher.query import CitizenQuery
from matcher.scoring.context import ScoringContext, derived
from matcher.scoring.goals import goal_similarity
from matcher.table import FunctionTable, Vocabulary

BoolArray = npt.NDArray[np.bool_]
TermCounts = npt.NDArray[np.int32]
_V = TypeVar("_V")


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

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary

    def shared_terms(self, terms: tuple[str, ...]) -> TermCounts:
        """For each row of the table, how many of these (normalised) terms it has."""
        return _kept(self._counts, terms, self.KEPT, lambda: self._count(terms))

    def rows(self, query: CitizenQuery) -> BoolArray:
        """For each row of the table, whether it shares a term with the citizen or relates
        to one of the citizen's goals."""
        key = (
            query.terms,
            tuple(
                (g.normalised_title, g.occupation_code, g.weight * g.balance_weight > 0)
                for g in query.goals
            ),
        )
        return _kept(
            self._rows,
            key,
            self.KEPT,
            lambda: (self.shared_terms(query.terms) > 0) | self._relates_to_a_goal(query),
        )

    def _count(self, terms: tuple[str, ...]) -> TermCounts:
        table = self._table
        found = np.zeros(len(table), dtype=np.int32)
        postings: sp.csc_matrix = derived(table, "postings", lambda: sp.csc_matrix(table.terms))
        # A term's rows are distinct, so adding one at each of them counts it once per row.
        for column in self._vocabulary.known(terms).tolist():
            if column < postings.shape[1]:
                found[postings.indices[postings.indptr[column] : postings.indptr[column + 1]]] += 1
        return found

    def _relates_to_a_goal(self, query: CitizenQuery) -> BoolArray:
        table = self._table
        # Which (code, title) keys relate to a goal, then the rows by their key: one gather.
        related = np.zeros(len(table.title_keys), dtype=np.bool_)
        for goal in query.goals:
            if goal.weight * goal.balance_weight <= 0:
                continue
            related |= (
                goal_similarity(table, goal, self._context.weights, self._context.occupations) > 0
            )
        found: BoolArray = related[table.title_key]
        return found


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
