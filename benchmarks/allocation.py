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
import statistics
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from api.citizens.schemas import CitizenRecordLine
from batch.rerank import ALLOCATION_DEPTH, DEFAULT_TOP_K
from benchmarks.memory import peak_rss_mb
from benchmarks.opensearch import SEED, TODAY, _balance, _workplaces
from benchmarks.suggest import _percentile
from fixtures.generate import generate_citizens
from indexer.embedded import EmbeddedIndex
from matcher.allocation import Lists, allocate
from matcher.load import enquiry_capacity
from matcher.models import CitizenProfile, Workplace
from matcher.places import postal_code_centres
from matcher.query import CitizenQuery, SuggestionFilters, build_query
from matcher.reverse import QueryArrays, candidates
from matcher.scoring import ScoringContext, Suggestion, rank_many
from matcher.table import FunctionTable, Vocabulary, function_rows


def _lists(ranked: list[list[tuple[int, float]]]) -> Lists:
    return Lists(
        citizen=np.repeat(np.arange(len(ranked)), [len(r) for r in ranked]),
        workplace=np.array([w for r in ranked for w, _ in r], dtype=np.int64),
        score=np.array([s for r in ranked for _, s in r], dtype=np.float64),
    )


def _time_reserve(
    workplaces: list[Workplace],
    profiles: list[CitizenProfile],
    found: list[list[Suggestion]],
    shown: npt.NDArray[np.bool_],
    query: Callable[[CitizenProfile, int], CitizenQuery],
    context: ScoringContext,
) -> None:
    """Time what the run does for places shown past the suggestions it keeps: each such
    citizen's query built again and scored against those places alone (the store's reads
    and writes are not in it)."""
    by_function = {r.function_id: r for w in workplaces for r in function_rows(w)}
    began, completed, at = time.perf_counter(), 0, 0
    for profile, suggestions in zip(profiles, found, strict=True):
        mine, at = shown[at : at + len(suggestions)], at + len(suggestions)
        further = [
            s.function_id for p, s in enumerate(suggestions) if p >= DEFAULT_TOP_K and mine[p]
        ]
        if further:
            rows = [by_function[f] for f in further]
            vocabulary = Vocabulary()
            table = FunctionTable.build(rows, vocabulary)
            rank_many(table, [query(profile, len(rows))], vocabulary, context)
            completed += 1
    print(
        f"suggestions added for places shown past the first {DEFAULT_TOP_K}: {completed:,} "
        f"citizens, {time.perf_counter() - began:.1f} s"
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
    places = postal_code_centres()
    balance, context = _balance(), ScoringContext(on=TODAY)
    profiles = [
        CitizenRecordLine.model_validate(c).to_domain()
        for c in generate_citizens(
            args.citizens, seed=SEED, workplace_ids=range(1, args.workplaces + 1)
        )
    ]

    def query(profile: CitizenProfile, limit: int) -> CitizenQuery:
        return build_query(
            profile,
            balance=balance,
            weights=context.weights,
            postal_codes=places,
            filters=SuggestionFilters(limit=limit),
        )

    queries = [query(p, args.top_k) for p in profiles]
    functions = sum(len(w.functions) for w in workplaces)
    print(
        f"{len(workplaces):,} workplaces ({functions:,} functions), {len(queries):,} citizens: "
        f"generated and indexed in {time.perf_counter() - began:.1f} s"
    )

    began = time.perf_counter()
    suggested = index.suggest_many(queries, context)
    ranked = [[(s.workplace_id, s.score) for s in suggestions] for suggestions in suggested]
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

    _time_reserve(workplaces, profiles, suggested, result.shown, query, context)

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
    peak = peak_rss_mb()
    print(f"peak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
