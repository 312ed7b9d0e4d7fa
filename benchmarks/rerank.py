"""Batch re-ranking throughput: every citizen against every workplace.

    python -m benchmarks.rerank [--workplaces 100000] [--citizens 50000] [--processes 2]
                                [--runs 2] [--geography copenhagen]

Imports seeded data into a fresh SQLite store, creates a run over all citizens, and runs its
chunks in worker processes that each build the embedded index from the store first, as
Celery workers do; then (unless `--runs 1`) a second run in the same processes, which also
compares every citizen's ranking with the first run's. Prints, for each, the total time from
the run's creation to its last snapshot, citizens per second, nanoseconds per
citizen-workplace-function pair, and each worker process' peak resident memory. Asserts
nothing.
"""

import argparse
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from batch.rerank import chunks_to_send, create_run, finish_progress, rerank_chunk
from benchmarks.memory import peak_rss_mb
from benchmarks.suggest import prepare
from fixtures.geography import GEOGRAPHIES
from store import reranks
from store.models import FunctionRow

_context: AppContext | None = None


def _settings(directory: Path) -> Settings:
    return Settings(data_dir=directory, today=None)


def _open(directory: str) -> float:
    """Per process: open the store and build the index (as a worker does at start)."""
    global _context
    began = time.perf_counter()
    _context = create_context(_settings(Path(directory)), migrate=False, serves_index=False)
    _context.batch.refresh_index()
    return time.perf_counter() - began


def _chunk(run_id: int, citizen_ids: list[int]) -> tuple[int, int, float]:
    """Rank a chunk; returns how many, this process' id and its peak RSS so far (MB)."""
    assert _context is not None
    done = rerank_chunk(_context.batch, run_id=run_id, citizen_ids=citizen_ids)
    return done, os.getpid(), peak_rss_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workplaces", type=int, default=100_000)
    parser.add_argument("--citizens", type=int, default=50_000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--runs", type=int, choices=(1, 2), default=2)
    parser.add_argument("--geography", choices=sorted(GEOGRAPHIES), default="copenhagen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="matcher-rerank-") as tmp:
        directory = Path(tmp)
        steps = prepare(directory, args.workplaces, args.citizens, args.geography)
        print(
            f"{args.workplaces:,} workplaces, {args.citizens:,} citizens; generate "
            f"{steps['generate_s']:.1f} s, import {steps['import_s']:.1f} s",
            flush=True,
        )
        context = create_context(_settings(directory))
        rows = _function_rows(context)
        pairs = args.citizens * rows
        # Spawned, not forked: a worker starts as a Celery worker does, without the pages of
        # this process (which has just imported the data), so its memory is its own.
        with ProcessPoolExecutor(
            args.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open,
            initargs=(str(directory),),
        ) as pool:
            # The first run includes each process building its index (a worker starting);
            # the second reuses the processes, as a running worker does the next night, and
            # compares every citizen's ranking with the first run's.
            labels = ("first run, index build included", "second run, diff with the first")
            for label in labels[: args.runs]:
                began = time.perf_counter()
                with context.sessions() as session:
                    run_id = create_run(session, trigger="benchmark")
                    chunks = list(chunks_to_send(session, run_id=run_id, size=args.chunk))
                    session.commit()
                answers = list(pool.map(_chunk, [run_id] * len(chunks), chunks))
                done = sum(count for count, _, _ in answers)
                peaks = {pid: peak for _, pid, peak in sorted(answers, key=lambda a: a[2])}
                finish_progress(context.sessions, run_id=run_id)
                seconds = time.perf_counter() - began
                with context.sessions() as session:
                    run = reranks.get_run(session, run_id=run_id)
                    assert run is not None
                    status, snapshots = run.status, run.done
                print(
                    f"{label}: {status}, {snapshots:,} snapshots ({done:,} by the workers), "
                    f"{args.processes} processes, chunks of {args.chunk}",
                    flush=True,
                )
                print(
                    f"  total {seconds:.1f} s, {args.citizens / seconds:,.0f} citizens/s, "
                    f"{seconds * 1e9 / pairs:.1f} ns per citizen-function pair "
                    f"({rows:,} functions)",
                    flush=True,
                )
                print(
                    "  peak RSS per worker process: "
                    + ", ".join(f"{peak:,.0f} MB" for peak in peaks.values()),
                    flush=True,
                )
        context.close()


def _function_rows(context: AppContext) -> int:
    with context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(FunctionRow)) or 0)


if __name__ == "__main__":
    main()
