"""Every benchmark `make bench` runs (the 1M ones included) starts: it imports and reads its
options. Benchmarks print figures and assert nothing, so nothing else would notice one that
no longer imports (benchmarks.opensearch and .allocation did not, after the generator's
geography moved, until `make bench` ran)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _benchmarks() -> list[str]:
    """The benchmarks `make bench BENCH_1M=1` would run, from make's own dry run."""
    planned = subprocess.run(
        ["make", "--dry-run", "--always-make", "bench", "BENCH_1M=1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(set(re.findall(r"/python -m (benchmarks\.\w+)", planned)))


def test_make_bench_runs_the_benchmarks_it_should() -> None:
    assert {"benchmarks.suggest", "benchmarks.opensearch", "benchmarks.throughput"} <= set(
        _benchmarks()
    )


@pytest.mark.parametrize("module", _benchmarks())
def test_each_benchmark_of_make_bench_starts(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout
