"""The interface every search backend implements (embedded now, OpenSearch next)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from matcher.models import Workplace
from matcher.query import CitizenQuery
from matcher.scoring import Ranked, ScoringContext, Suggestion

# How far a workplace search pages: OpenSearch's default `index.max_result_window` (from +
# size), which the embedded index keeps as well, so both answer the same requests.
MAX_RESULT_WINDOW = 10_000


@dataclass(frozen=True, slots=True)
class WorkplacePage:
    """One page of a workplace search: the ids in order, and how many matched in all."""

    total: int
    workplace_ids: list[int]


class BackendUnavailable(RuntimeError):
    """The search backend cannot answer now (the API answers 503)."""


class SearchBackend(Protocol):
    name: str
    # True when other processes read and write the same index (OpenSearch); False when it
    # lives in one process' memory (the embedded index).
    shared: bool

    def rebuild(
        self,
        workplaces: Iterable[Workplace],
        *,
        expected: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace the whole index with these workplaces; returns how many were indexed.
        `expected` is how many the store holds (a backend may refuse a short index);
        `progress` is called with the number of workplaces done since the last call."""
        ...

    def upsert(self, workplace: Workplace) -> None:
        """Index a new or changed workplace; harmless when repeated."""
        ...

    def delete(self, workplace_id: int) -> None:
        """Remove a workplace; harmless when it is not indexed."""
        ...

    def suggest(self, query: CitizenQuery, context: ScoringContext) -> list[Suggestion]:
        """The best `query.limit` workplace functions for a citizen, explained, best first."""
        ...

    def suggest_many(
        self, queries: Sequence[CitizenQuery], context: ScoringContext
    ) -> list[list[Suggestion]]:
        """`suggest` for many citizens at once (a batch chunk), in the order given."""
        ...

    def rank_many(self, queries: Sequence[CitizenQuery], context: ScoringContext) -> list[Ranked]:
        """`suggest_many`, with how many functions pass each query's hard filters (what
        near matches and an empty list's reasons are counted with)."""
        ...

    def search_workplaces(
        self,
        *,
        text: str | None,
        industry: str | None,
        postal_code: str | None,
        offset: int,
        limit: int,
    ) -> WorkplacePage:
        """Workplaces matching all given criteria; with text, best text match first."""
        ...

    def count(self) -> int:
        """How many workplaces are indexed."""
        ...

    def indexed_versions(self) -> dict[int, int]:
        """Workplace id -> the version of it that is indexed."""
        ...

    def needs_rebuild(self) -> bool:
        """True when the index must be rebuilt from the store before changes can be applied:
        it was never built, or it was lost."""
        ...
