"""The OpenSearch path on a real node: bulk throughput and latency.

    python -m benchmarks.opensearch [--workplaces 50000] [--queries 100] [--heap 2g]

Starts one OpenSearch node (scripts/opensearch_node.py, the release opensearch/pom.xml
pins), generates seeded workplaces, reindexes them into it through the backend's
streaming bulk (a fresh index, alias switch), then times suggestion requests (query build,
OpenSearch candidates, matcher scoring and explanations) for seeded citizens, and the same
requests on the embedded index for comparison. Prints figures; asserts nothing.
"""

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from api.citizens.schemas import CitizenRecordLine
from api.workplaces.schemas import WorkplaceRecordLine
from benchmarks.memory import peak_rss_mb
from benchmarks.suggest import _percentile
from fixtures.generate import DATA_DIR, generate_citizens, generate_workplaces
from indexer.backend import SearchBackend
from indexer.embedded import EmbeddedIndex
from indexer.opensearch import OpenSearchBackend
from indexer.opensearch_client import make_client
from matcher.balance import BalanceEntry, BalanceTable
from matcher.models import CitizenProfile, Coordinates, Workplace
from matcher.places import postal_code_centres
from matcher.query import build_query
from matcher.rules import DEFAULT_RULES
from matcher.scoring import ScoringContext
from scripts.opensearch_node import OpenSearchNode

SEED = 11
TODAY = dt.date(2026, 11, 22)


def _workplaces(count: int) -> list[Workplace]:
    workplaces = []
    for record in generate_workplaces(count, seed=SEED):
        line = WorkplaceRecordLine.model_validate(record)
        assert line.coordinates is not None and line.id is not None
        coordinates = Coordinates(line.coordinates.lat, line.coordinates.lon)
        workplaces.append(line.to_domain(workplace_id=line.id, coordinates=coordinates))
    return workplaces


def _balance() -> BalanceTable:
    rows = (DATA_DIR / "balance.csv").read_text(encoding="utf-8").splitlines()[1:]
    entries = [BalanceEntry(*row.split(",")) for row in rows]
    return BalanceTable(entries, area="hovedstaden", on=TODAY)


def _time(backend: SearchBackend, profiles: list[CitizenProfile]) -> tuple[list[float], float]:
    places = postal_code_centres()
    balance, context = _balance(), ScoringContext(on=TODAY)
    timings, counts = [], []
    for profile in profiles:
        began = time.perf_counter()
        query = build_query(profile, balance=balance, weights=context.weights, postal_codes=places)
        counts.append(len(backend.suggest(query, context)))
        timings.append((time.perf_counter() - began) * 1000)
    return timings, statistics.mean(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workplaces", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--heap", default="1g", help="the node's Java heap")
    args = parser.parse_args()

    workplaces = _workplaces(args.workplaces)
    functions = sum(len(w.functions) for w in workplaces)
    profiles = [
        CitizenRecordLine.model_validate(c).to_domain()
        for c in generate_citizens(args.queries, seed=SEED, workplace_ids=range(1, len(workplaces)))
    ]
    with tempfile.TemporaryDirectory() as home:
        server = OpenSearchNode.start(Path(home), heap=args.heap)
        remote = OpenSearchBackend(
            client=make_client(server.url, timeout=10),
            bulk_client=make_client(server.url, timeout=120),
            alias="bench-workplace-functions",
            rules=DEFAULT_RULES,
            today=lambda: TODAY,
        )
        began = time.perf_counter()
        remote.rebuild(workplaces, expected=len(workplaces))
        seconds = time.perf_counter() - began
        print(
            f"OpenSearch node ({args.heap} heap); {len(workplaces):,} workplaces, "
            f"{functions:,} function documents"
        )
        print(
            f"bulk reindex (streaming bulk, 1000 documents a request, then alias switch): "
            f"{seconds:.1f} s = {len(workplaces) / seconds:,.0f} workplaces/s, "
            f"{functions / seconds:,.0f} documents/s"
        )
        remote.suggest(
            build_query(
                profiles[0], balance=_balance(), weights=ScoringContext().weights, postal_codes={}
            ),
            ScoringContext(on=TODAY),
        )
        timings, mean = _time(remote, profiles)
        print(
            f"suggestion request on OpenSearch ({len(timings)} citizens, limit 20, "
            f"{remote.candidates} candidates, mean {mean:.1f} suggestions): median "
            f"{statistics.median(timings):.1f} ms, p95 {_percentile(timings, 0.95):.1f} ms"
        )
        print(f"OpenSearch node peak RSS: {peak_rss_mb(server.process.pid):.0f} MB")
        server.close()
    embedded = EmbeddedIndex()
    embedded.rebuild(workplaces)
    timings, mean = _time(embedded, profiles)
    print(
        f"the same requests on the embedded index: median {statistics.median(timings):.1f} ms, "
        f"p95 {_percentile(timings, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
