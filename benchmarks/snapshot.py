"""The embedded index's memory per function, and its snapshot: build, write, open.

    python -m benchmarks.snapshot [--workplaces 100000] [--queries 300]

Generates seeded workplaces (in memory, no store), builds the index, writes it as a snapshot;
then a fresh process maps the snapshot and answers generated citizens' queries. Prints the
build and write times, how long opening took, and that process' memory before and after
(from /proc/self/smaps_rollup: resident, proportional, private anonymous), per function.
Asserts nothing.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from api.workplaces.schemas import WorkplaceIn
from benchmarks.memory import memory_mb, peak_rss_mb
from benchmarks.suggest import _percentile
from fixtures.evaluate import ON
from fixtures.generate import generate_workplaces
from fixtures.geography import GEOGRAPHIES
from matcher.models import Coordinates


def build(directory: Path, workplaces: int, geography: str) -> dict[str, float]:
    from indexer.embedded import EmbeddedIndex
    from indexer.snapshot import SnapshotDirectory

    def domain():  # type: ignore[no-untyped-def]
        placed = generate_workplaces(workplaces, seed=11, geography=GEOGRAPHIES[geography])
        for number, body in enumerate(placed, start=1):
            point = body["coordinates"]
            fields = {k: v for k, v in body.items() if k not in ("id", "portfolio")}
            yield WorkplaceIn.model_validate(fields).to_domain(
                workplace_id=number, coordinates=Coordinates(point["lat"], point["lon"])
            )

    index = EmbeddedIndex()
    began = time.perf_counter()
    index.rebuild(domain())
    built = time.perf_counter()
    table, listings, vocabulary = index.export()
    SnapshotDirectory(directory).write(table, listings, vocabulary, covered=0)
    return {
        "build_peak_mb": peak_rss_mb(),
        "build_s": built - began,
        "write_s": time.perf_counter() - built,
        "functions": len(table),
        "disk_mb": sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20,
    }


def _queries(count: int, geography: str) -> list[Any]:
    """Generated citizens' default queries (20 suggestions), placed as the workplaces are."""
    from api.citizens.schemas import CitizenIn
    from fixtures.generate import balance_rows, generate_citizens
    from fixtures.templates import AREA
    from matcher.balance import BalanceEntry, BalanceTable
    from matcher.places import postal_code_centres
    from matcher.query import build_query
    from matcher.weights import DEFAULT_WEIGHTS

    balance = BalanceTable([BalanceEntry(**row) for row in balance_rows()], area=AREA, on=ON)
    bodies = generate_citizens(
        count, seed=3, workplace_ids=range(1, 50), geography=GEOGRAPHIES[geography]
    )
    return [
        build_query(
            CitizenIn(**{k: v for k, v in body.items() if k != "team"}).to_domain(),
            balance=balance,
            weights=DEFAULT_WEIGHTS,
            postal_codes=postal_code_centres(),
        )
        for body in bodies
    ]


def serve(directory: Path, queries: int, geography: str) -> None:
    """In a fresh process: map the snapshot, answer queries, print memory as JSON."""
    from indexer.embedded import EmbeddedIndex
    from indexer.snapshot import SnapshotDirectory
    from matcher.scoring import ScoringContext

    citizens, context = _queries(queries, geography), ScoringContext(on=ON)
    before = memory_mb()
    snapshots = SnapshotDirectory(directory)
    began = time.perf_counter()
    index = EmbeddedIndex()
    version = snapshots.current()
    assert version is not None
    index.install(snapshots.load(version))
    opened_ms = (time.perf_counter() - began) * 1000
    timings = []
    for query in citizens:
        began = time.perf_counter()
        index.suggest(query, context)
        timings.append((time.perf_counter() - began) * 1000)
    print(
        json.dumps(
            {
                "before": before,
                "after": memory_mb(),
                "open_ms": opened_ms,
                "answer_s": sum(timings) / 1000,
                "median_ms": statistics.median(timings),
                "p95_ms": _percentile(timings, 0.95),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workplaces", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--geography", choices=sorted(GEOGRAPHIES), default="copenhagen")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.queries, args.geography)
        return
    with tempfile.TemporaryDirectory(prefix="matcher-snapshot-") as tmp:
        directory = Path(tmp)
        built = build(directory, args.workplaces, args.geography)
        command = [sys.executable, "-m", "benchmarks.snapshot", "--serve", tmp]
        command += ["--queries", str(args.queries), "--geography", args.geography]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
    served = json.loads(done.stdout.strip().splitlines()[-1])
    functions = built["functions"]
    print(f"{args.workplaces:,} workplaces ({args.geography}), {functions:,} functions")
    print(
        f"build {built['build_s']:.1f} s (generation included), snapshot write "
        f"{built['write_s']:.2f} s, {built['disk_mb']:.0f} MB on disk; peak RSS of the "
        f"building process {built['build_peak_mb']:,.0f} MB"
    )
    print(f"a fresh process maps it in {served['open_ms']:.1f} ms", end="")
    print(
        f" and answers {args.queries} queries in {served['answer_s']:.2f} s: median "
        f"{served['median_ms']:.1f} ms, p95 {served['p95_ms']:.1f} ms a query (index only)"
    )
    for key in ("rss", "pss", "anonymous"):
        grown = served["after"][key] - served["before"][key]
        print(
            f"  {key}: {served['before'][key]:.0f} -> {served['after'][key]:.0f} MB, "
            f"+{grown:.0f} MB = {grown * 1024 * 1024 / functions:.0f} bytes per function"
        )


if __name__ == "__main__":
    main()
