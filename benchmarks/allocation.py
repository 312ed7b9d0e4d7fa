"""Spreading the load on workplaces, and reverse matching, at scale.

    python -m benchmarks.allocation [--workplaces 100000] [--citizens 50000] [--top-k 20]
                                    [--lookups 20]

Generates seeded workplaces and citizens (fixtures.generate), ranks every citizen's first
`--top-k` on the embedded index as a batch run does, then spreads the first five over the
workplaces (matcher.allocation; each workplace's capacity is its default by size, as
nothing was contacted yet this month). Prints the time of each step and the allocation's
figures: workplaces over capacity before and after, the score lost, the share of citizens
with at least three suggestions, and the Gini coefficient of exposure across workplaces.
Then times reverse look-ups (a function's candidates among every citizen) for functions
taken at random. Asserts nothing.
"""

import argparse
import random
import resource
import statistics
import time

import numpy as np

from api.citizens.schemas import CitizenRecordLine
from benchmarks.opensearch import SEED, TODAY, _balance, _workplaces
from benchmarks.suggest import _percentile
from fixtures.generate import generate_citizens, postal_codes
from indexer.embedded import EmbeddedIndex
from indexer.rerank import ALLOCATION_DEPTH
from matcher.allocation import Lists, allocate
from matcher.load import enquiry_capacity
from matcher.models import Coordinates
from matcher.query import SuggestionFilters, build_query
from matcher.reverse import QueryArrays, candidates
from matcher.scoring import ScoringContext
from matcher.table import function_rows


def _lists(ranked: list[list[tuple[int, float]]]) -> Lists:
    return Lists(
        citizen=np.repeat(np.arange(len(ranked)), [len(r) for r in ranked]),
        workplace=np.array([w for r in ranked for w, _ in r], dtype=np.int64),
        score=np.array([s for r in ranked for _, s in r], dtype=np.float64),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workplaces", type=int, default=100_000)
    parser.add_argument("--citizens", type=int, default=50_000)
    parser.add_argument("--top-k", type=int, default=ALLOCATION_DEPTH)
    parser.add_argument("--lookups", type=int, default=20)
    args = parser.parse_args()

    began = time.perf_counter()
    workplaces = _workplaces(args.workplaces)
    index = EmbeddedIndex()
    index.rebuild(workplaces)
    places = {code: Coordinates(lat, lon) for code, (_, lat, lon) in postal_codes().items()}
    balance, context = _balance(), ScoringContext(on=TODAY)
    queries = [
        build_query(
            CitizenRecordLine.model_validate(c).to_domain(),
            balance=balance,
            weights=context.weights,
            postal_codes=places,
            filters=SuggestionFilters(limit=args.top_k),
        )
        for c in generate_citizens(
            args.citizens, seed=SEED, workplace_ids=range(1, args.workplaces + 1)
        )
    ]
    functions = sum(len(w.functions) for w in workplaces)
    print(
        f"{len(workplaces):,} workplaces ({functions:,} functions), {len(queries):,} citizens: "
        f"generated and indexed in {time.perf_counter() - began:.1f} s"
    )

    began = time.perf_counter()
    ranked = [
        [(s.workplace_id, s.score) for s in found] for found in index.suggest_many(queries, context)
    ]
    print(f"ranking every citizen's first {args.top_k}: {time.perf_counter() - began:.1f} s")

    capacity = {w.id: enquiry_capacity(w) for w in workplaces}
    result = allocate(_lists(ranked), capacity)
    figures = result.figures
    print(f"allocation (min-cost flow, OR-Tools): {figures.seconds:.1f} s")
    print(f"  citizens {figures.citizens:,}, workplaces {figures.workplaces:,}")
    print(
        f"  workplaces over capacity: {figures.over_capacity_before:,} before, "
        f"{figures.over_capacity_after:,} after"
    )
    print(
        f"  score of the first places: {figures.score_before:,.0f} before, "
        f"{figures.score_after:,.0f} after ({figures.score_lost_share:.2%} lost)"
    )
    print(
        f"  citizens with >= 3 suggestions: {figures.three_or_more_before:.2%} before, "
        f"{figures.three_or_more_after:.2%} after"
    )
    print(
        f"  Gini of exposure across workplaces: {figures.gini_before:.3f} before, "
        f"{figures.gini_after:.3f} after"
    )

    rows = [
        r for w in random.Random(SEED).sample(workplaces, args.lookups) for r in function_rows(w)
    ]
    began = time.perf_counter()
    arrays = QueryArrays.of(queries)  # built once, as the service's citizen pool keeps them
    print(f"citizens' filters as arrays: {time.perf_counter() - began:.1f} s")
    timings, found = [], []
    for row in rows:
        began = time.perf_counter()
        found.append(len(candidates(row, queries, context, arrays)))
        timings.append((time.perf_counter() - began) * 1000)
    print(
        f"reverse look-up among {len(queries):,} citizens ({len(rows)} functions, mean "
        f"{statistics.mean(found):.0f} candidates): median {statistics.median(timings):.0f} ms, "
        f"p95 {_percentile(timings, 0.95):.0f} ms"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
