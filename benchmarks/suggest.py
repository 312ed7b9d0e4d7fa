"""Suggestion latency, index build time and peak memory at 10k and 100k workplaces.

    python -m benchmarks.suggest [--sizes 10000 100000] [--queries 500] [--http-queries 300]

For each size: seeded workplaces and citizens are generated and imported into a fresh SQLite
store; a separate process then builds the embedded index from the store (its time and peak
resident memory are the build figures) and answers suggestion requests in-process for citizens
of the store (median and p95 of the whole request: profile -> query -> index -> response
model), once as consultants get it (with up to 5 near matches, near_limit 5) and once for the
suggestions alone (near_limit 0), alternating. At the largest size the same requests are also
sent over HTTP to `matcher serve`, both ways.
Prints figures; asserts nothing.
"""

import argparse
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.balance import service as balance
from api.citizens import transfer as transfer_citizens
from api.composition import demo
from api.composition.context import AppContext
from api.composition.demo import DEMO_USERS
from api.composition.settings import Settings
from api.composition.wiring import create_context
from api.workplaces import transfer as transfer_workplaces
from benchmarks.memory import peak_rss_mb
from fixtures.generate import generate_citizens, generate_workplaces
from fixtures.geography import GEOGRAPHIES
from store.models import FunctionRow

SEED = 11
WAYS = {
    "near": "with near matches (near_limit 5)",
    "alone": "suggestions alone (near_limit 0)",
    "learned": "with near matches, ordered by a learned model (after the others)",
}


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _settings(directory: Path) -> Settings:
    return Settings(data_dir=directory, today=None)


def prepare(
    directory: Path, workplaces: int, citizens: int, geography: str = "copenhagen"
) -> dict[str, float]:
    """Generate and import the data (placed by `geography`, fixtures.geography); returns how
    long each step took."""
    context = create_context(_settings(directory))
    started = time.perf_counter()
    placed = GEOGRAPHIES[geography]
    workplace_lines = [
        json.dumps(w, ensure_ascii=False)
        for w in generate_workplaces(workplaces, seed=SEED, geography=placed)
    ]
    citizen_lines = [
        json.dumps(c, ensure_ascii=False)
        for c in generate_citizens(
            citizens, seed=SEED, workplace_ids=range(1, workplaces + 1), geography=placed
        )
    ]
    generated = time.perf_counter()
    with (demo.DATA_DIR / "balance.csv").open() as handle:
        balance.import_balance(context, handle)
    transfer_workplaces.import_workplaces(context, workplace_lines)
    transfer_citizens.import_citizens(context, citizen_lines)
    demo.load_demo_users(context)  # the HTTP requests sign in as the teams' consultants
    imported = time.perf_counter()
    context.close()
    return {"generate_s": generated - started, "import_s": imported - generated}


