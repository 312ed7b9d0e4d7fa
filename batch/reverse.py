"""Reverse matching over the store: the active citizens as queries (built once and kept
while no citizen changes), and a function's candidates among them.

The citizens are scored in the process that asks, never indexed: the employer index (either
backend) holds workplaces only, and a separate citizen index would be a second copy of
health-related data to secure, for a look-up that takes a fraction of a second here (see
`benchmarks.reverse`). The function's row is read from the store, so both backends give the
same candidates."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from matcher.models import CitizenProfile, Workplace
from matcher.query import CitizenQuery
from matcher.reverse import Candidate, QueryArrays, candidates
from matcher.scoring import ScoringContext
from matcher.table import function_rows
from store import citizens as citizen_repository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CitizenPool:
    """The active citizens, each as the query of their default suggestions: ids, the team
    that follows each, and the queries, in the same order, with the queries' cheap filters
    as arrays."""

    ids: tuple[int, ...]
    teams: tuple[str, ...]
    queries: tuple[CitizenQuery, ...]
    arrays: QueryArrays

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate with the citizen's id and team."""

    citizen_id: int
    team: str
    candidate: Candidate


def build_pool(
    session: Session, make_query: Callable[[CitizenProfile], CitizenQuery]
) -> CitizenPool:
    """Every active citizen's query. A profile that cannot be made one is left out (logged
    by its id and the error's type only: the error's text could hold profile data)."""
    ids, teams, queries = [], [], []
    for row in citizen_repository.iter_active(session):
        try:
            query = make_query(citizen_repository.to_domain(row))
        except Exception as exc:  # one bad profile must not hide every other candidate
            log.warning("citizen %d left out of reverse matching: %s", row.id, type(exc).__name__)
            continue
        ids.append(row.id)
        teams.append(row.team)
        queries.append(query)
    return CitizenPool(tuple(ids), tuple(teams), tuple(queries), QueryArrays.of(queries))


class PoolCache:
    """The active citizens as queries for reverse matching, built again only when a citizen
    changed or what the queries are made with did (`edition`: the day, the balance)."""

    def __init__(
        self,
        make_query: Callable[[CitizenProfile], CitizenQuery],
        edition: Callable[[], object],
    ) -> None:
        self.make_query, self.edition = make_query, edition
        self._pool: tuple[tuple[object, ...], CitizenPool] | None = None

    def current(self, session: Session) -> CitizenPool:
        key = (citizen_repository.fingerprint(session), self.edition())
        if self._pool is None or self._pool[0] != key:
            self._pool = (key, build_pool(session, self.make_query))
        return self._pool[1]


def function_candidates(
    pool: CitizenPool, workplace: Workplace, function_id: int, context: ScoringContext
) -> list[Found]:
    """The pool's citizens the function suits, best first (empty for an unknown function)."""
    row = next((r for r in function_rows(workplace) if r.function_id == function_id), None)
    if row is None:
        return []
    return [
        Found(pool.ids[c.position], pool.teams[c.position], c)
        for c in candidates(row, pool.queries, context, pool.arrays)
    ]
