"""The OpenSearch backend: the same SearchBackend contract, the index in OpenSearch.

OpenSearch applies the hard filters and returns the top candidates; the matcher scores and
explains them with the same code as the embedded backend. Documents are written with external
versioning (the workplace's store version), so a stale write can never replace a newer one and
repeating a write changes nothing.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, TypeVar

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors
from opensearchpy.helpers import bulk

from indexer.backend import BackendUnavailable, WorkplacePage
from indexer.documents import function_documents, index_body, row_of
from indexer.opensearch_client import IndexMissing, is_outage, unavailable
from indexer.opensearch_query import candidate_query, workplace_search_query
from indexer.opensearch_reindex import (
    MIN_REINDEX_SHARE,
    ReindexRefused,
    bulk_index,
    drop,
    index_action,
    new_index_name,
    switch_alias,
)
from matcher.models import Workplace
from matcher.query import CitizenQuery
from matcher.rows import terms_fingerprint
from matcher.rules import ReasonablenessRule, RuleBook
from matcher.scoring import Ranked, ScoringContext, Suggestion, rank_many
from matcher.table import FunctionTable, Vocabulary
from matcher.text import normalise_terms

log = logging.getLogger(__name__)

# A delete is written with this external version, above any real one, so that a stale write
# arriving after it cannot bring a deleted workplace back.
TOMBSTONE_VERSION = 2**62
_MAX_FUNCTIONS_PER_WORKPLACE = 10_000
# A batch chunk asks for this many citizens' candidates in one multi-search request.
MSEARCH_GROUP = 20

_T = TypeVar("_T")


def _score_candidates(
    query: CitizenQuery, response: dict[str, Any], context: ScoringContext
) -> Ranked:
    """The candidates scored; the total is OpenSearch's count less the candidates the
    matcher's exact filters dropped (exact when every match was returned)."""
    hits = response["hits"]["hits"]
    rows = [row_of(hit["_source"]) for hit in hits]
    vocabulary = Vocabulary()
    (ranked,) = rank_many(FunctionTable.build(rows, vocabulary), [query], vocabulary, context)
    total = int(response["hits"]["total"]["value"]) - len(hits) + ranked.total
    # Relevant ones are counted among the candidates, which come relevant first.
    return Ranked(total=total, suggestions=ranked.suggestions, relevant=ranked.relevant)