class _OtherBuilders(logging.Handler):
    """The peak memory of each process that built a range of the index for this one (as
    indexer.from_store logs it)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.peaks: list[float] = []
        self.logger = logging.getLogger("indexer.from_store")
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, tuple) and len(record.args) == 3:
            self.peaks.append(float(record.args[2]))  # type: ignore[arg-type]

    def close(self) -> None:
        self.logger.removeHandler(self)
        super().close()


def worker(directory: Path, queries: int) -> None:
    """In a fresh process: build the index from the store, then time in-process requests."""
    from api.citizens import service as citizens
    from api.suggestions.schemas import FiltersIn
    from api.suggestions.service import suggest
    from store import citizens as citizen_repository

    context = create_context(_settings(directory), migrate=False)
    others = _OtherBuilders()
    started = time.perf_counter()
    indexed = context.freshness.rebuild()
    build_s = time.perf_counter() - started
    build_peak_mb = peak_rss_mb()
    others.close()
    with context.sessions() as session:
        profiles = [citizens.profile_of(row) for row in citizen_repository.iter_all(session)]
    profiles = profiles[:queries]
    ways = {"near": FiltersIn(near_limit=5), "alone": FiltersIn(near_limit=0)}
    # One session for the run, as a request has one (the contacts are read through it).
    session = context.sessions()
    suggest(context, session, profile=profiles[0], filters=ways["near"])  # warm caches once
    timings: dict[str, list[float]] = {way: [] for way in ways}
    counts, near = [], []
    for profile in profiles:
        for way, filters in ways.items():
            began = time.perf_counter()
            result = suggest(context, session, profile=profile, filters=filters)
            timings[way].append((time.perf_counter() - began) * 1000)
            if way == "near":
                counts.append(result.total)
                near.append(len(result.near_matches))
    timings["learned"] = _learned(context, session, profiles, ways["near"])
    figures: dict[str, float] = {
        "indexed_workplaces": indexed,
        "function_rows": _function_rows(session),
        "build_s": build_s,
        "build_peak_rss_mb": build_peak_mb,
        "build_other_peaks_mb": others.peaks,  # type: ignore[dict-item]
        "queries": len(profiles),
        "mean_suggestions": statistics.mean(counts),
        "mean_near_matches": statistics.mean(near),
        "peak_rss_mb": peak_rss_mb(),
    }
    for way, values in timings.items():
        figures |= {
            f"{way}_median_ms": statistics.median(values),
            f"{way}_p95_ms": _percentile(values, 0.95),
            f"{way}_max_ms": max(values),
        }
    print(json.dumps(figures))
    context.close()


def _function_rows(session: Session) -> int:
    """The functions in the store (each is one row of the index)."""
    return int(session.scalar(select(func.count()).select_from(FunctionRow)) or 0)


def _learned(
    context: AppContext, session: Session, profiles: list[Any], filters: Any
) -> list[float]:
    """The requests with near matches again, ordered by a learned model (trained on a
    simulated history and activated in the store, as `matcher train` would): what ordering by
    a model adds. Run after the others, not alternating with them."""
    from api.suggestions.service import suggest
    from fixtures.outcomes import simulate
    from matcher.learning.model import train
    from store import learning

    history = simulate(workplaces=600, citizens=500, contacts=12).history
    model = train(history.features, history.good)
    with context.sessions.begin() as writing:
        row = learning.add_model(
            writing,
            by="benchmark",
            trained_on=len(history),
            tested_on=0,
            windows={},
            parameters=model.to_json(),
            refused=[],
        )
        learning.activate(writing, row=row, by="benchmark")
        model_id = row.id
    context.matching.forget_model()
    suggest(context, session, profile=profiles[0], filters=filters)  # the model read once
    timings = []
    for profile in profiles:
        began = time.perf_counter()
        suggest(context, session, profile=profile, filters=filters)
        timings.append((time.perf_counter() - began) * 1000)
    with context.sessions.begin() as writing:  # the HTTP figures are the hand weights'
        active = learning.get(writing, model_id=model_id)
        assert active is not None
        learning.retire(writing, row=active)
    return timings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _teams(directory: Path, count: int) -> list[tuple[int, str]]:
    """The first citizens' ids, each with the consultants' team that follows them."""
    from store.models import CitizenRow

    context = create_context(_settings(directory), migrate=False)
    with context.sessions() as session:
        rows = session.query(CitizenRow.id, CitizenRow.team).order_by(CitizenRow.id).limit(count)
        found = [(citizen_id, team) for citizen_id, team in rows]
    context.close()
    return found


def wait_until_serving(
    client: httpx.Client, server: "subprocess.Popen[bytes]", *, seconds: float
) -> None:
    """Poll /health until the server answers 200; fail if it exits or the time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError("the server did not start")
        time.sleep(0.5)


def consultant_tokens(client: httpx.Client) -> dict[str, str]:
    """Each team's demo consultant, signed in: team -> access token."""
    tokens = {}
    for username, role, team, password in DEMO_USERS:
        if role == "consultant":
            answer = client.post("/auth/token", data={"username": username, "password": password})
            tokens[team] = answer.json()["access_token"]
    return tokens


