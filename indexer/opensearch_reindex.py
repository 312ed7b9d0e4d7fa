"""Filling a new OpenSearch index and moving the alias to it (the zero-downtime reindex):
streaming bulk writes with external versions, the atomic alias switch, dropping old indices."""

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors
from opensearchpy.helpers import streaming_bulk

from indexer.documents import function_documents
from indexer.opensearch_client import unavailable
from matcher.models import Workplace
from matcher.rules import ReasonablenessRule

log = logging.getLogger(__name__)

# The new index must hold this share of the store's workplaces before the alias moves to it.
MIN_REINDEX_SHARE = 0.95


class ReindexRefused(RuntimeError):
    """The new index was not switched to; the alias still points where it did."""


@dataclass
class BulkReport:
    indexed: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # document id -> reason


def new_index_name(alias: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    return f"{alias}-{stamp}-{uuid.uuid4().hex[:8]}"


def index_action(index: str, document: dict[str, Any], version: int) -> dict[str, Any]:
    source = {k: v for k, v in document.items() if k != "_id"}
    return {
        "_op_type": "index",
        "_index": index,
        "_id": document["_id"],
        "_source": source,
        "_version": version,
        "_version_type": "external",
    }


def bulk_index(
    bulk_client: OpenSearch,
    index: str,
    workplaces: Iterable[Workplace],
    *,
    rule: ReasonablenessRule,
    progress: Callable[[int], None] | None = None,
) -> BulkReport:
    """Stream the workplaces' documents into an index; 429s are retried with backoff,
    other failures are reported by document id."""
    report = BulkReport()

    def actions() -> Iterator[dict[str, Any]]:
        for workplace in workplaces:
            for document in function_documents(workplace, rule=rule):
                yield index_action(index, document, workplace.version)
            if progress is not None:
                progress(1)

    try:
        for ok, item in streaming_bulk(
            bulk_client,
            actions(),
            chunk_size=1000,
            max_retries=5,
            initial_backoff=1,
            max_backoff=10,
            raise_on_error=False,
            yield_ok=True,
        ):
            result = next(iter(item.values()))
            if ok:
                report.indexed += 1
            else:
                report.failed[str(result.get("_id"))] = str(result.get("error"))
    except os_errors.ConnectionError as exc:
        raise unavailable(exc) from exc
    return report


def switch_alias(
    bulk_client: OpenSearch, alias: str, new: str, call: Callable[[Callable[[], Any]], Any]
) -> None:
    """Move the alias to the new index in one atomic step, and drop the indices it left."""
    current = indices_behind_alias(bulk_client, alias)
    actions: list[dict[str, Any]] = [{"remove": {"index": old, "alias": alias}} for old in current]
    actions.append({"add": {"index": new, "alias": alias}})
    call(lambda: bulk_client.indices.update_aliases(body={"actions": actions}))
    for old in current:
        drop(bulk_client, old)


def indices_behind_alias(bulk_client: OpenSearch, alias: str) -> list[str]:
    try:
        return sorted(bulk_client.indices.get_alias(name=alias))
    except os_errors.NotFoundError:
        return []
    except (os_errors.ConnectionError, os_errors.TransportError) as exc:
        raise unavailable(exc) from exc


def drop(bulk_client: OpenSearch, index: str) -> None:
    try:
        bulk_client.indices.delete(index=index)
    except os_errors.NotFoundError:
        pass
    except (os_errors.ConnectionError, os_errors.TransportError):
        log.warning("could not drop index %s; drop it by hand", index)