class OpenSearchBackend:
    name = "opensearch"
    shared = True

    def __init__(
        self,
        *,
        client: OpenSearch,
        bulk_client: OpenSearch,
        alias: str,
        rules: RuleBook,
        today: Callable[[], dt.date],
        candidates: int = 400,
        refresh: bool = True,
    ) -> None:
        self.client = client
        self.bulk_client = bulk_client
        self.alias = alias
        self.rules = rules
        self.today = today
        self.candidates = candidates
        # Refresh after each write, so a consultant sees a coordinator's change at once.
        self.refresh = refresh

    # -- reading ---------------------------------------------------------------------------
    def suggest(self, query: CitizenQuery, context: ScoringContext) -> list[Suggestion]:
        body = candidate_query(query, size=max(self.candidates, query.limit))
        response = self._call(lambda: self.client.search(index=self.alias, body=body))
        return _score_candidates(query, response, context).suggestions

    def suggest_many(
        self, queries: Sequence[CitizenQuery], context: ScoringContext
    ) -> list[list[Suggestion]]:
        return [ranked.suggestions for ranked in self.rank_many(queries, context)]

    def rank_many(self, queries: Sequence[CitizenQuery], context: ScoringContext) -> list[Ranked]:
        """Candidates for a group of citizens in one multi-search request each; every
        citizen's own candidates are then scored as `suggest` scores them."""
        results: list[Ranked] = []
        for start in range(0, len(queries), MSEARCH_GROUP):
            group = queries[start : start + MSEARCH_GROUP]
            body: list[dict[str, Any]] = []
            for query in group:
                size = max(self.candidates, query.limit)
                body.extend(({"index": self.alias}, candidate_query(query, size=size)))
            response = self._call(partial(self.client.msearch, body=body))
            for query, answer in zip(group, response["responses"], strict=True):
                if "error" in answer:
                    raise BackendUnavailable(f"OpenSearch multi-search: {answer['error']}")
                results.append(_score_candidates(query, answer, context))
        return results

    def search_workplaces(
        self,
        *,
        text: str | None,
        industry: str | None,
        postal_code: str | None,
        offset: int,
        limit: int,
    ) -> WorkplacePage:
        body = workplace_search_query(
            terms=normalise_terms(text) if text else (),
            industry=industry,
            postal_code=postal_code,
            offset=offset,
            limit=limit,
        )
        response = self._call(lambda: self.client.search(index=self.alias, body=body))
        return WorkplacePage(
            total=response["hits"]["total"]["value"],
            workplace_ids=[hit["_source"]["workplace_id"] for hit in response["hits"]["hits"]],
        )

    def count(self) -> int:
        body = {"query": {"term": {"listing": True}}}
        return int(self._call(lambda: self.client.count(index=self.alias, body=body))["count"])

    def indexed_versions(self) -> dict[int, int]:
        """Workplace id -> indexed version, for every workplace in the index."""
        versions: dict[int, int] = {}
        body: dict[str, Any] = {
            "size": 2000,
            "query": {"term": {"listing": True}},
            "sort": [{"workplace_id": "asc"}],
            "_source": ["workplace_id", "workplace_version"],
        }
        while True:
            hits = self._call(lambda: self.bulk_client.search(index=self.alias, body=body))["hits"][
                "hits"
            ]
            for hit in hits:
                versions[hit["_source"]["workplace_id"]] = hit["_source"]["workplace_version"]
            if len(hits) < body["size"]:
                return versions
            body["search_after"] = hits[-1]["sort"]

    def needs_rebuild(self) -> bool:
        """No index yet, or one whose terms were made with other word lists, catalogue or
        code (its `_meta.terms_fingerprint`)."""
        if not self.alias_exists():
            return True
        found = self._call(lambda: self.client.indices.get_mapping(index=self.alias))
        metas = [body.get("mappings", {}).get("_meta", {}) for body in found.values()]
        return any(meta.get("terms_fingerprint") != terms_fingerprint() for meta in metas)

    def alias_exists(self) -> bool:
        return bool(self._call(lambda: self.client.indices.exists_alias(name=self.alias)))

    # -- writing ---------------------------------------------------------------------------
    def upsert(self, workplace: Workplace) -> None:
        documents = function_documents(workplace, rule=self._rule())
        keep = {d["_id"] for d in documents}
        actions: list[dict[str, Any]] = [
            index_action(self.alias, d, workplace.version) for d in documents
        ]
        actions += [
            {
                "_op_type": "delete",
                "_index": self.alias,
                "_id": stale,
                "_version": workplace.version,
                "_version_type": "external",
            }
            for stale in self._ids_of(workplace.id) - keep
        ]
        self._bulk(actions)

    def delete(self, workplace_id: int) -> None:
        actions = [
            {
                "_op_type": "delete",
                "_index": self.alias,
                "_id": doc_id,
                "_version": TOMBSTONE_VERSION,
                "_version_type": "external",
            }
            for doc_id in self._ids_of(workplace_id)
        ]
        self._bulk(actions)

    def rebuild(
        self,
        workplaces: Iterable[Workplace],
        *,
        expected: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Zero-downtime reindex: fill a new index, check it, switch the alias atomically,
        drop the old index. On any failure the new index is dropped and the alias untouched."""
        new = new_index_name(self.alias)
        self._call(lambda: self.bulk_client.indices.create(index=new, body=self._index_body()))
        try:
            report = bulk_index(
                self.bulk_client, new, workplaces, rule=self._rule(), progress=progress
            )
            if report.failed:
                shown = "; ".join(f"{k}: {v}" for k, v in list(report.failed.items())[:10])
                raise ReindexRefused(f"{len(report.failed)} documents failed ({shown})")
            self._call(lambda: self.bulk_client.indices.refresh(index=new))
            body = {"query": {"term": {"listing": True}}}
            indexed = int(self._call(lambda: self.bulk_client.count(index=new, body=body))["count"])
            if expected and indexed < MIN_REINDEX_SHARE * expected:
                raise ReindexRefused(
                    f"the new index holds {indexed} workplaces, fewer than "
                    f"{MIN_REINDEX_SHARE:.0%} of the {expected} in the store"
                )
            switch_alias(self.bulk_client, self.alias, new, self._call)
        except BaseException:
            drop(self.bulk_client, new)
            raise
        return indexed

    # -- helpers ---------------------------------------------------------------------------
    def _rule(self) -> ReasonablenessRule:
        return self.rules.reasonableness_at(self.today())

    def _index_body(self) -> dict[str, Any]:
        return index_body(rule=self._rule())

    def _ids_of(self, workplace_id: int) -> set[str]:
        body = {
            "size": _MAX_FUNCTIONS_PER_WORKPLACE,
            "_source": False,
            "query": {"term": {"workplace_id": workplace_id}},
        }
        response = self._call(lambda: self.client.search(index=self.alias, body=body))
        return {hit["_id"] for hit in response["hits"]["hits"]}

    def _bulk(self, actions: list[dict[str, Any]]) -> None:
        if not actions:
            return
        _, errors = self._call(
            lambda: bulk(
                self.client,
                actions,
                raise_on_error=False,
                refresh=self.refresh,
                max_retries=3,
                initial_backoff=1,
            )
        )
        failures = []
        for error in errors:
            result = next(iter(error.values()))
            # 409: the index already holds this or a newer version; 404: already deleted.
            if result.get("status") not in (404, 409):
                failures.append(f"{result.get('_id')}: {result.get('error')}")
        if failures:
            raise BackendUnavailable("OpenSearch refused documents: " + "; ".join(failures[:5]))

    def _call(self, request: Callable[[], _T]) -> _T:
        try:
            return request()
        except os_errors.NotFoundError as exc:
            raise IndexMissing(
                f"the index {self.alias!r} does not exist; run `matcher reindex`"
            ) from exc
        except os_errors.ConnectionError as exc:
            raise unavailable(exc) from exc
        except os_errors.TransportError as exc:
            if is_outage(exc):
                raise unavailable(exc) from exc
            raise