def http(directory: Path, queries: int) -> dict[str, dict[str, float]]:
    """Start `matcher serve` on the store and time GET /citizens/{id}/suggestions, each as a
    consultant of the citizen's team (signed in once; the per-user rate limit is lifted, as
    this measures latency, not the limiter)."""
    port = _free_port()
    env = {
        **os.environ,
        "MATCHER_DATA_DIR": str(directory),
        "MATCHER_SUGGESTION_RATE_PER_MINUTE": "1000000",
    }
    citizens = _teams(directory, queries)
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            wait_until_serving(client, server, seconds=300)
            headers = {
                team: {"Authorization": f"Bearer {token}"}
                for team, token in consultant_tokens(client).items()
            }
            ways = {
                "near": {"purpose": "matching", "near_limit": 5},
                "alone": {"purpose": "matching", "near_limit": 0},
            }
            first = ways["near"]
            client.get("/citizens/1/suggestions", params=first, headers=headers[citizens[0][1]])
            timings: dict[str, list[float]] = {way: [] for way in ways}
            for citizen_id, team in citizens:
                for way, asked in ways.items():
                    began = time.perf_counter()
                    response = client.get(
                        f"/citizens/{citizen_id}/suggestions", params=asked, headers=headers[team]
                    )
                    timings[way].append((time.perf_counter() - began) * 1000)
                    response.raise_for_status()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        way: {
            "queries": len(values),
            "median_ms": statistics.median(values),
            "p95_ms": _percentile(values, 0.95),
        }
        for way, values in timings.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--citizens", type=int, default=2_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--http-queries", type=int, default=300, help="requests over HTTP each way (0: none)"
    )
    parser.add_argument("--geography", choices=sorted(GEOGRAPHIES), default="copenhagen")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep the generated store here (one size only) and use it again on the next run",
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.queries)
        return
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if args.data_dir is not None and len(args.sizes) != 1:
        parser.error("--data-dir: give one size (--sizes N)")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="matcher-bench-") as tmp:
            directory = args.data_dir or Path(tmp)
            steps = {"generate_s": float("nan"), "import_s": float("nan")}  # kept from before
            if not (directory / "matcher.sqlite3").exists():
                directory.mkdir(parents=True, exist_ok=True)
                steps = prepare(directory, size, args.citizens, args.geography)
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.suggest",
                    "--worker",
                    str(directory),
                    "--queries",
                    str(args.queries),
                ],
                check=False,
                capture_output=True,
                text=True,
            )
            if done.returncode:
                sys.exit(f"the worker failed:\n{done.stderr}")
            output = done.stdout
            figures = json.loads(output.strip().splitlines()[-1])
            print(
                f"\n== {size:,} workplaces ({figures['function_rows']:,} functions), "
                f"{args.citizens:,} citizens =="
            )
            if steps["generate_s"] == steps["generate_s"]:  # not NaN: generated in this run
                print(
                    f"generate {steps['generate_s']:.1f} s, import into SQLite "
                    f"{steps['import_s']:.1f} s"
                )
            else:
                print(f"the store in {directory} from an earlier run")
            print(
                f"index build from the store: {figures['build_s']:.2f} s, "
                f"peak RSS of that process {figures['build_peak_rss_mb']:.0f} MB"
                + "".join(
                    f", of the process that built another range {mb:.0f} MB"
                    for mb in figures["build_other_peaks_mb"]
                )
            )
            print(
                f"in-process suggestion request ({figures['queries']:.0f} citizens, limit 20, "
                f"mean {figures['mean_suggestions']:.1f} suggestions, "
                f"{figures['mean_near_matches']:.1f} near matches); "
                f"peak RSS {figures['peak_rss_mb']:.0f} MB"
            )
            for way, label in WAYS.items():
                print(
                    f"  {label}: median {figures[f'{way}_median_ms']:.2f} ms, "
                    f"p95 {figures[f'{way}_p95_ms']:.2f} ms, max {figures[f'{way}_max_ms']:.2f} ms"
                )
            if size == max(args.sizes) and args.http_queries > 0:
                results = http(directory, args.http_queries)
                print(
                    f"HTTP GET /citizens/{{id}}/suggestions ({results['near']['queries']:.0f} "
                    "sequential requests each way, one uvicorn process):"
                )
                for way, result in results.items():
                    label = WAYS[way]
                    print(
                        f"  {label}: median {result['median_ms']:.2f} ms, "
                        f"p95 {result['p95_ms']:.2f} ms"
                    )


if __name__ == "__main__":
    main()
