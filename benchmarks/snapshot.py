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
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from api.workplaces.schemas import WorkplaceIn
from benchmarks.suggest import _percentile
from fixtures.generate import generate_workplaces
from matcher.models import Coordinates


def memory_mb() -> dict[str, float]:
    """This process' resident, proportional and private anonymous memory (MB)."""
    wanted = {"Rss:": "rss", "Pss:": "pss", "Anonymous:": "anonymous"}
    found = {}
    with open("/proc/self/smaps_rollup") as handle:
        for line in handle:
            parts = line.split()
            if parts[0] in wanted:
                found[wanted[parts[0]]] = int(parts[1]) / 1024
    return found


def build(directory: Path, workplaces: int) -> dict[str, float]:
    from indexer.embedded import EmbeddedIndex
    from indexer.snapshot import SnapshotDirectory

    def domain():  # type: ignore[no-untyped-def]
        for number, body in enumerate(generate_workplaces(workplaces, seed=11), start=1):
            point = body["coordinates"]
            fields = {k: v for k, v in body.items() if k not in ("id", "portfolio")}
            yield WorkplaceIn.model_validate(fields).to_domain(
                workplace_id=number, coordinates=Coordinates(point["lat"], point["lon"])
            )

    index = EmbeddedIndex()
    began = time.perf_counter()
    index.rebuild(domain())
    built = time.perf_counter()
    SnapshotDirectory(directory).write(*index.export(), covered=0)
    return {
        "build_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "build_s": built - began,
        "write_s": time.perf_counter() - built,
        "functions": index.count_rows(),
        "disk_mb": sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20,
    }


def serve(directory: Path, queries: int) -> None:
    """In a fresh process: map the snapshot, answer queries, print memory as JSON."""
    from fixtures.outcomes import world
    from indexer.embedded import EmbeddedIndex
    from indexer.snapshot import SnapshotDirectory

    simulated = world(workplaces=50, citizens=queries, seed=3)  # the citizens' queries
    before = memory_mb()
    snapshots = SnapshotDirectory(directory)
    began = time.perf_counter()
    index = EmbeddedIndex()
    version = snapshots.current()
    assert version is not None
    index.install(snapshots.load(version))
    opened_ms = (time.perf_counter() - began) * 1000
    timings = []
    for query in simulated.queries:
        began = time.perf_counter()
        index.suggest(query, simulated.context)
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
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.queries)
        return
    with tempfile.TemporaryDirectory(prefix="matcher-snapshot-") as tmp:
        directory = Path(tmp)
        built = build(directory, args.workplaces)
        command = [sys.executable, "-m", "benchmarks.snapshot", "--serve", tmp]
        done = subprocess.run(
            [*command, "--queries", str(args.queries)], check=True, capture_output=True, text=True
        )
    served = json.loads(done.stdout.strip().splitlines()[-1])
    functions = built["functions"]
    print(f"{args.workplaces:,} workplaces, {functions:,} functions")
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
