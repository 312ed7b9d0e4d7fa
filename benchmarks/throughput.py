"""HTTP throughput of the suggestion request at concurrency 16, one serving process against
`matcher serve --workers N`, with the audit write kept.

    python -m benchmarks.throughput [--size 100000] [--workers 1 2] [--concurrency 16]
                                    [--seconds 20] [--baseline CHECKOUT] [--data-dir DIR]

Seeded workplaces and citizens are imported into a fresh SQLite store (as benchmarks.suggest
does); then, for each way of serving, the server is started on it and a load generator keeps
`--concurrency` keep-alive connections busy with GET /citizens/{id}/suggestions (purpose
matching, near matches on, each as a consultant of the citizen's team) for `--seconds` after
a warm-up. The load generator is a small asyncio HTTP/1.1 client in this process, so it takes
little of the machine's CPU from the server it measures (it runs on the same cores).

With `--baseline DIR` a checkout of an earlier commit serves the same data first, as one
process (started from DIR, with this Python environment): today's figure in the same run.

Prints requests/s, median and p95 latency, the audit entries the run added (one per request,
warm-up included: the audit write is kept), peak resident memory of every serving process,
the memory of the serving processes together at the end (the sum of their PSS, which counts
the pages of the shared snapshot once), and the ratio of each way to the first one measured
in the same run. Asserts nothing.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from api.composition.wiring import create_context
from benchmarks.memory import peak_rss_mb, pss_mb
from benchmarks.suggest import (
    _free_port,
    _percentile,
    _settings,
    _teams,
    consultant_tokens,
    prepare,
    wait_until_serving,
)
from fixtures.geography import GEOGRAPHIES
from store.models import AuditRow

ROUTE = "/citizens/{id}/suggestions?purpose=matching&near_limit=5"


def _audit_count(directory: Path) -> int:
    context = create_context(_settings(directory), migrate=False)
    with context.sessions() as session:
        count = int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)
    context.close()
    return count


def _processes(pid: int) -> list[int]:
    """The server's process and its children (the workers of `--workers N`)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(child) for child in children]
    return found


class Load:
    """Keep-alive connections, each sending the next request as soon as its answer is read."""

    def __init__(self, port: int, requests: list[bytes]) -> None:
        self.port = port
        self.requests = requests
        self.latencies: list[float] = []
        self.failures = 0
        self.measuring = False
        self.stopping = False

    async def connection(self, offset: int, *, once: bool = False) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        position = offset
        try:
            while not self.stopping and (not once or position == offset):
                request = self.requests[position % len(self.requests)]
                position += 1
                began = time.perf_counter()
                writer.write(request)
                status = await self._response(reader)
                if self.measuring:
                    self.latencies.append((time.perf_counter() - began) * 1000)
                    self.failures += status != 200
        finally:
            writer.close()

    @staticmethod
    async def _response(reader: asyncio.StreamReader) -> int:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        return status

    async def run(self, concurrency: int, warmup: float, seconds: float) -> float:
        await self.connection(0, once=True)  # alone first: what a process does once is done
        tasks = [asyncio.create_task(self.connection(i * 7919)) for i in range(concurrency)]
        await asyncio.sleep(warmup)
        self.measuring = True
        began = time.perf_counter()
        await asyncio.sleep(seconds)
        self.measuring = False
        elapsed = time.perf_counter() - began
        self.stopping = True
        await asyncio.gather(*tasks)
        return elapsed


def _requests(port: int, directory: Path, tokens: dict[str, str], count: int) -> list[bytes]:
    return [
        (
            f"GET {ROUTE.format(id=citizen_id)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {tokens[team]}\r\n\r\n"
        ).encode()
        for citizen_id, team in _teams(directory, count)
    ]


def _start(
    directory: Path, workers: int, port: int, checkout: Path | None = None
) -> tuple[subprocess.Popen[bytes], dict]:
    """`matcher serve` on the data, from this checkout or (the baseline) another one."""
    env = {
        **os.environ,
        "MATCHER_DATA_DIR": str(directory),
        # The per-user limit would cap this at a few requests a minute per consultant: it is
        # lifted, as this measures the server, not the limiter.
        "MATCHER_SUGGESTION_RATE_PER_MINUTE": "100000000",
    }
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
    command += ["--log-level", "warning"]
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
        # Before a79e49a a request held its session's connection while the learned-model
        # check took a second one: at concurrency 16 the pool ran dry and every request
        # waited out the pool's timeout. The check is put off for a day, so the baseline
        # measures its serving, not that deadlock.
        env["MATCHER_MODEL_CHECK_S"] = "86400"
    else:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=env, cwd=checkout)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        wait_until_serving(client, server, seconds=600)
        return server, consultant_tokens(client)


def measure(
    directory: Path, workers: int, args: argparse.Namespace, checkout: Path | None = None
) -> dict[str, float]:
    port = _free_port()
    server, tokens = _start(directory, workers, port, checkout)
    try:
        if workers > 1:  # every worker answers before the clock starts
            time.sleep(2)
        audited = _audit_count(directory)
        load = Load(port, _requests(port, directory, tokens, args.citizens))
        elapsed = asyncio.run(load.run(args.concurrency, args.warmup, args.seconds))
        serving = _processes(server.pid)
        peaks = [peak_rss_mb(pid) for pid in serving]
        together = sum(pss_mb(pid) for pid in serving)
    finally:
        server.terminate()
        server.wait(timeout=60)
    served = len(load.latencies)
    if not served:
        raise RuntimeError(f"no request was answered within {args.seconds} s")
    return {
        "requests": served,
        "failures": load.failures,
        "per_s": served / elapsed,
        "median_ms": statistics.median(load.latencies),
        "p95_ms": _percentile(load.latencies, 0.95),
        "audit_added": _audit_count(directory) - audited,
        "peaks": peaks,  # type: ignore[dict-item]
        "together_mb": together,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--citizens", type=int, default=2_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--geography", choices=sorted(GEOGRAPHIES), default="copenhagen")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of an earlier commit (git worktree add DIR REV): measured first, as "
        "one process on the same data, so the others' ratios are to it",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep the generated store here and use it again on the next run of the same size",
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="matcher-bench-") as tmp:
        directory = args.data_dir or Path(tmp)
        if not (directory / "matcher.sqlite3").exists():
            directory.mkdir(parents=True, exist_ok=True)
            prepare(directory, args.size, args.citizens, args.geography)
        print(
            f"\n== HTTP throughput at {args.size:,} workplaces, concurrency {args.concurrency}, "
            f"{args.seconds:.0f} s each after {args.warmup:.0f} s warm-up =="
        )
        ways: list[tuple[str, int, Path | None]] = []
        if args.baseline is not None:
            ways.append((f"baseline {args.baseline}, one process", 1, args.baseline))
        ways += [(f"--workers {workers}", workers, None) for workers in args.workers]
        first: float | None = None
        for name, workers, checkout in ways:
            figures = measure(directory, workers, args, checkout)
            first = first or figures["per_s"]
            peaks = ", ".join(f"{mb:.0f}" for mb in figures["peaks"])  # type: ignore[attr-defined]
            print(
                f"{name}: {figures['per_s']:.0f} requests/s "
                f"({figures['per_s'] / first:.2f}x the first), "
                f"median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
                f"{figures['requests']:.0f} requests, {figures['failures']:.0f} failed, "
                f"{figures['audit_added']:.0f} audit entries added; "
                f"peak RSS per process (supervisor first) {peaks} MB; "
                f"together now (PSS) {figures['together_mb']:,.0f} MB"
            )


if __name__ == "__main__":
    main()
